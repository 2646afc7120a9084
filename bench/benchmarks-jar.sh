# Builds sutra-bench/target/benchmarks.jar when it is missing or older than the sources, like the
# ./sutra launcher does for sutra.jar. Source it after bin/jdk.sh, with SUTRA_ROOT set; it sets
# BENCH_JAVA (the java of a JDK 21+), BENCH_JDK_FLAGS and BENCH_JAR.

bench_jar_setup() {
  local home log
  home=$(sutra_java_home) || return 1
  BENCH_JAVA="$home/bin/java"
  BENCH_JDK_FLAGS=$(sutra_java_flags "$home")
  BENCH_JAR="$SUTRA_ROOT/sutra-bench/target/benchmarks.jar"
  if [ -f "$BENCH_JAR" ] && [ -z "$(find "$SUTRA_ROOT" -path "$SUTRA_ROOT/.git" -prune -o \
      \( -name pom.xml -o -path '*/src/main/*' \) -newer "$BENCH_JAR" -print -quit)" ]; then
    return 0
  fi
  sutra_require_maven || return 1
  log="$SUTRA_ROOT/.sutra/bench-build.log"
  mkdir -p "$SUTRA_ROOT/.sutra"
  echo "bench: building benchmarks.jar with $home (log: $log)..." >&2
  if ! JAVA_HOME="$home" MAVEN_OPTS="${MAVEN_OPTS:-} $BENCH_JDK_FLAGS" \
      mvn -B -q -f "$SUTRA_ROOT/pom.xml" -DskipTests -pl sutra-bench -am install >"$log" 2>&1; then
    echo "bench: build failed; the last lines of $log:" >&2
    tail -n 40 "$log" >&2
    return 1
  fi
  touch "$BENCH_JAR"
}
