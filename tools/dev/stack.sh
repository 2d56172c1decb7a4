# Shell functions shared by tools/dev/start.sh (npm start) and tools/dev/start-cluster.sh
# (npm run start:cluster): one foreground process that starts the infrastructure and the services,
# and stops everything it started when it gets SIGTERM or SIGINT, when the npm process that ran
# it goes away, or when a service dies. Source it after tools/infra/lib.sh; don't run it.
#
# What "everything" means: each service runs in a process group of its own (setsid), which is
# signalled as a whole (the gateway's node:cluster workers included); infrastructure the script
# started; a Jaeger build still running in the background. What the script reused is left alone.

DEV_SERVICE_PIDS=()      # service process groups, in start order
declare -A DEV_LABEL_OF=()
DEV_GATEWAY_PIDS=()      # stopped first: they stop taking requests while ingest can still publish
DEV_INFRA_PIDS=()        # infrastructure this script started, in start order
DEV_INFRA_NAMES=()       # and their .data/run/<name>.pid names
DEV_HELPER_PIDS=()       # background helpers: the parent watchdog, a Jaeger build, a sleeper
DEV_FERRETDB_HANDLER=sqlite
DEV_FERRETDB_PG_URL=""
DEV_FERRETDB_WHY=""
DEV_STOP_GRACE="${EYE_DEV_STOP_GRACE:-15}"

# Installs the traps and the watchdog: SIGINT/SIGTERM to this script (or its process group),
# or the end of the npm process that started it, stop everything (see dev_stop_everything).
dev_install_traps() {
  trap dev_stop_everything EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  dev_watch_parent
}

# npm does not pass SIGTERM on to the script it runs (it ends, and `sh -c` with it), so a
# supervisor's `kill -TERM <npm pid>` would leave everything running. The watchdog notices that
# the parent (and npm above an `sh -c`) is gone and sends this script SIGTERM.
dev_watch_parent() {
  local script=$$ watched=("$PPID") grandparent comm
  comm="$(cat "/proc/$PPID/comm" 2>/dev/null || true)"
  if [[ "$comm" == sh || "$comm" == dash || "$comm" == bash ]]; then
    grandparent="$(awk '{ print $4 }' "/proc/$PPID/stat" 2>/dev/null || true)"
    [[ -n "$grandparent" && "$grandparent" != 1 ]] && watched+=("$grandparent")
  fi
  (
    trap '' INT
    trap 'exit 0' TERM
    while kill -0 "$script" 2>/dev/null; do
      for pid in "${watched[@]}"; do
        if ! eye_alive "$pid"; then
          kill -TERM "$script" 2>/dev/null
          exit 0
        fi
      done
      sleep 0.5
    done
  ) </dev/null &
  DEV_HELPER_PIDS+=($!)
}

# The EXIT trap: the gateways first, then the other services, then the infrastructure this
# script started (in reverse order), then the helpers. Keeps the exit status.
dev_stop_everything() {
  local code=$?
  trap - EXIT INT TERM
  # A second Ctrl-C while stopping must not cut the cleanup short.
  trap '' INT TERM
  set +e
  if ((${#DEV_SERVICE_PIDS[@]})); then
    eye_say "stopping the services..."
    eye_stop_groups "$DEV_STOP_GRACE" "${DEV_GATEWAY_PIDS[@]}"
    eye_stop_groups "$DEV_STOP_GRACE" "${DEV_SERVICE_PIDS[@]}"
  fi
  # A piece that failed to become ready after being spawned is stopped too.
  [[ -n "${EYE_STARTED_PID:-}" ]] && DEV_INFRA_PIDS+=("$EYE_STARTED_PID")
  dev_stop_helpers
  dev_adopt_background_jaeger
  if ((${#DEV_INFRA_PIDS[@]})); then
    eye_say "stopping the infrastructure this script started..."
    local reversed=() i
    for ((i = ${#DEV_INFRA_PIDS[@]} - 1; i >= 0; i--)); do reversed+=("${DEV_INFRA_PIDS[i]}"); done
    eye_stop_groups 10 "${reversed[@]}"
  fi
  local name
  for name in "${DEV_INFRA_NAMES[@]}"; do rm -f "$EYE_RUN/$name.pid"; done
  eye_say "stopped."
  exit "$code"
}

# The pids of every descendant of the pids given (children first found, deepest last).
dev_descendants() {
  ps -e -o pid=,ppid= | awk -v roots=" $* " '
    { parent[$1] = $2; pids[NR] = $1 }
    END {
      split(roots, list, " "); for (i in list) mark[list[i]] = 1
      do { changed = 0
        for (n in pids) { p = pids[n]; if (!(p in mark) && (parent[p] in mark)) { mark[p] = 1; print p; changed = 1 } }
      } while (changed)
    }'
}

# Helpers run in this script's process group, so they are stopped one by one, with everything
# they started (a go build, nx and its workers).
dev_stop_helpers() {
  local pid tree
  ((${#DEV_HELPER_PIDS[@]})) || return 0
  tree="$(dev_descendants "${DEV_HELPER_PIDS[@]}")"
  for pid in "${DEV_HELPER_PIDS[@]}" $tree; do kill -TERM "$pid" 2>/dev/null; done
  local ticks=0 alive
  while ((ticks < 50)); do
    alive=0
    for pid in "${DEV_HELPER_PIDS[@]}" $tree; do eye_alive "$pid" && alive=1 && break; done
    ((alive)) || break
    sleep 0.1
    ticks=$((ticks + 1))
  done
  for pid in "${DEV_HELPER_PIDS[@]}" $tree; do eye_alive "$pid" && kill -KILL "$pid" 2>/dev/null; done
  DEV_HELPER_PIDS=()
}

# Runs a command in the background and waits for it, so SIGTERM/SIGINT reach the traps at once
# instead of after the command (bash runs traps only between foreground commands).
dev_run() {
  "$@" &
  local pid=$!
  DEV_HELPER_PIDS+=("$pid")
  wait "$pid"
  local status=$? kept=() helper
  for helper in "${DEV_HELPER_PIDS[@]}"; do [[ "$helper" != "$pid" ]] && kept+=("$helper"); done
  DEV_HELPER_PIDS=("${kept[@]}")
  return "$status"
}

dev_ensure_node_modules() {
  if [[ ! -d "$EYE_ROOT/node_modules" ]]; then
    eye_say "node_modules is missing: running npm ci..."
    dev_run bash "$EYE_ROOT/tools/dev/npm-ci.sh"
  fi
}

# Records infrastructure started by eye_start_* (EYE_STARTED_PID) under a name.
dev_record_infra() {
  DEV_INFRA_PIDS+=("$EYE_STARTED_PID")
  DEV_INFRA_NAMES+=("$1")
  DEV_LABEL_OF[$EYE_STARTED_PID]="$1"
  EYE_STARTED_PID=""
}

# "host port database" of a postgres:// URL (defaults 127.0.0.1, 5432, eye).
dev_pg_parts() {
  local url="$1" rest host port db
  rest="${url#*://}"
  db="${rest#*/}"
  [[ "$db" == "$rest" ]] && db=""
  db="${db%%\?*}"
  rest="${rest%%/*}"
  rest="${rest##*@}"
  host="${rest%%:*}"
  port="${rest#"$host"}"
  port="${port#:}"
  printf '%s %s %s\n' "${host:-127.0.0.1}" "${port:-5432}" "${db:-eye}"
}

# Chooses FerretDB's backend: PostgreSQL when one answers (EYE_FERRETDB_POSTGRESQL_URL, else the
# local server on 127.0.0.1:5432, user postgres) and its database exists or can be created with
# psql; else SQLite. EYE_FERRETDB_HANDLER=sqlite|postgresql forces one. Sets DEV_FERRETDB_HANDLER,
# DEV_FERRETDB_PG_URL and DEV_FERRETDB_WHY.
dev_choose_ferretdb_backend() {
  local want="${EYE_FERRETDB_HANDLER:-auto}" url="${EYE_FERRETDB_POSTGRESQL_URL:-postgres://postgres@127.0.0.1:5432/eye}"
  local host port db admin
  DEV_FERRETDB_HANDLER=sqlite
  DEV_FERRETDB_PG_URL=""
  if [[ "$want" == sqlite ]]; then
    DEV_FERRETDB_WHY="EYE_FERRETDB_HANDLER=sqlite"
    return 0
  fi
  read -r host port db < <(dev_pg_parts "$url")
  if ! eye_port_open "$host" "$port"; then
    DEV_FERRETDB_WHY="no PostgreSQL answers on $host:$port"
  elif ! command -v psql >/dev/null 2>&1; then
    DEV_FERRETDB_WHY="PostgreSQL answers on $host:$port, but psql (to create database $db) is not installed"
  else
    admin="${url%%\?*}"
    admin="${admin%/*}/postgres"
    if ! psql "$admin" -tAc "SELECT 1" >/dev/null 2>&1; then
      DEV_FERRETDB_WHY="cannot log in to PostgreSQL at $host:$port as the URL's user"
    elif psql "$admin" -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" 2>/dev/null | grep -q 1 ||
      psql "$admin" -qc "CREATE DATABASE \"$db\"" >/dev/null 2>&1; then
      DEV_FERRETDB_HANDLER=postgresql
      DEV_FERRETDB_PG_URL="$url"
      DEV_FERRETDB_WHY="PostgreSQL answers on $host:$port"
      return 0
    else
      DEV_FERRETDB_WHY="could not create database $db on PostgreSQL at $host:$port"
    fi
  fi
  [[ "$want" == postgresql ]] && eye_die "EYE_FERRETDB_HANDLER=postgresql, but: $DEV_FERRETDB_WHY"
  return 0
}

# The database: reused when something answers on EYE_MONGO_URL (default given as $1), else a
# mongod from PATH, else FerretDB (on PostgreSQL or SQLite, see above). Exports EYE_MONGO_URL
# (with retryWrites=false for FerretDB) and sets DEV_DB_NOTE. Needs the binary built already.
dev_start_database() {
  local default_url="$1" given="${EYE_MONGO_URL:+yes}" url host port db
  url="${EYE_MONGO_URL:-$default_url}"
  read -r host port < <(eye_url_hostport "$url" 27017)
  export EYE_MONGO_URL="$url"
  if eye_port_open "$host" "$port"; then
    DEV_DB_NOTE="reused: something answers on $host:$port"
    return 0
  fi
  eye_is_loopback "$host" || eye_die "MongoDB at $url does not answer (and is not on this machine)"
  if command -v mongod >/dev/null 2>&1; then
    eye_say "starting mongod on 127.0.0.1:$port (data in ${EYE_DATA#"$EYE_ROOT"/}/mongodb)..."
    eye_start_mongod "$port"
    dev_record_infra mongod
    DEV_DB_NOTE="mongod from PATH, started, log ${EYE_LOGS#"$EYE_ROOT"/}/mongod.log"
    return 0
  fi
  eye_say "starting FerretDB on 127.0.0.1:$port ($([[ $DEV_FERRETDB_HANDLER == postgresql ]] && echo "PostgreSQL backend" || echo "SQLite backend, data in ${EYE_DATA#"$EYE_ROOT"/}/ferretdb"))..."
  eye_start_ferretdb "$port" "$DEV_FERRETDB_HANDLER" "$DEV_FERRETDB_PG_URL"
  dev_record_infra ferretdb
  if [[ "$DEV_FERRETDB_HANDLER" == postgresql ]]; then
    DEV_DB_NOTE="FerretDB on PostgreSQL ($DEV_FERRETDB_PG_URL), started, log ${EYE_LOGS#"$EYE_ROOT"/}/ferretdb.log"
  else
    DEV_DB_NOTE="FerretDB on SQLite (${EYE_DATA#"$EYE_ROOT"/}/ferretdb; $DEV_FERRETDB_WHY), started, log ${EYE_LOGS#"$EYE_ROOT"/}/ferretdb.log"
  fi
  # FerretDB is not a replica set: retried writes would come back as duplicate-key errors.
  if [[ -z "$given" ]]; then
    db="${url##*/}"
    export EYE_MONGO_URL="mongodb://127.0.0.1:$port/${db%%\?*}?retryWrites=false"
  fi
}

# Says which database will run, before anything is built or started.
dev_announce_database() {
  local url="${EYE_MONGO_URL:-$1}" host port
  read -r host port < <(eye_url_hostport "$url" 27017)
  if eye_port_open "$host" "$port"; then
    eye_say "database: reusing what answers on $host:$port ($url)"
  elif command -v mongod >/dev/null 2>&1; then
    eye_say "database: mongod from PATH"
  else
    dev_choose_ferretdb_backend
    if [[ "$DEV_FERRETDB_HANDLER" == postgresql ]]; then
      eye_say "database: FerretDB on PostgreSQL ($DEV_FERRETDB_PG_URL)"
    else
      eye_say "database: FerretDB on SQLite ($DEV_FERRETDB_WHY)"
    fi
  fi
}

# Jaeger: reused when 4318 or 16686 answers; else started now when built, or built in the
# background (low priority) and started when the build is done, while the services already run.
# Until then the services' spans are dropped (the OTLP exporter finds no receiver). Sets DEV_JAEGER_NOTE.
dev_start_jaeger() {
  if [[ "${EYE_DEV_JAEGER:-true}" == false ]]; then
    DEV_JAEGER_NOTE="off: EYE_DEV_JAEGER=false"
    return 0
  fi
  if eye_port_open 127.0.0.1 4318 || eye_port_open 127.0.0.1 16686; then
    DEV_JAEGER_NOTE="reused"
    return 0
  fi
  if [[ -x "$EYE_BIN/jaeger" && "$(cat "$EYE_BIN/jaeger.version" 2>/dev/null)" == "$(dev_pinned_version jaeger)" ]]; then
    eye_say "starting jaeger (OTLP 127.0.0.1:4317/4318, UI 127.0.0.1:16686, in memory)..."
    eye_start_jaeger
    dev_record_infra jaeger
    DEV_JAEGER_NOTE="started, log ${EYE_LOGS#"$EYE_ROOT"/}/jaeger.log"
    return 0
  fi
  eye_say "jaeger is not built yet: building it in the background (a few minutes the first time); the services start now"
  mkdir -p "$EYE_LOGS" "$EYE_RUN"
  # Nothing runs as jaeger (its ports are closed): a pid file left is stale. The build's
  # eye_spawn writes a new one, which dev_adopt_background_jaeger then takes over.
  rm -f "$EYE_RUN/jaeger.pid"
  DEV_JAEGER_BUILDING=true
  (
    if nice -n 10 bash "$EYE_ROOT/tools/infra/build.sh" --only jaeger >>"$EYE_LOGS/jaeger-build.log" 2>&1; then
      eye_spawn jaeger "$EYE_BIN/jaeger" "--config=file:$EYE_ROOT/tools/infra/jaeger.yaml"
      if eye_wait_port jaeger 127.0.0.1 16686 "$EYE_STARTED_PID" "$EYE_LOGS/jaeger.log" 30; then
        eye_say "jaeger is built and running: traces from now on at http://127.0.0.1:16686"
      fi
    else
      eye_warn "building jaeger failed (see ${EYE_LOGS#"$EYE_ROOT"/}/jaeger-build.log); running without traces"
    fi
  ) &
  DEV_HELPER_PIDS+=($!)
  DEV_JAEGER_NOTE="building in the background (log ${EYE_LOGS#"$EYE_ROOT"/}/jaeger-build.log); spans are dropped until it runs"
}

# A Jaeger the background build started is infrastructure of this script too.
dev_adopt_background_jaeger() {
  local pid
  [[ "${DEV_JAEGER_BUILDING:-false}" == true && -f "$EYE_RUN/jaeger.pid" ]] || return 0
  pid="$(cat "$EYE_RUN/jaeger.pid")"
  DEV_JAEGER_BUILDING=false
  DEV_INFRA_PIDS+=("$pid")
  DEV_INFRA_NAMES+=(jaeger)
  DEV_LABEL_OF[$pid]=jaeger
}

# The version pinned for a binary in tools/go/<name>/go.mod (what build.sh would build).
dev_pinned_version() {
  local dir="$EYE_ROOT/tools/go/$1" pkg
  pkg="$(awk '$1 == "tool" && NF == 2 { print $2; exit }' "$dir/go.mod")"
  awk -v pkg="$pkg" '
    { line = $0; sub(/^require[ \t]+/, "", line); n = split(line, f, /[ \t]+/); i = (f[1] == "") ? 2 : 1
      if ((pkg == f[i] || index(pkg, f[i] "/") == 1) && length(f[i]) > best) { best = length(f[i]); v = f[i + 1] } }
    END { print v }' "$dir/go.mod"
}

# Builds the binaries named (comma-separated) unless they are up to date, and the apps, at the
# same time: the first run spends most of its time here.
dev_build() {
  local binaries="$1" build_apps="$2" pids=() status=0 pid
  if [[ -n "$binaries" ]]; then
    bash "$EYE_ROOT/tools/infra/build.sh" --only "$binaries" &
    pids+=($!)
  fi
  if [[ "$build_apps" == true ]]; then
    eye_say "building the apps (nx cache makes this quick after the first time)..."
    (cd "$EYE_ROOT" && npx nx run-many -t build -p gateway ingest validator query cli --output-style=stream) &
    pids+=($!)
  fi
  DEV_HELPER_PIDS+=("${pids[@]}")
  for pid in "${pids[@]}"; do wait "$pid" || status=1; done
  ((status == 0)) || eye_die "a build failed (see above)"
}

dev_prefix_color() {
  case "$1" in gateway*) echo 36 ;; ingest*) echo 32 ;; validator*) echo 35 ;; *) echo 33 ;; esac
}

# Starts one service in its own session and process group, its output prefixed with its label.
# Usage: dev_spawn_service <label> <app> [VAR=value...]
dev_spawn_service() {
  local label="$1" app="$2" main prefix pid
  shift 2
  main="$EYE_ROOT/dist/apps/$app/main.js"
  [[ -f "$main" ]] || eye_die "$main is missing: run npx nx build $app"
  prefix="$(printf '%-11s|' "$label")"
  [[ -t 1 ]] && prefix="$(printf '\033[%sm%s\033[0m' "$(dev_prefix_color "$label")" "$prefix")"
  # Own session: the terminal's Ctrl-C reaches only this script, which stops things in order.
  # The prefixer ignores INT/TERM and ends when the service's output closes.
  setsid env "$@" node --enable-source-maps "$main" </dev/null \
    > >(trap '' INT TERM; exec sed -u "s/^/$prefix /") 2>&1 &
  pid=$!
  DEV_SERVICE_PIDS+=("$pid")
  DEV_LABEL_OF[$pid]="$label"
  [[ "$app" == gateway ]] && DEV_GATEWAY_PIDS+=("$pid")
  return 0
}

# Waits up to $2 seconds for the gateway's /readyz on port $1; fails if a service exits meanwhile.
dev_wait_ready() {
  local port="$1" seconds="$2" pid i
  for ((i = 0; i < seconds * 5; i++)); do
    [[ "$(eye_http_status 127.0.0.1 "$port" /readyz)" == 200 ]] && return 0
    for pid in "${DEV_SERVICE_PIDS[@]}"; do
      eye_alive "$pid" || eye_die "${DEV_LABEL_OF[$pid]} exited during startup (see its lines above)"
    done
    sleep 0.2
  done
  return 1
}

# Stays in the foreground until a service exits (then stops everything: no half a system) or a
# signal arrives. Adopts the Jaeger the background build starts.
dev_foreground() {
  local pid
  set +e
  while true; do
    sleep 1 &
    local sleeper=$!
    wait "$sleeper"
    dev_adopt_background_jaeger
    for pid in "${DEV_SERVICE_PIDS[@]}"; do
      if ! eye_alive "$pid"; then
        eye_warn "${DEV_LABEL_OF[$pid]} exited; stopping everything"
        exit 1
      fi
    done
  done
}

# Fails when something already listens on one of the ports given as "label host port" triples.
dev_check_free() {
  while (($#)); do
    eye_port_open "$2" "$3" && eye_die "port $3 ($1) is already in use: is another npm start or start:cluster running?"
    shift 3
  done
  return 0
}
