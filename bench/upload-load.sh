#!/usr/bin/env bash
# Runs the report upload benchmark of docs/benchmarks.md: the real serve jar on loopback (plain
# HTTP, no rate limit) on SQLite in a fresh data directory, or on PostgreSQL, then the load
# generator (dev.mtasts.bench.upload.UploadLoad) posting distinct gzip reports of about 2 KB.
#   bench/upload-load.sh [CONNECTIONS] [DURATION_S] [sqlite|postgres]   defaults: 16 20 sqlite
# postgres uses jdbc:postgresql://127.0.0.1:5432/mtasts?user=mtasts in a fresh schema.
# Then `report import` of IMPORT_FILES (default 2000) generated report files into a fresh store.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
source "$root/scripts/find-jdk.sh"
connections="${1:-16}"
duration="${2:-20}"
engine="${3:-sqlite}"
work="$(mktemp -d /tmp/upload-load.XXXXXX)"
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; }
trap cleanup EXIT

(cd "$root" && ./mvnw -q -B -o -DskipTests -Dspotless.skip=true -pl app,bench -am package >&2) \
  || (cd "$root" && ./mvnw -q -B -DskipTests -Dspotless.skip=true -pl app,bench -am package >&2)

port=18480
{
  echo "data: $work/data"
  echo "http: {listen: 127.0.0.1:$port, rate_limit: {per_second: 0}}"
  if [ "$engine" = postgres ]; then
    schema="bench_$(date +%s)"
    psql -q -h 127.0.0.1 -U mtasts mtasts -c "CREATE SCHEMA $schema"
    echo "database: jdbc:postgresql://127.0.0.1:5432/mtasts?user=mtasts&currentSchema=$schema"
  fi
} > "$work/mtasts.yml"
"$JAVA_HOME/bin/java" ${MTASTS_JAVA_OPTS:-} -jar "$root/app/target/mtasts.jar" serve --config "$work/mtasts.yml" \
  > "$work/serve.out" 2> "$work/serve.err" &
pid=$!
for _ in $(seq 100); do grep -q "listening on" "$work/serve.out" 2>/dev/null && break; sleep 0.2; done
bench_jar="$root/bench/target/benchmarks.jar"
# warm-up, then the measured run
"$JAVA_HOME/bin/java" -cp "$bench_jar" dev.mtasts.bench.upload.UploadLoad \
  "http://127.0.0.1:$port/v1/tlsrpt" "$connections" 5 warm >/dev/null
# serve's CPU time (user+system clock ticks) around the measured run: the cost per upload does
# not depend on what else the machine is doing, the rate does.
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
echo "engine=$engine $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
before=$(ticks)
result=$("$JAVA_HOME/bin/java" -cp "$bench_jar" dev.mtasts.bench.upload.UploadLoad \
  "http://127.0.0.1:$port/v1/tlsrpt" "$connections" "$duration" run)
after=$(ticks)
echo "$result"
acked=$(echo "$result" | sed 's/.*"acknowledged":\([0-9]*\).*/\1/')
hz=$(getconf CLK_TCK)
echo "serve CPU: $(echo "scale=3; ($after - $before) * 1000 / $hz / $acked" | bc) ms per acknowledged upload"
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""

files="${IMPORT_FILES:-2000}"
mkdir -p "$work/import"
"$JAVA_HOME/bin/java" -cp "$bench_jar" dev.mtasts.bench.upload.WriteReports "$work/import" "$files"
start=$(date +%s.%N)
"$JAVA_HOME/bin/java" -jar "$root/app/target/mtasts.jar" report import --data "$work/import-data" "$work/import" > /dev/null
end=$(date +%s.%N)
echo "report import: $files files in $(echo "$end - $start" | bc) s ($(echo "$files / ($end - $start)" | bc) files/s, sqlite)"
rm -rf "$work"
