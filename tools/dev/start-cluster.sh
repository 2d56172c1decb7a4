#!/usr/bin/env bash
# npm run start:cluster: The Eye replicated on this machine, in the foreground, like npm start:
#
#   - three nats-server nodes forming a JetStream cluster (`eye`), data in .data/cluster/n1..n3;
#   - the stream with 3 replicas and EYE_PARTITIONS partitions (default 4 here);
#   - the database (as npm start: reused, mongod, or FerretDB on PostgreSQL or SQLite), database
#     `eye_cluster`; Jaeger (reused, started, or built in the background);
#   - two ingest processes, two validators (both consuming every partition), query;
#   - the gateway on EYE_HTTP_PORT (8000) with EYE_GATEWAY_WORKERS workers (default one per core),
#     spreading its gRPC calls over both ingest processes (round robin).
#
#   npm run start:cluster                  # builds what is missing, then runs everything
#   npm run start:cluster -- --no-build    # run dist/apps/* as they are
#
# Every other port is EYE_CLUSTER_PORT_BASE (default 14220) plus an offset: NATS clients +1..+3,
# routes +11..+13, monitoring +21..+23; ingest gRPC +31, +32; query gRPC +33; ops (/metrics,
# /readyz) ingest +41, +42, validators +43, +44, query +45. Port 4222 (the machine's own NATS)
# is never used. SIGTERM or SIGINT (Ctrl-C) to npm, to this script or to the whole group stops
# everything it started.
set -euo pipefail
# shellcheck source=tools/infra/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../infra/lib.sh"
# shellcheck source=tools/dev/stack.sh
source "$(dirname "${BASH_SOURCE[0]}")/stack.sh"
cd "$EYE_ROOT"

build=true
for arg in "$@"; do
  case "$arg" in
    --no-build) build=false ;;
    -h | --help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) eye_die "unknown argument: $arg (try --help)" ;;
  esac
done

dev_install_traps
dev_ensure_node_modules

base="${EYE_CLUSTER_PORT_BASE:-14220}"
[[ "$base" =~ ^[0-9]+$ ]] && ((base >= 1024 && base + 45 <= 65535)) || eye_die "EYE_CLUSTER_PORT_BASE must be a port from 1024 to 65490"
http_port="${EYE_HTTP_PORT:-8000}"
nodes=(n1 n2 n3)
nats_urls="nats://127.0.0.1:$((base + 1)),nats://127.0.0.1:$((base + 2)),nats://127.0.0.1:$((base + 3))"
ingest_addrs=("127.0.0.1:$((base + 31))" "127.0.0.1:$((base + 32))")
query_addr="127.0.0.1:$((base + 33))"
checks=(gateway 127.0.0.1 "$http_port")
for offset in 1 2 3 11 12 13 21 22 23 31 32 33 41 42 43 44 45; do checks+=("cluster port base+$offset" 127.0.0.1 $((base + offset))); done
dev_check_free "${checks[@]}"

dev_announce_database "mongodb://127.0.0.1:27017/eye_cluster"
read -r mongo_host mongo_port < <(eye_url_hostport "${EYE_MONGO_URL:-mongodb://127.0.0.1:27017/eye_cluster}" 27017)
binaries=(nats-server)
if ! eye_port_open "$mongo_host" "$mongo_port" && ! command -v mongod >/dev/null 2>&1; then binaries+=(ferretdb); fi
dev_build "$(IFS=,; echo "${binaries[*]}")" "$build"

# --- infrastructure -----------------------------------------------------------------------------
eye_say "starting a 3-node JetStream cluster on 127.0.0.1:$((base + 1))-$((base + 3)) (data in ${EYE_DATA#"$EYE_ROOT"/}/cluster)..."
for index in 0 1 2; do
  others=()
  for other in 0 1 2; do ((other != index)) && others+=($((base + 11 + other))); done
  eye_start_nats_node "${nodes[index]}" $((base + 1 + index)) $((base + 11 + index)) $((base + 21 + index)) "$(IFS=,; echo "${others[*]}")"
  dev_record_infra "nats-${nodes[index]}"
done
dev_start_database "mongodb://127.0.0.1:27017/eye_cluster"
dev_start_jaeger

# --- the services -------------------------------------------------------------------------------
export EYE_NATS_URL="$nats_urls"
export EYE_STREAM_REPLICAS="${EYE_STREAM_REPLICAS:-3}"
export EYE_PARTITIONS="${EYE_PARTITIONS:-4}"
export EYE_LOG_PRETTY=true
if [[ "$DEV_JAEGER_NOTE" == off* ]]; then
  export OTEL_SDK_DISABLED="${OTEL_SDK_DISABLED:-true}"
else
  export OTEL_EXPORTER_OTLP_ENDPOINT="${OTEL_EXPORTER_OTLP_ENDPOINT:-http://127.0.0.1:4318}"
fi
[[ -t 1 ]] && export FORCE_COLOR="${FORCE_COLOR:-1}"

dev_spawn_service ingest-1 ingest "EYE_INGEST_ADDR=${ingest_addrs[0]}" "EYE_METRICS_PORT=$((base + 41))"
dev_spawn_service ingest-2 ingest "EYE_INGEST_ADDR=${ingest_addrs[1]}" "EYE_METRICS_PORT=$((base + 42))"
dev_spawn_service query query "EYE_QUERY_ADDR=$query_addr" "EYE_METRICS_PORT=$((base + 45))"
dev_spawn_service validator-1 validator "EYE_METRICS_PORT=$((base + 43))"
dev_spawn_service validator-2 validator "EYE_METRICS_PORT=$((base + 44))"
dev_spawn_service gateway gateway "EYE_HTTP_PORT=$http_port" "EYE_INGEST_ADDR=$(IFS=,; echo "${ingest_addrs[*]}")" "EYE_QUERY_ADDR=$query_addr"

ready=false
dev_wait_ready "$http_port" 90 && ready=true

eye_say ""
eye_say "The Eye (cluster) is $([[ $ready == true ]] && echo running || echo 'starting (gateway /readyz is not 200 yet)'):"
eye_say "  gateway     http://127.0.0.1:$http_port   (${EYE_GATEWAY_WORKERS:-$(node -p "require('os').availableParallelism()")} workers)"
eye_say "  ingest      ${ingest_addrs[*]} (ops :$((base + 41)), :$((base + 42)))"
eye_say "  validators  ops :$((base + 43)), :$((base + 44)); query $query_addr (ops :$((base + 45)))"
eye_say "  NATS        $nats_urls (monitoring :$((base + 21))-$((base + 23))); stream replicas $EYE_STREAM_REPLICAS, partitions $EYE_PARTITIONS"
eye_say "  MongoDB     $EYE_MONGO_URL ($DEV_DB_NOTE)"
eye_say "  Jaeger UI   http://127.0.0.1:16686 ($DEV_JAEGER_NOTE)"
eye_say "  a token:    EYE_MONGO_URL='$EYE_MONGO_URL' npm run eye -- apps create my-app --scopes ingest,query"
eye_say "Ctrl-C stops everything this script started."
eye_say ""
dev_foreground
