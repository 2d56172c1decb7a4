#!/usr/bin/env bash
# Starts, stops or shows the dev infrastructure pieces in the background, one by one:
#
#   bash tools/infra/infra.sh start  [nats] [mongo] [jaeger]   # default: all three
#   bash tools/infra/infra.sh stop   [nats] [mongo] [jaeger]
#   bash tools/infra/infra.sh status
#
# nats:   .bin/nats-server -js on the port of EYE_NATS_URL (4222), monitoring 127.0.0.1:8222,
#         data in .data/nats (EYE_NATS_SYNC_ALWAYS=true: fsync every write)
# mongo:  mongod from PATH if there is one, else .bin/ferretdb (SQLite), on the port of
#         EYE_MONGO_URL (27017), data in .data/mongodb or .data/ferretdb
# jaeger: .bin/jaeger with tools/infra/jaeger.yaml: OTLP 127.0.0.1:4317/4318, UI 127.0.0.1:16686
#
# A piece whose port already answers is left alone. `stop` stops only what `start` (or
# npm start) recorded in .data/run/<name>.pid. Logs: .data/logs/<name>.log.
# `npm start` (tools/dev/start.sh) does all of this in the foreground and cleans up on Ctrl-C.
set -euo pipefail
# shellcheck source=tools/infra/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

action="${1:-}"
shift || true
pieces=("$@")
((${#pieces[@]})) || pieces=(nats mongo jaeger)

read -r nats_host nats_port < <(eye_url_hostport "${EYE_NATS_URL:-nats://127.0.0.1:4222}" 4222)
read -r mongo_host mongo_port < <(eye_url_hostport "${EYE_MONGO_URL:-mongodb://127.0.0.1:27017/eye}" 27017)

# The pid recorded for name, if that process still runs one of our binaries.
recorded_pid() {
  local file="$EYE_RUN/$1.pid" pid
  [[ -f "$file" ]] || return 1
  pid="$(cat "$file")"
  if eye_alive "$pid" && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$1"; then
    echo "$pid"
  else
    rm -f "$file"
    return 1
  fi
}

mongo_engine() {
  if command -v mongod >/dev/null 2>&1; then echo mongod; else echo ferretdb; fi
}

start_piece() {
  case "$1" in
    nats)
      if eye_port_open "$nats_host" "$nats_port"; then
        eye_say "nats: $nats_host:$nats_port already answers; leaving it alone"
      else
        eye_is_loopback "$nats_host" || eye_die "nats: $nats_host is not this machine"
        local monitor=8222
        eye_port_open 127.0.0.1 8222 && monitor=""
        eye_start_nats "$nats_port" "$monitor"
        eye_say "nats: started nats-server on nats://127.0.0.1:$nats_port (pid $EYE_STARTED_PID)"
      fi
      ;;
    mongo)
      if eye_port_open "$mongo_host" "$mongo_port"; then
        eye_say "mongo: $mongo_host:$mongo_port already answers; leaving it alone"
      else
        eye_is_loopback "$mongo_host" || eye_die "mongo: $mongo_host is not this machine"
        local engine
        engine="$(mongo_engine)"
        "eye_start_$engine" "$mongo_port"
        eye_say "mongo: started $engine on mongodb://127.0.0.1:$mongo_port (pid $EYE_STARTED_PID)"
      fi
      ;;
    jaeger)
      if eye_port_open 127.0.0.1 4318 || eye_port_open 127.0.0.1 16686; then
        eye_say "jaeger: 127.0.0.1:4318 or :16686 already answers; leaving it alone"
      else
        eye_start_jaeger
        eye_say "jaeger: started (pid $EYE_STARTED_PID), UI http://127.0.0.1:16686"
      fi
      ;;
    *) eye_die "unknown piece '$1' (nats, mongo, jaeger)" ;;
  esac
}

stop_piece() {
  local names=()
  case "$1" in
    nats) names=(nats-server) ;;
    mongo) names=(ferretdb mongod) ;;
    jaeger) names=(jaeger) ;;
    *) eye_die "unknown piece '$1' (nats, mongo, jaeger)" ;;
  esac
  local name pid stopped=false
  for name in "${names[@]}"; do
    if pid="$(recorded_pid "$name")"; then
      eye_stop_groups 10 "$pid"
      rm -f "$EYE_RUN/$name.pid"
      eye_say "$1: stopped $name (pid $pid)"
      stopped=true
    fi
  done
  [[ "$stopped" == true ]] || eye_say "$1: nothing recorded as started here"
}

status_piece() {
  local name pid
  for name in nats-server ferretdb mongod jaeger; do
    if pid="$(recorded_pid "$name")"; then eye_say "$name: running (pid $pid, started here)"; fi
  done
  local state
  state=$(eye_port_open "$nats_host" "$nats_port" && echo up || echo down)
  eye_say "NATS    $nats_host:$nats_port $state"
  state=$(eye_port_open "$mongo_host" "$mongo_port" && echo up || echo down)
  eye_say "MongoDB $mongo_host:$mongo_port $state"
  state=$(eye_port_open 127.0.0.1 4318 && echo up || echo down)
  eye_say "Jaeger  127.0.0.1:4318 (OTLP) $state, UI http://127.0.0.1:16686"
}

case "$action" in
  start) for piece in "${pieces[@]}"; do start_piece "$piece"; done ;;
  stop) for piece in "${pieces[@]}"; do stop_piece "$piece"; done ;;
  status) status_piece ;;
  *) echo "usage: bash tools/infra/infra.sh start|stop|status [nats] [mongo] [jaeger]" >&2; exit 2 ;;
esac
