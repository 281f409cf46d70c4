#!/usr/bin/env bash
# Runs the TLS-RPT datagram collector benchmark of docs/benchmarks.md: the collector of the real
# jar (dev.mtasts.app.sending.collect.DatagramCollector, with a sink that only counts) in one
# process, the load generator (dev.mtasts.bench.collect.DatagramLoad: non-blocking sends as
# libtlsrpt does, drops counted by the sender) in another, at each RATE in turn.
#   bench/datagram-load.sh [SECONDS] [SENDERS] [RATE...]   defaults: 10 8 10000 20000 30000 40000 0
# A rate of 0 sends as fast as the senders can. For each rate it prints the datagrams sent, dropped
# (EAGAIN: the socket's queue was full) and collected, the rate offered (a sender that falls behind
# does not catch up in a burst) and the collected rate.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
source "$root/scripts/find-jdk.sh"
seconds="${1:-10}"
senders="${2:-8}"
shift $(( $# > 2 ? 2 : $# ))
rates=("$@")
[ ${#rates[@]} -gt 0 ] || rates=(10000 20000 30000 40000 0)
work="$(mktemp -d /tmp/datagram-load.XXXXXX)"
trap 'exec 3>&- 4<&- 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT

(cd "$root" && ./mvnw -q -B -o -DskipTests -Dspotless.skip=true -pl app,bench -am package >&2) \
  || (cd "$root" && ./mvnw -q -B -DskipTests -Dspotless.skip=true -pl app,bench -am package >&2)
cp="$root/app/target/mtasts.jar:$root/bench/target/benchmarks.jar"
socket="$work/tlsrpt.sock"
mkfifo "$work/in" "$work/out"
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -Xmx256m -cp "$cp" dev.mtasts.bench.collect.CollectorProcess \
  "$socket" "$work" < "$work/in" > "$work/out" &
pid=$!
exec 3>"$work/in" 4<"$work/out"
# the collector's CPU time (user+system clock ticks): its cost per datagram does not depend on what
# else the machine is doing, the rate it keeps up with does.
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
hz=$(getconf CLK_TCK)
read -r ready <&4
echo "$ready; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), net.unix.max_dgram_qlen $(cat /proc/sys/net/unix/max_dgram_qlen)"
collected() { echo >&3; read -r line <&4; echo "$line" | sed 's/.*"datagrams":\([0-9]*\).*/\1/'; }
# warm-up
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$cp" dev.mtasts.bench.collect.DatagramLoad "$socket" 20000 5 "$senders" >/dev/null
printf '%-10s %10s %10s %10s %10s %12s %14s\n' rate offered/s sent dropped collected collected/s 'CPU µs/datagram'
for rate in "${rates[@]}"; do
  before=$(collected)
  cpu_before=$(ticks)
  result=$("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$cp" dev.mtasts.bench.collect.DatagramLoad "$socket" "$rate" "$seconds" "$senders")
  sleep 1
  after=$(collected)
  cpu_after=$(ticks)
  sent=$(echo "$result" | sed 's/.*"sent":\([0-9]*\).*/\1/')
  dropped=$(echo "$result" | sed 's/.*"dropped":\([0-9]*\).*/\1/')
  took=$(echo "$result" | sed 's/.*"seconds":\([0-9.]*\).*/\1/')
  got=$((after - before))
  printf '%-10s %10.0f %10d %10d %10d %12.0f %14.1f\n' "${rate/#0/max}" \
    "$(echo "($sent + $dropped) / $took" | bc -l)" "$sent" "$dropped" "$got" \
    "$(echo "$got / $took" | bc -l)" "$(echo "($cpu_after - $cpu_before) * 1000000 / $hz / $got" | bc -l)"
done
