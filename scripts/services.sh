#!/usr/bin/env bash
# Starts (or stops) the real servers the integration tests use, on loopback only:
# PostgreSQL 5432 (database/user mtasts, trust on loopback), Redis 6379.
# knot and Postfix are started by the tests themselves, each with its own config.
set -euo pipefail
cmd="${1:-start}"
pg_version="$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -n 1)"

start_postgres() {
  [ -n "$pg_version" ] || { echo "services: PostgreSQL not installed, skipping"; return 0; }
  if ! pg_lsclusters -h 2>/dev/null | grep -q "^$pg_version main"; then
    pg_createcluster "$pg_version" main >/dev/null
  fi
  local conf="/etc/postgresql/$pg_version/main"
  sed -i "s/^#\?listen_addresses.*/listen_addresses = 'localhost'/" "$conf/postgresql.conf"
  grep -q "mtasts-ci" "$conf/pg_hba.conf" || \
    sed -i '1i host all mtasts 127.0.0.1/32 trust # mtasts-ci\nhost all mtasts ::1/128 trust # mtasts-ci' "$conf/pg_hba.conf"
  pg_ctlcluster "$pg_version" main start 2>/dev/null || pg_ctlcluster "$pg_version" main reload
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 && break; sleep 1; done
  su postgres -c "psql -qtc \"select 1 from pg_roles where rolname='mtasts'\"" | grep -q 1 || \
    su postgres -c "psql -qc 'create role mtasts login createdb'"
  su postgres -c "psql -qtc \"select 1 from pg_database where datname='mtasts'\"" | grep -q 1 || \
    su postgres -c "psql -qc 'create database mtasts owner mtasts'"
  echo "services: PostgreSQL $pg_version on 127.0.0.1:5432"
}

start_redis() {
  command -v redis-server >/dev/null || { echo "services: Redis not installed, skipping"; return 0; }
  if ! redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then
    redis-server --bind 127.0.0.1 --port 6379 --daemonize yes --save '' --appendonly no >/dev/null
    for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && break; sleep 0.2; done
  fi
  echo "services: Redis on 127.0.0.1:6379"
}

case "$cmd" in
  start) start_postgres; start_redis ;;
  stop)
    [ -n "$pg_version" ] && pg_ctlcluster "$pg_version" main stop 2>/dev/null || true
    redis-cli -h 127.0.0.1 shutdown nosave 2>/dev/null || true ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
