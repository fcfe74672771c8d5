package api

import _ "embed"

// OpenAPI is api/openapi.yaml, the contract this package's types follow.
// Tests check every answer of the service against it (package apitest).
//
//go:embed openapi.yaml
var OpenAPI []byte

// ContractVersion is the version of this contract: info.version of
// api/openapi.yaml (TestOpenAPIVersion checks they are the same) and
// apiVersion in GET /api/v1/info. Raise it with every change of the
// contract.
const ContractVersion = "0.2.0"
