#!/usr/bin/env bash
# Start a local PostgreSQL for the server test suite and the sync benchmark.
# Idempotent; run as root. Installs Debian's postgresql if missing, starts the
# cluster (pg_ctlcluster, or initdb into a directory owned by postgres when no
# cluster can be made), creates role and database tessera_test, and prints the
# SQLAlchemy URL on stdout (everything else goes to stderr):
#   export TESSERA_TEST_PG_URL=$(scripts/postgres.sh)
set -euo pipefail

NAME=tessera_test
PORT=${PGPORT:-5432}
FALLBACK_DIR=${TESSERA_PG_DIR:-/var/tmp/tessera-pg}

log() { echo "postgres.sh: $*" >&2; }

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$dir" ] && echo "$dir"
}

if [ -z "$(pg_bin)" ]; then
  log "installing postgresql"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y -q postgresql >&2; then
    apt-get update -q >&2
    apt-get install -y -q postgresql >&2
  fi
fi
BIN=$(pg_bin)
VERSION=$(basename "$(dirname "$BIN")")

as_postgres() { runuser -u postgres -- "$@"; }

ready() { "$BIN/pg_isready" -h 127.0.0.1 -p "$PORT" -q; }

if ! ready; then
  if command -v pg_ctlcluster >/dev/null 2>&1; then
    if ! pg_lsclusters -h 2>/dev/null | awk '{print $1" "$2}' | grep -qx "$VERSION main"; then
      pg_createcluster "$VERSION" main -p "$PORT" >&2 || true
    fi
    pg_ctlcluster "$VERSION" main start >&2 || true
  fi
fi
if ! ready; then
  log "no Debian cluster: initdb into $FALLBACK_DIR"
  mkdir -p "$FALLBACK_DIR"
  chown postgres:postgres "$FALLBACK_DIR"
  chmod 700 "$FALLBACK_DIR"
  if [ ! -f "$FALLBACK_DIR/PG_VERSION" ]; then
    as_postgres "$BIN/initdb" -D "$FALLBACK_DIR" -A scram-sha-256 --pwfile=<(echo postgres) >&2
  fi
  as_postgres "$BIN/pg_ctl" -D "$FALLBACK_DIR" -o "-p $PORT -k /tmp -c listen_addresses=127.0.0.1" \
    -l "$FALLBACK_DIR/server.log" -w start >&2 || true
fi
for _ in $(seq 1 60); do ready && break; sleep 0.5; done
ready || { log "PostgreSQL did not come up on 127.0.0.1:$PORT"; exit 1; }

psql_su() { as_postgres "$BIN/psql" -h /var/run/postgresql -p "$PORT" -v ON_ERROR_STOP=1 -tAc "$1" 2>/dev/null \
  || as_postgres "$BIN/psql" -h /tmp -p "$PORT" -v ON_ERROR_STOP=1 -tAc "$1"; }

if [ "$(psql_su "SELECT 1 FROM pg_roles WHERE rolname = '$NAME'")" != "1" ]; then
  psql_su "CREATE ROLE $NAME LOGIN PASSWORD '$NAME'" >&2
fi
if [ "$(psql_su "SELECT 1 FROM pg_database WHERE datname = '$NAME'")" != "1" ]; then
  psql_su "CREATE DATABASE $NAME OWNER $NAME" >&2
fi
log "PostgreSQL $VERSION ready on 127.0.0.1:$PORT"
echo "postgresql+psycopg://$NAME:$NAME@127.0.0.1:$PORT/$NAME"
