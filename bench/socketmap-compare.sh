#!/usr/bin/env bash
# Runs the policy daemon benchmark of docs/benchmarks.md: Debian's postfix-mta-sts-resolver and
# ours side by side on loopback, each with a sqlite cache pre-filled with the same fresh enforce
# policy (so neither looks anything up), then the load generator against each in turn.
#   bench/socketmap-compare.sh [CONNECTIONS] [DURATION_S] [CLIENT]   defaults: 1,16,128 5 threads
# CLIENT: threads (a blocking thread per connection, like Postfix's smtp processes) or loop (one
# event loop for all connections, like wrk). MTASTS_JAVA_OPTS passes JVM options to our daemon;
# ONLY=ours|incumbent runs one of them; DOMAINS=N asks for N distinct domains (d0.example.net ...)
# round robin instead of example.com. CACHE=internal gives both daemons their in-memory cache and
# asks for an IP literal ([192.0.2.1]), which neither looks up. Each daemon's time to its first
# answer after a second start and its resident set after the load are printed with its numbers.
# Needs mta-sts-daemon (apt install postfix-mta-sts-resolver).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
source "$root/scripts/find-jdk.sh"
connections="${1:-1,16,128}"
duration="${2:-5}"
client="${3:-threads}"
only="${ONLY:-}"
domains="${DOMAINS:-0}"
cache="${CACHE:-sqlite}"
work="$(mktemp -d /tmp/socketmap-compare.XXXXXX)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

if [ -z "${NO_BUILD:-}" ]; then # NO_BUILD=1: use the jars as they are
  (cd "$root" && ./mvnw -q -B -o -DskipTests -Dspotless.skip=true -pl app,bench -am package >&2) \
    || (cd "$root" && ./mvnw -q -B -DskipTests -Dspotless.skip=true -pl app,bench -am package >&2)
fi

now=$(date +%s)
if [ "$domains" -gt 0 ]; then
  names=$(seq -f 'd%g.example.net' 0 $((domains - 1)))
else
  names=example.com
fi
keys=$(echo $names | tr ' ' ',')
[ "$cache" = internal ] && keys='[192.0.2.1]'
mkdir -p "$work/incumbent" "$work/ours"
cat > "$work/incumbent/mta-sts-daemon.yml" <<YML
host: 127.0.0.1
port: 18471
cache_grace: 86400
cache: {type: sqlite, options: {filename: $work/incumbent/cache.db}}
YML
[ "$cache" = internal ] && sed -i 's/^cache: .*/cache: {type: internal}/' "$work/incumbent/mta-sts-daemon.yml"
{
  echo "create table sts_policy_cache (domain text, ts integer, pol_id text, pol_body text);"
  echo "create unique index sts_policy_domain on sts_policy_cache (domain);"
  for d in $names; do
    echo "insert into sts_policy_cache values ('$d', $now, '20240301',"
    echo "  '{\"version\": \"STSv1\", \"mode\": \"enforce\", \"mx\": [\"mx.$d\"], \"max_age\": 604800}');"
  done
} | sqlite3 "$work/incumbent/cache.db"
cat > "$work/ours/mta-sts-daemon.yml" <<YML
host: 127.0.0.1
port: 18472
cache_grace: 86400
cache: {type: sqlite, options: {filename: $work/ours/cache.db}}
dane: {mode: ignore}
mtasts: {dns: 127.0.0.1:1}
YML
[ "$cache" = internal ] && sed -i 's/^cache: .*/cache: {type: internal}/' "$work/ours/mta-sts-daemon.yml"
ms=$((now * 1000)); expires=$(((now + 604800) * 1000))
{
  echo "CREATE TABLE mtasts_policy_cache (domain TEXT PRIMARY KEY, policy_id TEXT NOT NULL,"
  echo "  policy_text TEXT NOT NULL, fetched_at BIGINT NOT NULL, expires_at BIGINT NOT NULL,"
  echo "  last_checked BIGINT NOT NULL, failures INTEGER NOT NULL, next_attempt BIGINT NOT NULL);"
  echo "CREATE INDEX mtasts_policy_cache_checked ON mtasts_policy_cache (last_checked);"
  for d in $names; do
    policy="version: STSv1
mode: enforce
mx: mx.$d
max_age: 604800
"
    echo "INSERT INTO mtasts_policy_cache VALUES ('$d', '20240301', '$policy', $ms, $expires, $ms, 0, $ms);"
  done
} | sqlite3 "$work/ours/cache.db"

# Only cached domains are ever asked: neither daemon may go to the network (ours is also pinned to a
# loopback DNS address that answers nothing).
first="${keys%%,*}"
request="postfix $first"
await_reply() {
  for _ in $(seq 1 300); do
    if printf '%d:%s,' "${#request}" "$request" | timeout 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1; cat >&3; head -c 2 <&3" 2>/dev/null | grep -q .; then
      return 0
    fi
    if [ "${2:-}" = fast ]; then sleep 0.01; else sleep 0.1; fi
  done
  echo "socketmap-compare: nothing answers on port $1" >&2; return 1
}

load() {
  "$JAVA_HOME/bin/java" -cp "$here/target/benchmarks.jar" dev.mtasts.bench.socketmap.SocketmapLoad \
    --target "127.0.0.1:$1" --connections "$connections" --duration "$duration" --warmup 1 \
    --client "$client" --keys "$keys"
}

# Each daemon is started, asked once and stopped (our first stop writes the AppCDS archive), then
# started again: the time from that second start to its first answer is reported, then the load
# runs, then its resident set is read.
start_incumbent() {
  mta-sts-daemon -c "$work/incumbent/mta-sts-daemon.yml" -v warn >>"$work/incumbent/log" 2>&1 &
  daemon=$!
}
start_ours() {
  (cd "$work/ours" && MTASTS_CDS_DIR="$work/ours/cds" exec "$root/mtasts" resolver \
    --config "$work/ours/mta-sts-daemon.yml") >>"$work/ours/log" 2>&1 &
  daemon=$!
}
stop_daemon() { kill "$daemon" 2>/dev/null || true; wait "$daemon" 2>/dev/null || true; }
measure() { # NAME PORT START_FUNCTION
  local begin
  "$3"; pids+=("$daemon"); await_reply "$2" fast; stop_daemon
  begin=$(date +%s%N)
  "$3"; pids+=("$daemon"); await_reply "$2" fast
  echo "## $1"
  local wall_ms=$(( ($(date +%s%N) - begin) / 1000000 )) stat
  # The CPU time the process used until then (all its threads): what the start costs whatever the
  # machine's load; the wall time is that divided by the cores it got.
  read -r -a stat <"/proc/$daemon/stat"
  echo "first answer after the second start: $wall_ms ms, having used $(( (stat[13] + stat[14]) * 1000 / $(getconf CLK_TCK) )) ms of CPU"
  load "$2"
  echo "resident set after the load: $(ps -o rss= -p "$daemon" | awk '{printf "%.0f MB", $1/1024}')"
  stop_daemon
}

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); client: $client; cache: $cache; work dir: $work"
if [ "$only" != ours ]; then
  measure "postfix-mta-sts-resolver $(dpkg-query -W -f='${Version}' postfix-mta-sts-resolver 2>/dev/null)" \
    18471 start_incumbent
fi
if [ "$only" != incumbent ]; then
  measure "mtasts resolver" 18472 start_ours
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
