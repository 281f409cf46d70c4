#!/usr/bin/env bash
# Installs the Debian package on this machine and checks it as a postmaster would meet it, then
# purges it (.ci/run runs this after the tests; needs root). Fails on the first wrong result and
# leaves no process, package or file of its own behind; a /etc/mta-sts-daemon.yml that was there
# before (postfix-mta-sts-resolver's) is put back as it was.
#
#   packaging/test-deb.sh [--deb FILE | --jar FILE]
#
# Without --deb the package is built by packaging/build-deb.sh (--jar passed on) with a fast
# compression (gzip -1) unless DPKG_DEB_COMPRESSOR_TYPE/_LEVEL say otherwise.
#
# 1. dpkg -i on a machine without /etc/mta-sts-daemon.yml: files, user, state directory, units
#    (systemd-analyze verify), mtasts-resolver enabled and mtasts-serve not, the example config.
# 2. The installed mtasts, with no JDK in reach: --version, check and query against the lab
#    (run by the installed mtasts), the JVM options of the launcher.
# 3. The resolver as the service user with the example config (another port, the lab's DNS and
#    CA): READY=1 on NOTIFY_SOCKET as systemd would get it, answers over the socketmap, its SQLite
#    cache in /var/lib/mtasts, STOPPING=1 and a clean exit on SIGTERM, which writes the AppCDS
#    archive into /var/cache/mtasts (as the unit's CacheDirectory= gives it); a second start uses it.
# 4. dpkg --purge: nothing of the package is left.
# 5. Again with a config that was there before: install and purge leave it as it was.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
config=/etc/mta-sts-daemon.yml
example=/usr/lib/mtasts/examples/mta-sts-daemon.yml

deb=""
build_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --deb) deb="$(realpath "$2")"; shift 2 ;;
    --jar) build_args=(--jar "$2"); shift 2 ;;
    *) echo "usage: $0 [--deb FILE | --jar FILE]" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" = 0 ] || { echo "test-deb: needs root (dpkg -i)" >&2; exit 2; }

step() { printf 'test-deb: [%ss] %s\n' "$SECONDS" "$*"; }
fail() { echo "test-deb: FAIL: $*" >&2; exit 1; }

tmp="$(mktemp -d)"
chmod 0755 "$tmp" # the service user reads the lab's CA and the config here
pids=()
config_backup=""
cleanup() {
  local rc=$?
  set +e
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
  if dpkg-query -W -f='${Status}' mtasts 2>/dev/null | grep -q 'ok installed\|config-files'; then
    dpkg --purge mtasts >/dev/null 2>&1
  fi
  if [ -n "$config_backup" ]; then cp -p "$config_backup" "$config"; fi
  rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT

if [ -z "$deb" ]; then
  export DPKG_DEB_COMPRESSOR_TYPE="${DPKG_DEB_COMPRESSOR_TYPE:-gzip}"
  export DPKG_DEB_COMPRESSOR_LEVEL="${DPKG_DEB_COMPRESSOR_LEVEL:-1}"
  step "building the package"
  deb="$("$here/packaging/build-deb.sh" "${build_args[@]}" | tail -n 1)"
fi
deb_version="$(dpkg-deb -f "$deb" Version)"
jar_version="$(printf '%s' "$deb_version" | tr '~' '-' | tr 'a-z' 'A-Z')"
step "$(basename "$deb"): $(du -h "$deb" | cut -f1), installed $(dpkg-deb -f "$deb" Installed-Size) KiB"

if dpkg-query -W mtasts >/dev/null 2>&1; then dpkg --purge mtasts >/dev/null; fi
if [ -e "$config" ]; then
  config_backup="$tmp/mta-sts-daemon.yml.before"
  cp -p "$config" "$config_backup"
  rm -f "$config"
fi

# --- 1. install
step "dpkg -i"
dpkg -i "$deb" >"$tmp/dpkg.log" 2>&1 || { cat "$tmp/dpkg.log" >&2; fail "dpkg -i"; }
dpkg-query -W -f='${Status}' mtasts | grep -qx 'install ok installed' || fail "mtasts is not installed"
for f in /usr/bin/mtasts /usr/lib/mtasts/runtime/bin/java /usr/lib/mtasts/app/mtasts.jar; do
  [ -x "$f" ] || [ -f "$f" ] || fail "$f is missing"
done
getent passwd mtasts >/dev/null || fail "no user mtasts"
[ "$(stat -c '%U:%G %a' /var/lib/mtasts)" = "mtasts:mtasts 750" ] || fail "/var/lib/mtasts: $(stat -c '%U:%G %a' /var/lib/mtasts)"
cmp -s "$config" "$example" || fail "$config is not the example"
wants=/etc/systemd/system/multi-user.target.wants
[ -L "$wants/mtasts-resolver.service" ] || fail "mtasts-resolver.service is not enabled"
[ ! -e "$wants/mtasts-serve.service" ] || fail "mtasts-serve.service is enabled"
units=(/lib/systemd/system/mtasts-resolver.service /lib/systemd/system/mtasts-serve.service)
verify="$(systemd-analyze verify "${units[@]}" 2>&1)" || fail "systemd-analyze verify: $verify"
[ -z "$verify" ] || fail "systemd-analyze verify: $verify"

# --- 2. the installed mtasts, without a JDK: only the package's runtime is in reach.
# env, setpriv and the launcher exec one another, so a background job's $! is the JVM itself.
run=(env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8)
run() { "${run[@]}" "$@"; }
step "mtasts --version"
start_ns="$(date +%s%N)"
version_out="$(run /usr/bin/mtasts --version)"
step "  took $(( ($(date +%s%N) - start_ns) / 1000000 )) ms: $(head -n 1 <<<"$version_out")"
grep -qx "mtasts $jar_version" <<<"$version_out" || fail "--version: $version_out"
# MTASTS_JAVA_OPTS reaches the JVM; the runtime's class data archive is used; and no security
# provider is missing from the runtime (the JDK would then load BouncyCastle's at every start).
classes="$(run MTASTS_JAVA_OPTS=-Xlog:class+load /usr/bin/mtasts --version)"
grep -q 'java.lang.Object source: shared objects file' <<<"$classes" || fail "MTASTS_JAVA_OPTS not passed, or no CDS"
! grep -q 'org.bouncycastle' <<<"$classes" || fail "mtasts --version loads BouncyCastle: a provider module is missing"

step "lab"
"${run[@]}" /usr/bin/mtasts lab --json --dir "$tmp/lab" --dns-port 0 --https-port 0 --smtp-port 0 \
  >"$tmp/lab.json" 2>"$tmp/lab.log" &
pids+=($!)
for _ in $(seq 1 120); do [ -s "$tmp/lab.json" ] && break; kill -0 "${pids[-1]}" 2>/dev/null || break; sleep 0.5; done
[ -s "$tmp/lab.json" ] || { cat "$tmp/lab.log" >&2; fail "the lab did not start"; }
lab="$(head -n 1 "$tmp/lab.json")"
json_field() { sed -n "s/.*\"$1\":\"\\{0,1\\}\\([^\",}]*\\).*/\\1/p" <<<"$lab"; }
dns="$(json_field dns)"; ca="$(json_field caFile)"; https_port="$(json_field httpsPort)"; smtp_port="$(json_field smtpPort)"
[ -n "$dns" ] && [ -n "$https_port" ] && [ -n "$smtp_port" ] && [ -f "$ca" ] || fail "lab: $lab"
net=(--dns "$dns" --ca-file "$ca" --https-port "$https_port")
# The lab's policy hosts are loopback addresses: once mtasts refuses those by default (issue 9,
# --allow-private-addresses), the lab's users allow them.
private=""
if run /usr/bin/mtasts query --help | grep -q -- '--allow-private-addresses'; then
  net+=(--allow-private-addresses)
  private="  allow_private_addresses: true"
fi

expect_exit() { # expect_exit CODE OUTFILE COMMAND...
  local want="$1" out="$2" got=0
  shift 2
  run "$@" >"$out" 2>&1 || got=$?
  [ "$got" = "$want" ] || { cat "$out" >&2; fail "$* exited $got, not $want"; }
}
step "mtasts check"
expect_exit 0 "$tmp/check-good" /usr/bin/mtasts check "${net[@]}" --smtp-port "$smtp_port" good.test
grep -q 'Status: pass' "$tmp/check-good" || fail "check good.test: $(cat "$tmp/check-good")"
expect_exit 1 "$tmp/check-404" /usr/bin/mtasts check --json "${net[@]}" --smtp-port "$smtp_port" policy-404.test
grep -q '"status":"fail"' "$tmp/check-404" && grep -q '"code":"POLICY_HTTP_STATUS"' "$tmp/check-404" \
  || fail "check policy-404.test: $(cat "$tmp/check-404")"
step "mtasts query"
expect_exit 0 "$tmp/query-good" /usr/bin/mtasts query "${net[@]}" good.test
grep -qx 'reply: OK secure match=mx1.good.test:mx2.good.test servername=hostname' "$tmp/query-good" \
  || fail "query good.test: $(cat "$tmp/query-good")"
expect_exit 1 "$tmp/query-none" /usr/bin/mtasts query "${net[@]}" no-sts.test
grep -qx 'reply: NOTFOUND ' "$tmp/query-none" || fail "query no-sts.test: $(cat "$tmp/query-none")"

# --- 3. the resolver as the service runs it: user mtasts, the example config, NOTIFY_SOCKET
step "resolver as user mtasts"
port=""
for candidate in $(shuf -i 20000-60000 -n 20); do
  ss -Hltn "sport = :$candidate" | grep -q . || { port="$candidate"; break; }
done
[ -n "$port" ] || fail "no free port"
sed "s/^port: 8461$/port: $port/" "$example" >"$tmp/resolver.yml"
grep -qx "port: $port" "$tmp/resolver.yml" || fail "the example config has no 'port: 8461' line"
printf 'mtasts:\n  dns: "%s"\n  ca_file: %s\n  https_port: %s\n%s\n' "$dns" "$ca" "$https_port" "$private" >>"$tmp/resolver.yml"
chmod 0644 "$tmp/resolver.yml"

# What systemd does with Type=notify: a datagram socket, each message one line in notify.log;
# the barrier systemd-notify sends passes a pipe, closed here to release it.
python3 - "$tmp/notify.sock" "$tmp/notify.log" <<'EOF' &
import array, os, socket, sys
sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sock.bind(sys.argv[1])
os.chmod(sys.argv[1], 0o777)
with open(sys.argv[2], "a", buffering=1) as log:
    while True:
        msg, ancillary, _, _ = sock.recvmsg(4096, socket.CMSG_SPACE(64))
        for level, kind, data in ancillary:
            if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
                fds = array.array("i")
                fds.frombytes(data[: len(data) - len(data) % fds.itemsize])
                for fd in fds:
                    os.close(fd)
        log.write(msg.decode().replace("\n", " ") + "\n")
EOF
pids+=($!)
for _ in $(seq 1 50); do [ -S "$tmp/notify.sock" ] && break; sleep 0.1; done
[ -S "$tmp/notify.sock" ] || fail "no notify socket"

# What the unit's CacheDirectory= and Environment= give the daemon.
install -d -o mtasts -g mtasts -m 0750 /var/cache/mtasts
start_resolver() {
  : >"$tmp/notify.log"
  "${run[@]}" NOTIFY_SOCKET="$tmp/notify.sock" MTASTS_CDS_DIR=/var/cache/mtasts \
    setpriv --reuid=mtasts --regid=mtasts --init-groups -- \
    /usr/bin/mtasts resolver --config "$tmp/resolver.yml" >>"$tmp/resolver.log" 2>&1 &
  resolver=$!
  pids+=("$resolver")
  for _ in $(seq 1 120); do
    grep -q 'READY=1' "$tmp/notify.log" 2>/dev/null && break
    kill -0 "$resolver" 2>/dev/null || break
    sleep 0.5
  done
  grep -q 'READY=1' "$tmp/notify.log" 2>/dev/null || { cat "$tmp/resolver.log" >&2; fail "no READY=1"; }
}
stop_resolver() {
  kill -TERM "$resolver"
  resolver_rc=0
  wait "$resolver" || resolver_rc=$?
  case "$resolver_rc" in 0|143) ;; *) cat "$tmp/resolver.log" >&2; fail "the resolver exited $resolver_rc on SIGTERM" ;; esac
  grep -q 'STOPPING=1' "$tmp/notify.log" || fail "no STOPPING=1"
}
start_resolver
[ "$(stat -c %U "/proc/$resolver")" = mtasts ] || fail "the resolver does not run as user mtasts"
tr '\0' ' ' <"/proc/$resolver/cmdline" | grep -q -- '-XX:+UseSerialGC -Xms16m -Xmx256m' \
  || fail "the resolver runs without the launcher's JVM options: $(tr '\0' ' ' <"/proc/$resolver/cmdline")"

socketmap() { # socketmap KEY: prints the reply netstring's text
  local request="postfix $1" reply
  exec 3<>"/dev/tcp/127.0.0.1/$port"
  printf '%d:%s,' "${#request}" "$request" >&3
  IFS= read -r -d , -t 30 reply <&3 || true
  exec 3>&-
  printf '%s' "${reply#*:}"
}
[ "$(socketmap good.test)" = "OK secure match=mx1.good.test:mx2.good.test servername=hostname" ] \
  || fail "socketmap good.test: '$(socketmap good.test)'"
[ "$(socketmap no-sts.test)" = "NOTFOUND " ] || fail "socketmap no-sts.test: '$(socketmap no-sts.test)'"
[ "$(socketmap '[127.0.0.1]')" = "NOTFOUND " ] || fail "socketmap [127.0.0.1]"
[ "$(stat -c %U /var/lib/mtasts/cache.db 2>/dev/null)" = mtasts ] || fail "no SQLite cache of user mtasts in /var/lib/mtasts"

stop_resolver
archive="$(ls /var/cache/mtasts/resolver-jdk*.jsa 2>/dev/null | head -n 1)"
[ -n "$archive" ] || { cat "$tmp/resolver.log" >&2; fail "no AppCDS archive in /var/cache/mtasts after the first stop"; }
[ "$(stat -c %U "$archive")" = mtasts ] || fail "$archive does not belong to mtasts"
start_resolver
tr '\0' ' ' <"/proc/$resolver/cmdline" | grep -q -- "-XX:SharedArchiveFile=$archive" \
  || fail "the second start does not use $archive"
[ "$(socketmap good.test)" = "OK secure match=mx1.good.test:mx2.good.test servername=hostname" ] \
  || fail "socketmap good.test after the second start"
! grep -q '\[cds' "$tmp/resolver.log" || fail "the JVM complained about the archive: $(grep '\[cds' "$tmp/resolver.log")"
stop_resolver

for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
pids=()

# --- 4. purge
step "dpkg --purge"
dpkg --purge mtasts >"$tmp/dpkg.log" 2>&1 || { cat "$tmp/dpkg.log" >&2; fail "dpkg --purge"; }
! dpkg-query -W mtasts >/dev/null 2>&1 || fail "mtasts is still known to dpkg"
for f in /usr/bin/mtasts /usr/lib/mtasts "${units[@]}" /var/lib/mtasts /var/cache/mtasts "$config" \
    "$wants/mtasts-resolver.service" /etc/systemd/system/mtasts-resolver.service; do
  [ ! -e "$f" ] && [ ! -L "$f" ] || fail "$f is left after purge"
done
left="$(find /var/lib/systemd/deb-systemd-helper-enabled /var/lib/systemd/deb-systemd-helper-masked \
  -name '*mtasts*' 2>/dev/null || true)"
[ -z "$left" ] || fail "deb-systemd-helper state is left after purge: $left"

# --- 5. a config that was there before survives install and purge
step "install and purge over an existing $config"
if [ -n "$config_backup" ]; then cp -p "$config_backup" "$config"; else printf '# mine\nport: 8461\n' >"$config"; fi
cp -p "$config" "$tmp/config.mine"
dpkg -i "$deb" >"$tmp/dpkg.log" 2>&1 || { cat "$tmp/dpkg.log" >&2; fail "dpkg -i (second)"; }
cmp -s "$config" "$tmp/config.mine" || fail "dpkg -i changed $config"
dpkg --purge mtasts >"$tmp/dpkg.log" 2>&1 || { cat "$tmp/dpkg.log" >&2; fail "dpkg --purge (second)"; }
cmp -s "$config" "$tmp/config.mine" || fail "dpkg --purge changed or removed $config"
[ -n "$config_backup" ] || rm -f "$config"
step "ok"
