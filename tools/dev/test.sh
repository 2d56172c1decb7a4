#!/usr/bin/env bash
# npm test: lint, build and test every project against real infrastructure (nats-server and a
# MongoDB-wire database started by the jest global setup of libs/testing).
# Ends with a plain summary line "tests: N passed, N failed, N skipped"; exits non-zero on any
# failed target.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

if [[ ! -d node_modules ]]; then
  echo "node_modules is missing: running npm ci..."
  bash tools/dev/npm-ci.sh
fi

# The harness needs nats-server and (without a mongod on PATH) FerretDB, and the reflection
# tests grpcurl; Jaeger is not needed.
missing=()
for bin in ferretdb nats-server grpcurl; do [[ -x ".bin/$bin" ]] || missing+=("$bin"); done
if ((${#missing[@]})); then
  bash tools/infra/build.sh --only ferretdb,nats-server,grpcurl
fi

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
started=$SECONDS
set +e
npx nx run-many -t lint build test --output-style=stream 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# Add up jest's "Tests: 1 failed, 2 skipped, 10 passed, 13 total" lines (cached tasks replay theirs).
# ANSI colour codes are stripped first.
read -r passed failed skipped < <(
  sed 's/\x1b\[[0-9;]*m//g' "$log" | awk '
    /Tests:[ \t]+[0-9]/ {
      line = $0; sub(/.*Tests:[ \t]+/, "", line)
      n = split(line, parts, /,[ \t]*/)
      for (i = 1; i <= n; i++) {
        split(parts[i], kv, /[ \t]+/)
        if (kv[2] == "passed") p += kv[1]
        else if (kv[2] == "failed") f += kv[1]
        else if (kv[2] == "skipped" || kv[2] == "todo") s += kv[1]
      }
    }
    END { printf "%d %d %d\n", p, f, s }'
)

echo
if ((status != 0)); then
  echo "npm test: FAILED after $((SECONDS - started))s (nx exit status $status; the failed targets are listed above)"
else
  echo "npm test: all lint, build and test targets passed in $((SECONDS - started))s"
fi
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit "$status"
