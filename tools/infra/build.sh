#!/usr/bin/env bash
# Builds the infrastructure binaries the dev stack and the tests run (FerretDB, nats-server,
# Jaeger, and grpcurl, the reflection client the tests call the gRPC services with) into .bin/
# from the Go modules pinned in tools/go/<name>/go.mod.
#
#   bash tools/infra/build.sh                        # all four
#   bash tools/infra/build.sh --only ferretdb,nats-server,grpcurl
#   bash tools/infra/build.sh --force                # rebuild even when up to date
#
# A binary is rebuilt only when it is missing or the version pinned in go.mod changed; the
# version each binary was built from is kept in .bin/<name>.version.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BIN="$ROOT/.bin"
ALL=(ferretdb nats-server jaeger grpcurl)

usage() {
  echo "usage: bash tools/infra/build.sh [--only ${ALL[*]// /,}] [--force]" >&2
}

selected=("${ALL[@]}")
force=false
while (($#)); do
  case "$1" in
    --only) [[ $# -ge 2 ]] || { usage; exit 2; }; IFS=',' read -r -a selected <<<"$2"; shift 2 ;;
    --only=*) IFS=',' read -r -a selected <<<"${1#--only=}"; shift ;;
    --force) force=true; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "build.sh: unknown argument: $1" >&2; usage; exit 2 ;;
  esac
done
for name in "${selected[@]}"; do
  [[ -d "$ROOT/tools/go/$name" ]] || { echo "build.sh: unknown binary '$name' (known: ${ALL[*]})" >&2; exit 2; }
done

if ! command -v go >/dev/null 2>&1; then
  cat >&2 <<'EOF'
error: `go` is not on PATH.
The Eye builds its infrastructure binaries (FerretDB, nats-server, Jaeger) from source with Go.
Install Go 1.26 or newer, make sure `go version` works, then run: npm run infra:build
EOF
  exit 1
fi

mkdir -p "$BIN"
# One build at a time (npm start and npm test may both get here on a fresh clone).
if command -v flock >/dev/null 2>&1; then
  exec 9>"$BIN/.build.lock"
  if ! flock -n 9; then
    echo "another infra build is running; waiting for it..."
    flock 9
  fi
fi

# The package named by the module's `tool` directive, e.g. github.com/FerretDB/FerretDB/cmd/ferretdb.
tool_package() {
  awk '$1 == "tool" && NF == 2 { print $2; exit }' "$1/go.mod"
}

# The required version of the module that provides the tool package (longest matching prefix).
tool_module_version() {
  local modfile="$1/go.mod" pkg="$2"
  awk -v pkg="$pkg" '
    /^require[ \t]*\(/ { block = 1; next }
    block && /^\)/ { block = 0; next }
    {
      line = $0
      sub(/^require[ \t]+/, "", line)
      if (!block && line == $0) next
      n = split(line, f, /[ \t]+/)
      i = (f[1] == "") ? 2 : 1
      mod = f[i]; ver = f[i + 1]
      if ((pkg == mod || index(pkg, mod "/") == 1) && length(mod) > best) { best = length(mod); found = mod " " ver }
    }
    END { if (found != "") print found }
  ' "$modfile"
}

# The version of `module` recorded in an existing binary's build info (empty if unknown).
binary_module_version() {
  go version -m "$1" 2>/dev/null | awk -v mod="$2" '($1 == "mod" || $1 == "dep") && $2 == mod { print $3; exit }'
}

build_one() {
  local name="$1" dir="$ROOT/tools/go/$1"
  local pkg module version out="$BIN/$name" stamp="$BIN/$name.version"
  pkg="$(tool_package "$dir")"
  [[ -n "$pkg" ]] || { echo "error: no tool directive in $dir/go.mod" >&2; return 1; }
  read -r module version < <(tool_module_version "$dir" "$pkg") || true
  [[ -n "${version:-}" ]] || { echo "error: no version of the module providing $pkg in $dir/go.mod" >&2; return 1; }

  if [[ "$force" == false && -x "$out" ]]; then
    if [[ -f "$stamp" && "$(cat "$stamp")" == "$version" ]]; then
      echo "$name $version is up to date (.bin/$name)"
      return 0
    fi
    # A binary built by hand without a stamp: trust its embedded build info if it matches.
    if [[ ! -f "$stamp" && "$(binary_module_version "$out" "$module")" == "$version" ]]; then
      echo "$version" >"$stamp"
      echo "$name $version is up to date (.bin/$name, stamp written)"
      return 0
    fi
  fi

  echo "building $name $version (first time takes a few minutes)..."
  local started=$SECONDS tmp="$out.tmp.$$"
  rm -f "$stamp"
  (
    cd "$dir"
    if [[ "$name" == ferretdb ]]; then
      # FerretDB reads build/version/version.txt through go:embed and panics when it is empty.
      # With Go 1.26 the tool build records FerretDB as the main module and the module zip lacks
      # that file, so vendor the module and write the version in before building.
      go mod vendor
      echo "$version" >"vendor/$module/build/version/version.txt"
      # -trimpath: without it the compile cache is keyed on this checkout's vendor/ path, so every
      # other clone or worktree compiles FerretDB from scratch although the Go build cache is warm.
      go build -buildvcs=false -trimpath -mod=vendor -o "$tmp" "$pkg"
    else
      go build -buildvcs=false -trimpath -o "$tmp" "$pkg"
    fi
  ) || { rm -f "$tmp"; echo "error: building $name $version failed (see the go output above)" >&2; return 1; }

  # A binary that cannot even print its version is not worth keeping (the FerretDB pitfall).
  local check=(--version)
  [[ "$name" == jaeger ]] && check=(version)
  if ! "$tmp" "${check[@]}" >/dev/null 2>&1; then
    "$tmp" "${check[@]}" 2>&1 | tail -n 5 >&2 || true
    rm -f "$tmp"
    echo "error: the freshly built $name does not run (\`$name ${check[*]}\` failed)" >&2
    return 1
  fi
  mv -f "$tmp" "$out"
  echo "$version" >"$stamp"
  echo "built .bin/$name $version in $((SECONDS - started))s"
}

for name in "${selected[@]}"; do
  build_one "$name"
done
