#!/usr/bin/env bash
# npm run bench [-- --quick] [-- --only single,batch]: builds the four services, the CLI (the harness creates applications with it) and the bench,
# then runs tools/bench (it starts its own nats-server, database and services on free ports).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
[[ -d node_modules ]] || bash tools/dev/npm-ci.sh >&2
[[ -x .bin/nats-server && -x .bin/ferretdb ]] || bash tools/infra/build.sh --only ferretdb,nats-server >&2
echo "building the services and the bench..." >&2
npx nx run-many -t build -p gateway ingest validator query cli bench --output-style=static >/dev/null
exec node --enable-source-maps dist/tools/bench/main.js "$@"
