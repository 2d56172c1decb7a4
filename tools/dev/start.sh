#!/usr/bin/env bash
# npm start: the whole of The Eye on this machine, in the foreground.
#
#   npm start                      # infrastructure (reused or started) + the four services
#   npm start -- --infra-only      # only NATS, the database and Jaeger
#   npm start -- --no-build        # run dist/apps/* as they are (skip the nx build)
#
# Reuses what already answers: NATS at EYE_NATS_URL (nats://127.0.0.1:4222), MongoDB at
# EYE_MONGO_URL (mongodb://127.0.0.1:27017/eye), Jaeger on 127.0.0.1:4318/16686. Starts what is
# missing from .bin/ (building it first): nats-server, mongod from PATH or else FerretDB, Jaeger.
# Then builds and runs gateway, ingest, validator and query. Ctrl-C or SIGTERM stops the services
# and then whatever this script started (never what it reused).
#
# Environment: EYE_NATS_URL, EYE_MONGO_URL and every other EYE_* variable pass through to the
# services; EYE_NATS_SYNC_ALWAYS=true starts nats-server with sync_interval: always;
# EYE_DEV_JAEGER=false skips Jaeger (and tracing).
set -euo pipefail
# shellcheck source=tools/infra/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../infra/lib.sh"
cd "$EYE_ROOT"

infra_only=false
build=true
for arg in "$@"; do
  case "$arg" in
    --infra-only) infra_only=true ;;
    --no-build) build=false ;;
    -h | --help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) eye_die "unknown argument: $arg (try --help)" ;;
  esac
done

SERVICES=(ingest query validator gateway)
started_infra=()   # pids of infrastructure this script started, in start order
started_names=()   # and their names (for .data/run/<name>.pid)
service_pids=()
sleeper=""
declare -A service_of_pid=()

stop_everything() {
  local code=$?
  trap - EXIT INT TERM
  set +e  # clean up as much as possible, whatever fails
  [[ -n "$sleeper" ]] && kill "$sleeper" 2>/dev/null
  if ((${#service_pids[@]})); then
    eye_say "stopping the services..."
    # The gateway first: it stops taking requests while ingest can still publish.
    local gateway_pid="${service_pids[${#service_pids[@]} - 1]}"
    EYE_STOP_GRACE=15 eye_stop_pids "$gateway_pid"
    EYE_STOP_GRACE=15 eye_stop_pids "${service_pids[@]}"
  fi
  # A piece that failed to become ready after being spawned is stopped too.
  [[ -n "${EYE_STARTED_PID:-}" ]] && started_infra+=("$EYE_STARTED_PID")
  if ((${#started_infra[@]})); then
    eye_say "stopping the infrastructure this script started..."
    local reversed=() i
    for ((i = ${#started_infra[@]} - 1; i >= 0; i--)); do reversed+=("${started_infra[i]}"); done
    eye_stop_pids "${reversed[@]}"
  fi
  local name
  for name in "${started_names[@]}"; do rm -f "$EYE_RUN/$name.pid"; done
  # Reap the log prefixers (they end when their service's output closes).
  wait 2>/dev/null || true
  eye_say "stopped."
  exit "$code"
}
trap stop_everything EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- dependencies -------------------------------------------------------------------------------
if [[ ! -d node_modules ]]; then
  eye_say "node_modules is missing: running npm ci..."
  bash tools/dev/npm-ci.sh
fi

export EYE_NATS_URL="${EYE_NATS_URL:-nats://127.0.0.1:4222}"
mongo_url_given="${EYE_MONGO_URL:+yes}"
export EYE_MONGO_URL="${EYE_MONGO_URL:-mongodb://127.0.0.1:27017/eye}"
read -r nats_host nats_port < <(eye_url_hostport "$EYE_NATS_URL" 4222)
read -r mongo_host mongo_port < <(eye_url_hostport "$EYE_MONGO_URL" 27017)

need_nats=false need_mongo="" need_jaeger=false
if ! eye_port_open "$nats_host" "$nats_port"; then
  eye_is_loopback "$nats_host" || eye_die "NATS at $EYE_NATS_URL does not answer (and is not on this machine)"
  need_nats=true
fi
if ! eye_port_open "$mongo_host" "$mongo_port"; then
  eye_is_loopback "$mongo_host" || eye_die "MongoDB at $EYE_MONGO_URL does not answer (and is not on this machine)"
  if command -v mongod >/dev/null 2>&1; then need_mongo=mongod; else need_mongo=ferretdb; fi
fi
if [[ "${EYE_DEV_JAEGER:-true}" != false ]] && ! eye_port_open 127.0.0.1 4318 && ! eye_port_open 127.0.0.1 16686; then
  need_jaeger=true
fi

to_build=()
[[ "$need_nats" == true ]] && to_build+=(nats-server)
[[ "$need_mongo" == ferretdb ]] && to_build+=(ferretdb)
[[ "$need_jaeger" == true ]] && to_build+=(jaeger)
if ((${#to_build[@]})); then
  bash tools/infra/build.sh --only "$(IFS=,; echo "${to_build[*]}")"
fi

# --- infrastructure -----------------------------------------------------------------------------
nats_note="reused" mongo_note="reused" jaeger_note="reused"
if [[ "$need_nats" == true ]]; then
  monitor=8222
  eye_port_open 127.0.0.1 8222 && monitor=""
  eye_say "starting nats-server on 127.0.0.1:$nats_port (JetStream, data in .data/nats)..."
  eye_start_nats "$nats_port" "$monitor"
  started_infra+=("$EYE_STARTED_PID")
  started_names+=(nats-server)
  nats_note="started, log .data/logs/nats-server.log"
  [[ "${EYE_NATS_SYNC_ALWAYS:-false}" == true ]] && nats_note+=", sync_interval: always"
elif [[ "${EYE_NATS_SYNC_ALWAYS:-false}" == true ]]; then
  eye_warn "EYE_NATS_SYNC_ALWAYS=true applies only to a nats-server this script starts, and" \
    "$nats_host:$nats_port is already running; use e.g. EYE_NATS_URL=nats://127.0.0.1:4223 to get one"
fi

if [[ -n "$need_mongo" ]]; then
  eye_say "starting $need_mongo on 127.0.0.1:$mongo_port (data in .data/$([[ $need_mongo == mongod ]] && echo mongodb || echo ferretdb))..."
  "eye_start_$need_mongo" "$mongo_port"
  started_infra+=("$EYE_STARTED_PID")
  started_names+=("$need_mongo")
  mongo_note="$need_mongo, started, log .data/logs/$need_mongo.log"
  # FerretDB is not a replica set: retried writes would come back as duplicate-key errors.
  if [[ "$need_mongo" == ferretdb && -z "$mongo_url_given" ]]; then
    export EYE_MONGO_URL="mongodb://127.0.0.1:$mongo_port/eye?retryWrites=false"
  fi
fi

if [[ "$need_jaeger" == true ]]; then
  eye_say "starting jaeger (OTLP 127.0.0.1:4317/4318, UI 127.0.0.1:16686, in memory)..."
  eye_start_jaeger
  started_infra+=("$EYE_STARTED_PID")
  started_names+=(jaeger)
  jaeger_note="started, log .data/logs/jaeger.log"
elif [[ "${EYE_DEV_JAEGER:-true}" == false ]]; then
  jaeger_note="off: EYE_DEV_JAEGER=false"
fi

if [[ "$infra_only" == true ]]; then
  eye_say ""
  eye_say "infrastructure is up:"
  eye_say "  NATS       $EYE_NATS_URL ($nats_note)"
  eye_say "  MongoDB    $EYE_MONGO_URL ($mongo_note)"
  eye_say "  Jaeger UI  http://127.0.0.1:16686 ($jaeger_note)"
  eye_say "Ctrl-C stops what this script started."
  while true; do
    sleep 3600 &
    sleeper=$!
    wait "$sleeper" || true
  done
fi

# --- the services -------------------------------------------------------------------------------
if [[ "$build" == true ]]; then
  eye_say "building the apps (nx cache makes this quick after the first time)..."
  npx nx run-many -t build -p gateway ingest validator query cli --output-style=stream
fi

export EYE_LOG_PRETTY=true
if [[ "$jaeger_note" == off* ]]; then
  export OTEL_SDK_DISABLED="${OTEL_SDK_DISABLED:-true}"
else
  export OTEL_EXPORTER_OTLP_ENDPOINT="${OTEL_EXPORTER_OTLP_ENDPOINT:-http://127.0.0.1:4318}"
fi
[[ -t 1 ]] && export FORCE_COLOR="${FORCE_COLOR:-1}"

http_port="${EYE_HTTP_PORT:-8000}"
ingest_addr="${EYE_INGEST_ADDR:-127.0.0.1:50051}"
query_addr="${EYE_QUERY_ADDR:-127.0.0.1:50052}"
declare -A metrics_port=([ingest]=9101 [validator]=9102 [query]=9103)
for check in "127.0.0.1 $http_port gateway" "${ingest_addr%:*} ${ingest_addr##*:} ingest" \
  "${query_addr%:*} ${query_addr##*:} query"; do
  read -r host port who <<<"$check"
  eye_port_open "$host" "$port" && eye_die "port $port ($who) is already in use: is another npm start running?"
done

prefix_color() {
  case "$1" in gateway) echo 36 ;; ingest) echo 32 ;; validator) echo 35 ;; *) echo 33 ;; esac
}

for name in "${SERVICES[@]}"; do
  main="dist/apps/$name/main.js"
  [[ -f "$main" ]] || eye_die "$main is missing: run npx nx build $name"
  label="$(printf '%-9s|' "$name")"
  [[ -t 1 ]] && label="$(printf '\033[%sm%s\033[0m' "$(prefix_color "$name")" "$label")"
  env_for=()
  [[ "$name" != gateway ]] && env_for=("EYE_METRICS_PORT=${EYE_METRICS_PORT:-${metrics_port[$name]}}")
  # Own session: the terminal's Ctrl-C reaches only this script, which stops things in order.
  # The prefixer ignores INT/TERM and ends when the service's output closes.
  setsid env "${env_for[@]}" node --enable-source-maps "$main" </dev/null \
    > >(trap '' INT TERM; exec sed -u "s/^/$label /") 2>&1 &
  pid=$!
  service_pids+=("$pid")
  service_of_pid[$pid]="$name"
done

# Wait for the gateway's /readyz (it needs both gRPC services and their dependencies).
ready=false
for _ in $(seq 1 150); do
  if [[ "$(eye_http_status 127.0.0.1 "$http_port" /readyz)" == 200 ]]; then ready=true; break; fi
  for pid in "${service_pids[@]}"; do
    eye_alive "$pid" || eye_die "${service_of_pid[$pid]} exited during startup (see its lines above)"
  done
  sleep 0.2
done

eye_say ""
eye_say "The Eye is $([[ $ready == true ]] && echo running || echo 'starting (gateway /readyz is not 200 yet)'):"
eye_say "  gateway     http://127.0.0.1:$http_port   (API docs: http://127.0.0.1:$http_port/docs)"
eye_say "  gRPC        ingest $ingest_addr, query $query_addr"
eye_say "  NATS        $EYE_NATS_URL ($nats_note)"
eye_say "  MongoDB     $EYE_MONGO_URL ($mongo_note)"
eye_say "  Jaeger UI   http://127.0.0.1:16686 ($jaeger_note)"
eye_say "  a token:    npm run eye -- apps create my-app --scopes ingest,query"
eye_say "Ctrl-C stops the services and what this script started."
eye_say ""

# Stay in the foreground; if a service dies, stop the rest rather than run half a system.
set +e
wait -n "${service_pids[@]}"
status=$?
set -e
for pid in "${service_pids[@]}"; do
  if ! eye_alive "$pid"; then
    eye_warn "${service_of_pid[$pid]} exited (status $status); stopping everything"
    break
  fi
done
exit 1
