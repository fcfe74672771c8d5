#!/bin/sh
# Installs the pinned OpenAPI linter (@redocly/cli, see
# tools/openapi/package.json and its package-lock.json) into
# tools/openapi/node_modules (ignored by git) with `npm ci`, unless that
# exact lock file is installed already. Needs node >= 18.17 and npm
# (Debian 12's nodejs and npm packages do; scripts/test-deps.sh installs
# them). After this, `make lint` checks api/openapi.yaml offline.
set -eu
dir="$(cd "$(dirname "$0")/../tools/openapi" && pwd)"
stamp="$dir/node_modules/.kabinet-installed-lock.json"
if [ -x "$dir/node_modules/.bin/redocly" ] && cmp -s "$dir/package-lock.json" "$stamp"; then
	exit 0
fi
command -v npm >/dev/null 2>&1 || { echo "openapi-deps: npm is missing (apt-get install nodejs npm)" >&2; exit 1; }
echo "openapi-deps: npm ci in tools/openapi"
(cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
cp "$dir/package-lock.json" "$stamp"
