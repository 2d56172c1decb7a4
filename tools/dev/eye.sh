#!/usr/bin/env bash
# npm run eye -- <command>: the operator CLI (apps create|list|revoke, ...).
# Builds dist/apps/cli/main.js first when it is missing or older than its sources (quietly; the
# Nx cache makes that fast), then runs it with the arguments given. Progress goes to stderr so
# stdout stays the CLI's own (`--json` prints its object on the last stdout line).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
MAIN="$ROOT/dist/apps/cli/main.js"

stale() {
  [[ -f "$MAIN" ]] || return 0
  local newer
  newer="$(cd "$ROOT" && find apps/cli libs proto package-lock.json tsconfig.base.json \
    -newer "$MAIN" -type f -not -path '*/node_modules/*' -not -path 'libs/contracts/src/gen/*' \
    -print -quit 2>/dev/null)"
  [[ -n "$newer" ]]
}

if [[ ! -d "$ROOT/node_modules" ]]; then
  echo "node_modules is missing: running npm ci..." >&2
  bash "$ROOT/tools/dev/npm-ci.sh" >&2
fi

if stale; then
  log="$(mktemp)"
  trap 'rm -f "$log"' EXIT
  echo "building the CLI..." >&2
  if ! (cd "$ROOT" && npx nx build cli --output-style=stream) >"$log" 2>&1; then
    cat "$log" >&2
    echo "error: building the CLI failed (npx nx build cli)" >&2
    exit 1
  fi
  # Nx restores a cached main.js with its old mtime; mark it as built now.
  touch "$MAIN"
fi

exec node --enable-source-maps "$MAIN" "$@"
