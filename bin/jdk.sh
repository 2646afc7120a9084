# Finds a JDK 21+ for Sutra's scripts. Source it, then call sutra_java_home.
# Order: $JAVA_HOME when it is 21+, else the newest JDK 21+ under /usr/lib/jvm or on PATH.

sutra_java_major() {
  # The feature version of the java at $1 (e.g. 17, 21, 25), or nothing.
  "$1" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

sutra_java_home() {
  local want=21 best="" best_major=0 candidate major home
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    major=$(sutra_java_major "$JAVA_HOME/bin/java")
    if [ -n "$major" ] && [ "$major" -ge "$want" ]; then
      echo "$JAVA_HOME"
      return 0
    fi
  fi
  for candidate in /usr/lib/jvm/*/bin/java "$(command -v java 2>/dev/null || true)"; do
    [ -n "$candidate" ] && [ -x "$candidate" ] || continue
    major=$(sutra_java_major "$candidate")
    [ -n "$major" ] || continue
    if [ "$major" -ge "$want" ] && [ "$major" -gt "$best_major" ]; then
      home=$(cd "$(dirname "$(readlink -f "$candidate")")/.." && pwd)
      best="$home"
      best_major="$major"
    fi
  done
  if [ -z "$best" ]; then
    {
      echo "sutra: no JDK 21 or newer found."
      echo "  looked at: \$JAVA_HOME (${JAVA_HOME:-unset}), /usr/lib/jvm/*, and 'java' on PATH"
      if command -v java >/dev/null 2>&1; then
        echo "  'java' on PATH is version $(sutra_java_major "$(command -v java)")"
      fi
      echo "  fix: install one (e.g. 'apt-get install openjdk-21-jdk' or Temurin 21/25),"
      echo "       or point JAVA_HOME at a JDK 21+."
    } >&2
    return 1
  fi
  echo "$best"
}

sutra_java_flags() {
  # Flags that keep a JDK 24+ quiet about libraries' use of Unsafe and JNI (protobuf, Netty).
  local major
  major=$(sutra_java_major "$1/bin/java")
  if [ -n "$major" ] && [ "$major" -ge 24 ]; then
    echo "--sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED"
  fi
}

sutra_require_maven() {
  if ! command -v mvn >/dev/null 2>&1; then
    echo "sutra: Maven ('mvn') is needed to build Sutra; install it (apt-get install maven)." >&2
    return 1
  fi
}

sutra_proxy_jvm_flags() {
  # The sidecar's JVM settings, chosen by measurement (docs/perf.md); $1 is the JDK's home.
  # Serial GC: one collector thread, the lowest CPU per request of Serial, G1 and ZGC on a
  # sidecar's core; a small heap that grows only as needed (about 20 MB live under load).
  local flags="-XX:+UseSerialGC -Xms16m -Xmx64m -Xss512k -XX:+ExitOnOutOfMemoryError" major
  major=$(sutra_java_major "$1/bin/java")
  if [ -n "$major" ] && [ "$major" -ge 25 ]; then
    # JDK 25: 8-byte object headers (a smaller heap), and freed native memory (the JIT's arenas)
    # handed back to the OS every few seconds instead of staying in RSS.
    flags="$flags -XX:+UseCompactObjectHeaders -XX:TrimNativeHeapInterval=5000"
  fi
  echo "$flags"
}
