# Shell helpers shared by tools/infra/infra.sh and tools/dev/start.sh (source it, don't run it).
# Everything binds to 127.0.0.1; data and logs live under the gitignored .data/ folder.

EYE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
EYE_BIN="$EYE_ROOT/.bin"
# EYE_DEV_DATA_DIR moves data, logs and pid files elsewhere (the stop tests use their own).
EYE_DATA="${EYE_DEV_DATA_DIR:-$EYE_ROOT/.data}"
EYE_LOGS="$EYE_DATA/logs"
EYE_RUN="$EYE_DATA/run"

eye_say() { printf '%s\n' "$*"; }
eye_warn() { printf 'warning: %s\n' "$*" >&2; }
eye_die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# True when something accepts TCP connections on host:port.
eye_port_open() {
  local host="$1" port="$2"
  timeout 2 bash -c "exec 3<>/dev/tcp/$host/$port" 2>/dev/null
}

# HTTP status of GET http://host:port/path, or 000 (plain bash, no curl needed).
eye_http_status() {
  local host="$1" port="$2" path="$3"
  timeout 3 bash -c '
    exec 3<>/dev/tcp/$0/$1 || exit 1
    printf "GET %s HTTP/1.0\r\nHost: %s\r\nConnection: close\r\n\r\n" "$2" "$0" >&3
    read -r _ status _ <&3 && printf "%s" "$status"
  ' "$host" "$port" "$path" 2>/dev/null || printf '000'
}

# "host port" of the first server in a URL such as nats://u:p@host:4222,other:4222 or
# mongodb://host:27017/eye?x=y; default_port when the URL names none.
eye_url_hostport() {
  local url="$1" default_port="$2" rest host port
  rest="${url#*://}"
  rest="${rest%%/*}"
  rest="${rest%%\?*}"
  rest="${rest##*@}"
  rest="${rest%%,*}"
  if [[ "$rest" == \[* ]]; then
    host="${rest%%]*}"; host="${host#[}"; port="${rest##*]}"; port="${port#:}"
  else
    host="${rest%%:*}"; port="${rest#"$host"}"; port="${port#:}"
  fi
  [[ "$host" == localhost ]] && host=127.0.0.1
  printf '%s %s\n' "${host:-127.0.0.1}" "${port:-$default_port}"
}

eye_is_loopback() {
  [[ "$1" == 127.* || "$1" == localhost || "$1" == ::1 ]]
}

# Waits until host:port accepts connections; fails early, with its last log lines, if pid dies.
eye_wait_port() {
  local name="$1" host="$2" port="$3" pid="$4" log="$5" timeout_s="${6:-30}" waited=0
  until eye_port_open "$host" "$port"; do
    if ! eye_alive "$pid"; then
      eye_warn "$name exited before listening on $host:$port; last lines of $log:"
      tail -n 20 "$log" >&2 || true
      return 1
    fi
    if ((waited >= timeout_s * 5)); then
      eye_warn "$name is not listening on $host:$port after ${timeout_s}s; last lines of $log:"
      tail -n 20 "$log" >&2 || true
      return 1
    fi
    sleep 0.2
    waited=$((waited + 1))
  done
}

# Starts a command in its own session (so the terminal's Ctrl-C reaches only the script that
# manages it), output appended to $EYE_LOGS/<name>.log, pid in $EYE_RUN/<name>.pid.
# Sets EYE_STARTED_PID.
eye_spawn() {
  local name="$1"; shift
  mkdir -p "$EYE_LOGS" "$EYE_RUN"
  local log="$EYE_LOGS/$name.log"
  printf -- '--- %s %s\n' "$(date -u +%FT%TZ)" "$*" >>"$log"
  if command -v setsid >/dev/null 2>&1; then
    setsid "$@" >>"$log" 2>&1 </dev/null &
  else
    "$@" >>"$log" 2>&1 </dev/null &
  fi
  EYE_STARTED_PID=$!
  echo "$EYE_STARTED_PID" >"$EYE_RUN/$name.pid"
}

eye_need_binary() {
  [[ -x "$EYE_BIN/$1" ]] || eye_die ".bin/$1 is missing: run \`npm run infra:build\` (or bash tools/infra/build.sh --only $1)"
}

# nats-server with JetStream on 127.0.0.1:<port>, monitoring on <monitor_port>, data in .data/nats.
# EYE_NATS_SYNC_ALWAYS=true adds tools/infra/nats-sync-always.conf (fsync on every write).
eye_start_nats() {
  local port="$1" monitor_port="$2" args=()
  eye_need_binary nats-server
  mkdir -p "$EYE_DATA/nats"
  if [[ "${EYE_NATS_SYNC_ALWAYS:-false}" == true ]]; then
    args+=(-c "$EYE_ROOT/tools/infra/nats-sync-always.conf")
  fi
  args+=(-js -a 127.0.0.1 -p "$port" -sd "$EYE_DATA/nats")
  if [[ -n "$monitor_port" ]]; then args+=(-m "$monitor_port"); fi
  eye_spawn nats-server "$EYE_BIN/nats-server" "${args[@]}"
  eye_wait_port nats-server 127.0.0.1 "$port" "$EYE_STARTED_PID" "$EYE_LOGS/nats-server.log" 30
}

# FerretDB on 127.0.0.1:<port>: on SQLite (data in .data/ferretdb) by default, or with
# `postgresql <url>` on that PostgreSQL database. State in .data/ferretdb either way.
eye_start_ferretdb() {
  local port="$1" handler="${2:-sqlite}" pg_url="${3:-}" backend=()
  eye_need_binary ferretdb
  mkdir -p "$EYE_DATA/ferretdb"
  if [[ "$handler" == postgresql ]]; then
    backend=(--handler=postgresql "--postgresql-url=$pg_url")
  else
    backend=(--handler=sqlite "--sqlite-url=file:$EYE_DATA/ferretdb/")
  fi
  eye_spawn ferretdb "$EYE_BIN/ferretdb" "${backend[@]}" \
    "--listen-addr=127.0.0.1:$port" "--state-dir=$EYE_DATA/ferretdb" --debug-addr=- \
    --telemetry=disable --log-level=warn
  eye_wait_port ferretdb 127.0.0.1 "$port" "$EYE_STARTED_PID" "$EYE_LOGS/ferretdb.log" 30
}

# A real mongod from PATH on 127.0.0.1:<port>, data in .data/mongodb.
eye_start_mongod() {
  local port="$1"
  mkdir -p "$EYE_DATA/mongodb"
  eye_spawn mongod "$(command -v mongod)" --dbpath "$EYE_DATA/mongodb" --port "$port" --bind_ip 127.0.0.1
  eye_wait_port mongod 127.0.0.1 "$port" "$EYE_STARTED_PID" "$EYE_LOGS/mongod.log" 60
}

# One node of a local JetStream cluster: eye_start_nats_node <name> <port> <route port>
# <monitor port> <other route ports, comma-separated>; data in .data/cluster/<name>.
eye_start_nats_node() {
  local name="$1" port="$2" route="$3" monitor="$4" routes="" other
  eye_need_binary nats-server
  mkdir -p "$EYE_DATA/cluster/$name"
  for other in ${5//,/ }; do routes+="${routes:+,}nats://127.0.0.1:$other"; done
  eye_spawn "nats-$name" "$EYE_BIN/nats-server" -js -a 127.0.0.1 -p "$port" -m "$monitor" \
    -sd "$EYE_DATA/cluster/$name" --server_name "$name" --cluster_name eye \
    --cluster "nats://127.0.0.1:$route" --routes "$routes"
  eye_wait_port "nats-$name" 127.0.0.1 "$port" "$EYE_STARTED_PID" "$EYE_LOGS/nats-$name.log" 30
}

# Jaeger v2 (OTLP 127.0.0.1:4317/4318, UI and API 127.0.0.1:16686, in-memory storage).
eye_start_jaeger() {
  eye_need_binary jaeger
  mkdir -p "$EYE_DATA/jaeger"
  eye_spawn jaeger "$EYE_BIN/jaeger" "--config=file:$EYE_ROOT/tools/infra/jaeger.yaml"
  eye_wait_port jaeger 127.0.0.1 4318 "$EYE_STARTED_PID" "$EYE_LOGS/jaeger.log" 30 &&
    eye_wait_port jaeger 127.0.0.1 16686 "$EYE_STARTED_PID" "$EYE_LOGS/jaeger.log" 30
}

# True while pid runs (a zombie, exited but not yet reaped, does not count).
eye_alive() {
  local stat
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  stat="${stat##*) }"
  [[ "${stat:0:1}" != Z ]]
}

# True while any process of process group $1 runs (zombies do not count).
eye_group_alive() {
  ps -e -o pgid=,stat= | awk -v g="$1" '$1 == g && $2 !~ /^Z/ { found = 1 } END { exit !found }'
}

# SIGTERM to every process group given (what eye_spawn and the dev scripts start leads a group of
# its own, so its children go too), SIGKILL to the groups still alive after <grace> seconds.
# Never waits on a child (the caller's exit reaps them), so it cannot block.
# Usage: eye_stop_groups <grace seconds> <pgid>...
eye_stop_groups() {
  local grace="$1" pgid ticks=0 alive
  shift
  (($#)) || return 0
  for pgid in "$@"; do kill -TERM -- "-$pgid" 2>/dev/null || true; done
  while ((ticks < grace * 10)); do
    alive=0
    for pgid in "$@"; do eye_group_alive "$pgid" && alive=1 && break; done
    ((alive)) || break
    sleep 0.1
    ticks=$((ticks + 1))
  done
  for pgid in "$@"; do
    if eye_group_alive "$pgid"; then
      eye_warn "process group $pgid ($(ps -o comm= -p "$pgid" 2>/dev/null || echo gone)) did not stop within ${grace}s; sending SIGKILL"
      kill -KILL -- "-$pgid" 2>/dev/null || true
    fi
  done
}
