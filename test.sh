#!/usr/bin/env bash
# Runs every test: unit tests and the end-to-end tests with real processes, sockets and peers.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=bin/jdk.sh
. "$root/bin/jdk.sh"

JAVA_HOME="$(sutra_java_home)" || exit 1
export JAVA_HOME
sutra_require_maven
"$root/bin/install-test-tools.sh"
echo "test.sh: testing with $JAVA_HOME" >&2
MAVEN_OPTS="${MAVEN_OPTS:-} $(sutra_java_flags "$JAVA_HOME")" exec mvn -B -f "$root/pom.xml" verify "$@"
