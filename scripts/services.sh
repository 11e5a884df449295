#!/usr/bin/env bash
# Starts the PostgreSQL and Redis servers the test suite needs, on loopback ports, once.
# Idempotent: a server already answering is left alone. `stop` stops both.
# Data lives in a throwaway directory (the suite creates and drops its own databases).
set -euo pipefail
action=${1:-start}
run=${LAWBOOKS_SERVICES_DIR:-${TMPDIR:-/tmp}/lawbooks-services}
pg_port=${LAWBOOKS_PG_PORT:-55432}
redis_port=${LAWBOOKS_REDIS_PORT:-56379}
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$pgbin" ] || { echo "services: PostgreSQL is not installed (make system-deps)" >&2; exit 1; }

# initdb and postgres refuse to run as root: as root, run them as the `postgres` user.
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

start_postgres() {
  local data=$run/pg
  if as_pg "$pgbin/pg_ctl" -D "$data" status >/dev/null 2>&1; then return; fi
  if [ ! -f "$data/PG_VERSION" ]; then
    as_pg "$pgbin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 >/dev/null
  fi
  as_pg "$pgbin/pg_ctl" -D "$data" -l "$run/pg.log" -w start \
    -o "-h 127.0.0.1 -p $pg_port -k $run -c fsync=off -c synchronous_commit=off -c max_connections=300" >/dev/null
  echo "services: PostgreSQL on 127.0.0.1:$pg_port"
}

start_redis() {
  if redis-cli -p "$redis_port" ping >/dev/null 2>&1; then return; fi
  redis-server --port "$redis_port" --bind 127.0.0.1 --daemonize yes --save '' \
    --appendonly no --dir "$run" --pidfile "$run/redis.pid" --logfile "$run/redis.log"
  for _ in $(seq 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
  echo "services: Redis on 127.0.0.1:$redis_port"
}

case $action in
  start)
    mkdir -p "$run"
    [ "$(id -u)" = 0 ] && chown postgres "$run"
    start_postgres
    start_redis ;;
  stop)
    as_pg "$pgbin/pg_ctl" -D "$run/pg" -m fast stop >/dev/null 2>&1 || true
    redis-cli -p "$redis_port" shutdown nosave >/dev/null 2>&1 || true ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
