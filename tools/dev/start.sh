#!/usr/bin/env bash
# npm start: the whole of The Eye on this machine, in the foreground.
#
#   npm start                      # infrastructure (reused or started) + the four services
#   npm start -- --infra-only      # only NATS, the database and Jaeger
#   npm start -- --no-build        # run dist/apps/* as they are (skip the nx build)
#
# Reuses what already answers: NATS at EYE_NATS_URL (nats://127.0.0.1:4222), MongoDB at
# EYE_MONGO_URL (mongodb://127.0.0.1:27017/eye), Jaeger on 127.0.0.1:4318/16686. Starts what is
# missing from .bin/ (building it first): nats-server; mongod from PATH, else FerretDB on
# PostgreSQL when one answers (EYE_FERRETDB_POSTGRESQL_URL, else 127.0.0.1:5432), else on SQLite;
# Jaeger (built in the background on a first run: the services do not wait for it).
# SIGTERM or SIGINT (Ctrl-C) to npm, to this script or to the whole group stops the services
# and then whatever this script started (never what it reused).
#
# Environment: every EYE_* variable passes through to the services. EYE_NATS_SYNC_ALWAYS=true
# starts nats-server with sync_interval: always; EYE_DEV_JAEGER=false skips Jaeger (and tracing);
# EYE_FERRETDB_HANDLER=sqlite|postgresql forces FerretDB's backend; EYE_INGEST_METRICS_PORT,
# EYE_VALIDATOR_METRICS_PORT, EYE_QUERY_METRICS_PORT (9101-9103) move the ops ports;
# EYE_DEV_DATA_DIR moves .data/.
set -euo pipefail
# shellcheck source=tools/infra/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../infra/lib.sh"
# shellcheck source=tools/dev/stack.sh
source "$(dirname "${BASH_SOURCE[0]}")/stack.sh"
cd "$EYE_ROOT"

infra_only=false
build=true
for arg in "$@"; do
  case "$arg" in
    --infra-only) infra_only=true ;;
    --no-build) build=false ;;
    -h | --help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) eye_die "unknown argument: $arg (try --help)" ;;
  esac
done

dev_install_traps
dev_ensure_node_modules

export EYE_NATS_URL="${EYE_NATS_URL:-nats://127.0.0.1:4222}"
read -r nats_host nats_port < <(eye_url_hostport "$EYE_NATS_URL" 4222)
read -r mongo_host mongo_port < <(eye_url_hostport "${EYE_MONGO_URL:-mongodb://127.0.0.1:27017/eye}" 27017)

http_port="${EYE_HTTP_PORT:-8000}"
ingest_addr="${EYE_INGEST_ADDR:-127.0.0.1:50051}"
query_addr="${EYE_QUERY_ADDR:-127.0.0.1:50052}"
ingest_ops="${EYE_INGEST_METRICS_PORT:-9101}"
validator_ops="${EYE_VALIDATOR_METRICS_PORT:-9102}"
query_ops="${EYE_QUERY_METRICS_PORT:-9103}"
if [[ "$infra_only" == false ]]; then
  dev_check_free gateway 127.0.0.1 "$http_port" ingest "${ingest_addr%:*}" "${ingest_addr##*:}" \
    query "${query_addr%:*}" "${query_addr##*:}" "ingest ops" 127.0.0.1 "$ingest_ops" \
    "validator ops" 127.0.0.1 "$validator_ops" "query ops" 127.0.0.1 "$query_ops"
fi

# --- what has to be built ----------------------------------------------------------------------
need_nats=false
if ! eye_port_open "$nats_host" "$nats_port"; then
  eye_is_loopback "$nats_host" || eye_die "NATS at $EYE_NATS_URL does not answer (and is not on this machine)"
  need_nats=true
fi
dev_announce_database "mongodb://127.0.0.1:27017/eye"
to_build=()
[[ "$need_nats" == true ]] && to_build+=(nats-server)
if ! eye_port_open "$mongo_host" "$mongo_port" && ! command -v mongod >/dev/null 2>&1; then to_build+=(ferretdb); fi
# Jaeger is not waited for: dev_start_jaeger builds it in the background when it is missing.
dev_build "$(IFS=,; echo "${to_build[*]}")" "$([[ $infra_only == false && $build == true ]] && echo true || echo false)"

# --- infrastructure -----------------------------------------------------------------------------
nats_note="reused"
if [[ "$need_nats" == true ]]; then
  monitor=8222
  eye_port_open 127.0.0.1 8222 && monitor=""
  eye_say "starting nats-server on 127.0.0.1:$nats_port (JetStream, data in ${EYE_DATA#"$EYE_ROOT"/}/nats)..."
  eye_start_nats "$nats_port" "$monitor"
  dev_record_infra nats-server
  nats_note="started, log ${EYE_LOGS#"$EYE_ROOT"/}/nats-server.log"
  [[ "${EYE_NATS_SYNC_ALWAYS:-false}" == true ]] && nats_note+=", sync_interval: always"
elif [[ "${EYE_NATS_SYNC_ALWAYS:-false}" == true ]]; then
  eye_warn "EYE_NATS_SYNC_ALWAYS=true applies only to a nats-server this script starts, and" \
    "$nats_host:$nats_port is already running; use e.g. EYE_NATS_URL=nats://127.0.0.1:4223 to get one"
fi
dev_start_database "mongodb://127.0.0.1:27017/eye"
dev_start_jaeger

if [[ "$infra_only" == true ]]; then
  eye_say ""
  eye_say "infrastructure is up:"
  eye_say "  NATS       $EYE_NATS_URL ($nats_note)"
  eye_say "  MongoDB    $EYE_MONGO_URL ($DEV_DB_NOTE)"
  eye_say "  Jaeger UI  http://127.0.0.1:16686 ($DEV_JAEGER_NOTE)"
  eye_say "Ctrl-C stops what this script started."
  dev_foreground
fi

# --- the services -------------------------------------------------------------------------------
export EYE_LOG_PRETTY=true
if [[ "$DEV_JAEGER_NOTE" == off* ]]; then
  export OTEL_SDK_DISABLED="${OTEL_SDK_DISABLED:-true}"
else
  export OTEL_EXPORTER_OTLP_ENDPOINT="${OTEL_EXPORTER_OTLP_ENDPOINT:-http://127.0.0.1:4318}"
fi
[[ -t 1 ]] && export FORCE_COLOR="${FORCE_COLOR:-1}"

dev_spawn_service ingest ingest "EYE_INGEST_ADDR=$ingest_addr" "EYE_METRICS_PORT=$ingest_ops"
dev_spawn_service query query "EYE_QUERY_ADDR=$query_addr" "EYE_METRICS_PORT=$query_ops"
dev_spawn_service validator validator "EYE_METRICS_PORT=$validator_ops"
dev_spawn_service gateway gateway "EYE_HTTP_PORT=$http_port" "EYE_INGEST_ADDR=$ingest_addr" "EYE_QUERY_ADDR=$query_addr"

# The gateway's /readyz needs both gRPC services and their dependencies.
ready=false
dev_wait_ready "$http_port" 60 && ready=true

eye_say ""
eye_say "The Eye is $([[ $ready == true ]] && echo running || echo 'starting (gateway /readyz is not 200 yet)'):"
eye_say "  gateway     http://127.0.0.1:$http_port   (API docs: http://127.0.0.1:$http_port/docs)"
eye_say "  explorer    http://127.0.0.1:$http_port/explorer/   (sign in with a token that has the query scope)"
eye_say "  gRPC        ingest $ingest_addr, query $query_addr"
eye_say "  NATS        $EYE_NATS_URL ($nats_note)"
eye_say "  MongoDB     $EYE_MONGO_URL ($DEV_DB_NOTE)"
eye_say "  Jaeger UI   http://127.0.0.1:16686 ($DEV_JAEGER_NOTE)"
eye_say "  a token:    npm run eye -- apps create my-app --scopes ingest,query"
eye_say "Ctrl-C stops the services and what this script started."
eye_say ""
dev_foreground
