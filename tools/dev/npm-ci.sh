#!/usr/bin/env bash
# Installs node_modules exactly as package-lock.json says: `npm ci`.
#
# The npm registry reachable from our machines serves only the linux-x64 build of packages with
# per-platform optional dependencies (e.g. @bufbuild/buf-darwin-arm64 is a 404), so npm leaves
# those out of a lock file made here and `npm ci` then refuses it as out of sync. The lock file
# therefore carries hand-added entries for those platform packages (version, os, cpu; no
# tarball), which npm ci skips on linux-x64. After `npm install <pkg>`, check `npm ci` still
# accepts the lock file.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
# pipefail: the pipeline fails when npm ci does; the filter only hides engine warnings.
npm ci --no-audit --no-fund "$@" 2>&1 | { grep -v '^npm warn EBADENGINE' || true; }
