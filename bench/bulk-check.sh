#!/usr/bin/env bash
# Bulk domain check benchmark: `mtasts check` of 1,000 generated lab domains (plus the lab's slow
# ones) with --concurrency 200. Shows that the wall time is bounded by the slowest domains, not the
# sum of the per-domain times, and that memory does not grow with the number of domains (250 vs
# 1,000 domains, default heap and a 256 MiB heap; 1,000 domains in a 64 MiB heap).
#
# Usage: bench/bulk-check.sh [COUNT] [SLOW_BANNER_SECONDS]   (defaults: 1000, 5)
# Everything runs on loopback: the lab serves DNS, HTTPS and SMTP for the generated domains.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
source scripts/find-jdk.sh # sets JAVA_HOME, as the launcher does
count="${1:-1000}"
slow="${2:-5}"
small=$((count / 4))
concurrency=200
work="$(mktemp -d "${TMPDIR:-/tmp}/bulk-check.XXXXXX")"
echo "work directory: $work"

if [ ! -x /usr/bin/time ]; then
  echo "installing GNU time (Debian package time) for peak RSS..."
  if [ "$(id -u)" -eq 0 ]; then apt-get install -y -qq time >/dev/null; else sudo apt-get install -y -qq time >/dev/null; fi
fi

./mtasts --version >/dev/null # builds the jar first if needed, so no run below includes a build

lab_pid=""
cleanup() { if [ -n "$lab_pid" ]; then kill "$lab_pid" 2>/dev/null || true; wait "$lab_pid" 2>/dev/null || true; fi; }
trap cleanup EXIT

started=$(date +%s.%N)
./mtasts lab --bulk "$count" --slow-banner "$slow" --json --dir "$work/lab" \
  --dns-port 0 --https-port 0 --smtp-port 0 >"$work/lab.json" 2>"$work/lab.err" &
lab_pid=$!
for _ in $(seq 1 600); do
  [ -s "$work/lab.json" ] && break
  kill -0 "$lab_pid" 2>/dev/null || { cat "$work/lab.err" >&2; exit 2; }
  sleep 0.2
done
[ -s "$work/lab.json" ] || { echo "the lab did not start" >&2; exit 2; }
lab_ready=$(python3 -c "print(round($(date +%s.%N) - $started, 1))")

# The lab's one JSON line: where its DNS, HTTPS and SMTP listen; the generated domains to check.
read -r dns ca https smtp < <(python3 - "$work" "$small" <<'PY'
import json, sys
work, small = sys.argv[1], int(sys.argv[2])
lab = json.loads(open(f"{work}/lab.json").readline())
bulk = [d for d in lab["domains"] if d.startswith("bulk-")]
slow = [d for d in lab["domains"] if d.startswith("slow-")]
open(f"{work}/domains-all.txt", "w").write("\n".join(bulk + slow) + "\n")
open(f"{work}/domains-small.txt", "w").write("\n".join(bulk[:small] + slow) + "\n")
open(f"{work}/domains-serial.txt", "w").write("\n".join(bulk[:50] + slow[:1]) + "\n")
print(lab["dns"], lab["caFile"], lab["httpsPort"], lab["smtpPort"])
PY
)

# Each output line gets the time it arrived; with checkedAt (when that domain's check started) it
# gives the domain's own check time.
stamp='
import sys, time, json
for line in sys.stdin:
    print(json.dumps({"arrived": time.time(), "line": line.rstrip("\n")}), flush=True)
'

run() { # LABEL DOMAIN_FILE JAVA_OPTS [CONCURRENCY]
  local label="$1" file="$2" opts="$3" concurrency="${4:-$concurrency}"
  echo "running $label ($(wc -l <"$file") domains, --concurrency $concurrency, MTASTS_JAVA_OPTS='$opts')..."
  set +e
  MTASTS_JAVA_OPTS="$opts -Xlog:gc:file=$work/$label.gc" /usr/bin/time -v -o "$work/$label.time" \
    ./mtasts check --input "$file" --concurrency "$concurrency" --json \
    --dns "$dns" --ca-file "$ca" --https-port "$https" --smtp-port "$smtp" --allow-private-addresses \
    2>"$work/$label.err" | python3 -c "$stamp" >"$work/$label.jsonl"
  echo "${PIPESTATUS[0]}" >"$work/$label.exit"
  set -e
}

# One at a time: what each domain costs when nothing else runs; their sum is what the
# concurrent run must beat.
run serial "$work/domains-serial.txt" "" 1
run all-default "$work/domains-all.txt" ""
run small-default "$work/domains-small.txt" ""
run all-256m "$work/domains-all.txt" "-Xmx256m"
run small-256m "$work/domains-small.txt" "-Xmx256m"
run all-64m "$work/domains-all.txt" "-Xmx64m" # a heap far too small to hold 1,000 reports

echo "the lab process used $(awk '{printf "%.0f", ($14 + $15) / 100}' "/proc/$lab_pid/stat") CPU s over all runs"
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
  "$(awk '/MemTotal/ {printf "%.0f GiB RAM", $2 / 1048576}' /proc/meminfo)," \
  "$("$JAVA_HOME/bin/java" -version 2>&1 | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)," \
  "$(date -u +%Y-%m-%dT%H:%MZ)"
python3 - "$work" "$concurrency" "$slow" "$lab_ready" "$count" <<'PY'
import json, re, sys, collections
from datetime import datetime
work, concurrency, slow, lab_ready, count = sys.argv[1:6]

def gnu_time(label):
    text = open(f"{work}/{label}.time").read()
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", text)
    h, m, s = wall.groups()
    seconds = int(h or 0) * 3600 + int(m) * 60 + float(s)
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
    cpu = sum(float(x) for x in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", text))
    return seconds, rss, cpu

def gc_peak(label):
    # -Xlog:gc lines end "... 123M->45M(256M) 1.234ms": the largest heap in use after a GC.
    after = [int(m.group(1)) for m in re.finditer(r"->(\d+)M\(", open(f"{work}/{label}.gc").read())]
    return (max(after) if after else 0), len(after)

print(f"lab with the generated domains ready in {lab_ready} s; --concurrency {concurrency}; "
      f"slow MX banner {slow} s")
def per_domain(label):
    times = []
    for raw in open(f"{work}/{label}.jsonl"):
        entry = json.loads(raw)
        report = json.loads(entry["line"])
        if "checkedAt" in report:
            started = datetime.fromisoformat(report["checkedAt"].replace("Z", "+00:00")).timestamp()
            times.append((entry["arrived"] - started, report["domain"]))
    return times

serial = per_domain("serial")
bulk = sorted(t for t, d in serial if d.startswith("bulk-"))
slow_times = [t for t, d in serial if d.startswith("slow-")]
median = bulk[len(bulk) // 2]
estimate = int(count) * median + 3 * (slow_times[0] if slow_times else 0)
print(f"one at a time ({len(serial)} domains): a generated domain takes {median:.3f} s (median), "
      f"{bulk[int(len(bulk) * 0.9)]:.3f} s (p90); a slow one "
      f"{slow_times[0] if slow_times else 0:.2f} s; so {count} + 3 slow domains one after the "
      f"other would take about {estimate:.0f} s")
print("| run | domains | exit | statuses | wall s | sum of per-domain s | slowest domain | "
      "slowest s | check CPU s | peak RSS MiB | max heap after GC MiB (GCs) |")
print("|---|---:|---:|---|---:|---:|---|---:|---:|---:|---:|")
for label in ["serial", "small-default", "all-default", "small-256m", "all-256m", "all-64m"]:
    wall, rss, cpu = gnu_time(label)
    statuses = collections.Counter(
        json.loads(json.loads(raw)["line"])["status"] for raw in open(f"{work}/{label}.jsonl"))
    times = sorted(per_domain(label))
    slowest = times[-1] if times else (0, "-")
    heap, gcs = gc_peak(label)
    exit_code = open(f"{work}/{label}.exit").read().strip()
    print(f"| {label} | {sum(statuses.values())} | {exit_code} | "
          f"{', '.join(f'{k} {v}' for k, v in sorted(statuses.items()))} | {wall:.1f} | "
          f"{sum(t for t, _ in times):.1f} | {slowest[1]} | {slowest[0]:.1f} | {cpu:.0f} | {rss / 1024:.0f} | "
          f"{heap} ({gcs}) |")
PY
echo "raw results in $work"
