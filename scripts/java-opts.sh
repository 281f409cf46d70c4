# Sourced by ./mtasts and by the Debian package's /usr/bin/mtasts (installed as
# /usr/lib/mtasts/java-opts.sh): mtasts_jvm_args COMMAND prints the JVM options for that command.
#
# A daemon's live heap is small (about 10 MB for the resolver): a small heap with the serial
# collector takes less than half the memory of the JVM's defaults at the same throughput
# (docs/benchmarks.md). MTASTS_JAVA_OPTS, when set (even empty), replaces these defaults.
mtasts_jvm_args() {
  case "${1:-}" in
    resolver) set -- "-XX:+UseSerialGC -Xms16m -Xmx256m" ;;
    *) set -- "" ;;
  esac
  echo "--enable-native-access=ALL-UNNAMED ${MTASTS_JAVA_OPTS-$1}"
}
