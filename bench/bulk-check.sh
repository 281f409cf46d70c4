#!/usr/bin/env bash
# Bulk domain check benchmark: `mtasts check` of 1,000 generated lab domains (plus the lab's slow
# ones) with --concurrency 200. Shows that the wall time is bounded by the slowest domains, not the
# sum of the per-domain times, and that memory does not grow with the number of domains (250 vs
# 1,000 domains, default heap and a 256 MiB heap).
#
# Usage: bench/bulk-check.sh [COUNT] [SLOW_BANNER_SECONDS]   (defaults: 1000, 5)
# Everything runs on loopback: the lab serves DNS, HTTPS and SMTP for the generated domains.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
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

run() { # LABEL DOMAIN_FILE JAVA_OPTS
  local label="$1" file="$2" opts="$3"
  echo "running $label ($(wc -l <"$file") domains, MTASTS_JAVA_OPTS='$opts')..."
  set +e
  MTASTS_JAVA_OPTS="$opts -Xlog:gc:file=$work/$label.gc" /usr/bin/time -v -o "$work/$label.time" \
    ./mtasts check --input "$file" --concurrency "$concurrency" --json \
    --dns "$dns" --ca-file "$ca" --https-port "$https" --smtp-port "$smtp" \
    2>"$work/$label.err" | python3 -c "$stamp" >"$work/$label.jsonl"
  echo "${PIPESTATUS[0]}" >"$work/$label.exit"
  set -e
}

run all-default "$work/domains-all.txt" ""
run small-default "$work/domains-small.txt" ""
run all-256m "$work/domains-all.txt" "-Xmx256m"
run small-256m "$work/domains-small.txt" "-Xmx256m"

python3 - "$work" "$concurrency" "$slow" "$lab_ready" <<'PY'
import json, re, sys, collections
from datetime import datetime
work, concurrency, slow, lab_ready = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]

def gnu_time(label):
    text = open(f"{work}/{label}.time").read()
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", text)
    h, m, s = wall.groups()
    seconds = int(h or 0) * 3600 + int(m) * 60 + float(s)
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
    return seconds, rss

def gc_peak(label):
    # -Xlog:gc lines end "... 123M->45M(256M) 1.234ms": the largest heap in use after a GC.
    after = [int(m.group(1)) for m in re.finditer(r"->(\d+)M\(", open(f"{work}/{label}.gc").read())]
    return (max(after) if after else 0), len(after)

print(f"lab with the generated domains ready in {lab_ready} s; --concurrency {concurrency}; "
      f"slow MX banner {slow} s")
print("| run | domains | exit | statuses | wall s | sum of per-domain s | slowest domain | "
      "slowest s | peak RSS MiB | max heap after GC MiB (GCs) |")
print("|---|---:|---:|---|---:|---:|---|---:|---:|---:|")
for label in ["small-default", "all-default", "small-256m", "all-256m"]:
    wall, rss = gnu_time(label)
    statuses = collections.Counter()
    times = []
    for raw in open(f"{work}/{label}.jsonl"):
        entry = json.loads(raw)
        report = json.loads(entry["line"])
        statuses[report["status"]] += 1
        if "checkedAt" in report:
            started = datetime.fromisoformat(report["checkedAt"].replace("Z", "+00:00")).timestamp()
            times.append((entry["arrived"] - started, report["domain"]))
    times.sort()
    slowest = times[-1] if times else (0, "-")
    heap, gcs = gc_peak(label)
    exit_code = open(f"{work}/{label}.exit").read().strip()
    print(f"| {label} | {sum(statuses.values())} | {exit_code} | "
          f"{', '.join(f'{k} {v}' for k, v in sorted(statuses.items()))} | {wall:.1f} | "
          f"{sum(t for t, _ in times):.1f} | {slowest[1]} | {slowest[0]:.1f} | {rss / 1024:.0f} | "
          f"{heap} ({gcs}) |")
PY
echo "raw results in $work"
