# Sourced by ./mtasts, ./test and .ci/run: sets JAVA_HOME to a JDK 21+ or exits 2 with a clear message.
# JAVA_HOME wins when it is 21+; otherwise the newest JDK under /usr/lib/jvm, /opt/java, /opt/*jdk*.
java_major() { # prints the feature version of the JDK at $1, or nothing
  # The JDK's release file says it without starting a JVM (the launcher runs this on every start).
  local v
  v="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null | head -n 1)"
  [ -n "$v" ] && { echo "$v"; return 0; }
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

find_jdk() {
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for d in /usr/lib/jvm/*/ /opt/java/*/ /opt/*jdk*/; do [ -d "$d" ] && candidates+=("${d%/}"); done
  local best="" best_v=0 v
  for home in "${candidates[@]}"; do
    [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || continue
    v="$(java_major "$home")"
    [ -n "$v" ] || continue
    if [ "$v" -ge 21 ]; then
      # JAVA_HOME wins when it qualifies; otherwise take the newest found.
      if [ "$home" = "${JAVA_HOME:-}" ]; then echo "$home"; return 0; fi
      if [ "$v" -gt "$best_v" ]; then best="$home"; best_v="$v"; fi
    fi
  done
  [ -n "$best" ] && echo "$best"
}

JAVA_HOME="$(find_jdk || true)"
if [ -z "$JAVA_HOME" ]; then
  echo "mtasts: no JDK 21 or newer found (looked at JAVA_HOME and /usr/lib/jvm)." >&2
  echo "mtasts: install one (e.g. apt-get install openjdk-21-jdk-headless) or set JAVA_HOME to it." >&2
  exit 2
fi
export JAVA_HOME
