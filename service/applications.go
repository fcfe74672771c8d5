package service

import (
	"encoding/json"

	"kabinet/api"
	"kabinet/service/store"
)

// apiApplication is the wire form of a, with its history (oldest first).
// The document is parsed back from the stored signed bytes. The staff
// handlers use it too.
func apiApplication(a store.Application, history []store.StatusChange) api.Application {
	out := api.Application{
		ID: a.ID, Number: a.Number, Type: a.Type, Status: a.Status,
		CreatedAt: a.CreatedAt.UTC(), UpdatedAt: a.UpdatedAt.UTC(),
		Signer: api.Signer{Name: a.Signer.Name, IIN: a.Signer.IIN, Serial: a.Signer.Serial,
			Issuer: a.Signer.Issuer, NotAfter: a.Signer.NotAfter.UTC(), SignedDigest: a.DocumentSHA256},
		History:    make([]api.StatusChange, 0, len(history)),
		Cancelable: a.Type == api.AppPortfolioManager && store.CanMove(a.Status, api.StatusCanceled),
	}
	json.Unmarshal(a.Document, &out.Document) // checked when submitted
	for _, c := range history {
		out.History = append(out.History, api.StatusChange{Status: c.Status, At: c.At.UTC(), Actor: c.Actor,
			ActorName: c.ActorName, Reason: c.Reason, ReasonCode: c.ReasonCode})
	}
	return out
}
