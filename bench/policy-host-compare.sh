#!/usr/bin/env bash
# Runs the policy hosting benchmark of docs/benchmarks.md: `mtasts serve` with policy_host and nginx
# side by side on loopback, serving the same policy file with the same certificate and key (a
# throwaway CA made here with openssl), then wrk against each in turn: policy requests per second
# over TLS with keep-alive.
#   bench/policy-host-compare.sh [CONNECTIONS] [DURATION_S] [WARMUP_S] [ROUNDS]   defaults: 16 20 10 2
# Each round runs ours then nginx, so that a busy machine's drift touches both alike.
# MTASTS_JAVA_OPTS passes JVM options to serve; ONLY=ours|nginx runs one of them.
# wrk sends the URL's host as SNI and resolves it with the system's resolver, so it runs in a
# private mount namespace (unshare) whose /etc/hosts names the policy host 127.0.0.1.
# Needs nginx, wrk, openssl, curl and unshare.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
source "$root/scripts/find-jdk.sh"
connections="${1:-16}"
duration="${2:-20}"
warmup="${3:-10}"
rounds="${4:-2}"
only="${ONLY:-}"
host=mta-sts.bench.test
ours_port=18481
nginx_port=18482
work="$(mktemp -d /tmp/policy-host-compare.XXXXXX)"
chmod 755 "$work"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT

(cd "$root" && ./mvnw -q -B -o -DskipTests -Dspotless.skip=true -pl app -am package >&2) \
  || (cd "$root" && ./mvnw -q -B -DskipTests -Dspotless.skip=true -pl app -am package >&2)

# One certificate for both: EC P-256, signed by a CA made for this run.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=bench CA" \
  -keyout "$work/ca.key" -out "$work/ca.pem" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$host" \
  -keyout "$work/host.key" -out "$work/host.csr" 2>/dev/null
printf 'subjectAltName=DNS:%s\nextendedKeyUsage=serverAuth\n' "$host" > "$work/ext.cnf"
openssl x509 -req -in "$work/host.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" -CAcreateserial \
  -days 2 -extfile "$work/ext.cnf" -out "$work/host.pem" 2>/dev/null
cat "$work/ca.pem" >> "$work/host.pem"

cat > "$work/serve.yml" <<YML
data: $work/data
http: {listen: 127.0.0.1:0}
policy_host:
  listen: 127.0.0.1:$ours_port
  domains:
    bench.test:
      mode: enforce
      mx: [mx1.bench.test, "*.mail.bench.test"]
      certificate: {cert: $work/host.pem, key: $work/host.key}
YML

# shellcheck disable=SC2086
"$JAVA_HOME/bin/java" ${MTASTS_JAVA_OPTS:-} -jar "$root/app/target/mtasts.jar" serve --config "$work/serve.yml" \
  > "$work/serve.out" 2> "$work/serve.err" &
pids+=($!)
for _ in $(seq 1 300); do
  curl -s --resolve "$host:$ours_port:127.0.0.1" --cacert "$work/ca.pem" \
    -o "$work/mta-sts.txt" "https://$host:$ours_port/.well-known/mta-sts.txt" && break
  sleep 0.2
done
[ -s "$work/mta-sts.txt" ] || { echo "serve did not answer; see $work/serve.err" >&2; exit 2; }
chmod 644 "$work/mta-sts.txt"

mkdir -p "$work/nginx"
cat > "$work/nginx.conf" <<NGINX
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  server {
    listen 127.0.0.1:$nginx_port ssl http2 reuseport;
    server_name $host;
    ssl_certificate $work/host.pem;
    ssl_certificate_key $work/host.key;
    ssl_protocols TLSv1.2 TLSv1.3;
    keepalive_requests 1000000;
    open_file_cache max=16;
    open_file_cache_valid 60s;
    location = /.well-known/mta-sts.txt {
      alias $work/mta-sts.txt;
      default_type "text/plain; charset=utf-8";
      add_header Cache-Control "max-age=60";
    }
    location / { return 404; }
  }
}
NGINX
nginx -p "$work/nginx" -c "$work/nginx.conf" -e "$work/nginx/error.log"
for _ in $(seq 1 50); do
  curl -s --resolve "$host:$nginx_port:127.0.0.1" --cacert "$work/ca.pem" -o "$work/nginx.txt" \
    "https://$host:$nginx_port/.well-known/mta-sts.txt" && break
  sleep 0.1
done
cmp "$work/mta-sts.txt" "$work/nginx.txt" || { echo "nginx serves another file" >&2; exit 2; }

echo "127.0.0.1 $host" > "$work/hosts"
for port in $ours_port $nginx_port; do
  echo "# $port: $(curl -sv --resolve "$host:$port:127.0.0.1" --cacert "$work/ca.pem" -o /dev/null \
    "https://$host:$port/.well-known/mta-sts.txt" 2>&1 | grep -o 'SSL connection using .*')"
done
run_wrk() { # port seconds
  local ns=(unshare -m)
  [ "$(id -u)" -eq 0 ] || ns=(unshare -rm)
  "${ns[@]}" sh -c "mount --bind '$work/hosts' /etc/hosts && \
    wrk -t2 -c$connections -d${2}s --latency https://$host:$1/.well-known/mta-sts.txt"
}
echo "# $(date -u +%FT%TZ) $(nproc) CPUs; $connections connections, ${duration}s after ${warmup}s warm-up"
for who in ours nginx; do
  [ -n "$only" ] && [ "$only" != "$who" ] && continue
  port=$ours_port; [ "$who" = nginx ] && port=$nginx_port
  run_wrk "$port" "$warmup" > /dev/null
done
for round in $(seq 1 "$rounds"); do
  for who in ours nginx; do
    [ -n "$only" ] && [ "$only" != "$who" ] && continue
    port=$ours_port; [ "$who" = nginx ] && port=$nginx_port
    echo "## round $round: $who (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
    run_wrk "$port" "$duration"
  done
done
