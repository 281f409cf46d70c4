# Sourced by ./mtasts and by the Debian package's /usr/bin/mtasts (installed as
# /usr/lib/mtasts/java-opts.sh). `mtasts_jvm_setup COMMAND JAVA_HOME JAR` sets MTASTS_JVM_ARGS to
# the JVM options for that command and exports the environment the JVM should see.
#
# Measured in docs/benchmarks.md (daemon footprint):
# - A daemon's live heap is small (about 10 MB for the resolver): a small heap with the serial
#   collector takes less than half the memory of the JVM's defaults at the same throughput.
# - glibc keeps what the JIT compiler's arenas freed: at most two malloc arenas and a periodic trim
#   (JDK 22+) give back 10-20 MB.
# - A dynamic AppCDS archive per daemon, created at the first clean stop, halves the time to the
#   first answer. It lives in MTASTS_CDS_DIR (the systemd units: /var/cache/mtasts), else
#   ~/.cache/mtasts; no archive when that directory cannot be written. Its name carries the JDK's
#   version and the jar's size and time: the JVM does NOT write an archive anew when the jar it was
#   made from changed (JDK 25: it prints "shared class paths mismatch" at every start and runs
#   without one), so a new jar or JDK gets a new name, and the command's older archives go.
# Native access (SQLite's JNI library) is granted by the jar's manifest (Enable-Native-Access), not
# by --enable-native-access: that flag differs from how the JDK's base archive was dumped, which
# makes the JVM print a CDS error and give up its optimized module handling.
# MTASTS_JAVA_OPTS, when set (even empty), replaces all of these options.
mtasts_jvm_setup() {
  local command="${1:-}" java_home="${2:-}" jar="${3:-}" defaults="" major runtime
  major="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$java_home/release" 2>/dev/null || true)"
  runtime="$(sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"/\1/p' "$java_home/release" 2>/dev/null || true)"
  case "$command" in
    resolver|serve)
      if [ "$command" = resolver ]; then
        defaults="-XX:+UseSerialGC -Xms16m -Xmx256m"
      fi
      export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
      if [ "${major:-0}" -ge 22 ]; then
        defaults="$defaults -XX:TrimNativeHeapInterval=1000"
      fi
      local cds_dir="${MTASTS_CDS_DIR:-${XDG_CACHE_HOME:-${HOME:-/nonexistent}/.cache}/mtasts}"
      local stamp
      stamp="$(stat -c '%s-%Y' "$jar" 2>/dev/null || true)"
      if [ -n "$stamp" ] && mkdir -p "$cds_dir" 2>/dev/null && [ -w "$cds_dir" ]; then
        local archive old
        archive="$cds_dir/$command-jdk$(printf '%s' "${runtime:-$major}" | tr -c 'A-Za-z0-9.\n' '_')-$stamp.jsa"
        for old in "$cds_dir/$command"-jdk*.jsa; do
          [ "$old" = "$archive" ] || rm -f "$old" 2>/dev/null || true
        done
        # -Xlog:cds=error: the dump at the first stop would list every class it cannot archive
        # (picocli's, compiled for Java 5) as a warning.
        defaults="$defaults -XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=$archive -Xlog:cds=error"
      fi
      ;;
  esac
  MTASTS_JVM_ARGS="${MTASTS_JAVA_OPTS-$defaults}"
}
