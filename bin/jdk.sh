# Sourced by bin/demo, bin/test and .ci/run: selects a JDK of release 21 or later.
# Uses JAVA_HOME when it is one, else the newest JDK under /usr/lib/jvm (JDK_SEARCH_DIR overrides the folder).

java_release() {
    local release
    release=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')
    echo "${release%%.*}"
}

select_jdk() {
    local candidate release best="" best_release=0
    if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
        release=$(java_release "$JAVA_HOME")
        if [ "${release:-0}" -ge 21 ]; then
            export PATH="$JAVA_HOME/bin:$PATH"
            quiet_maven_on "$release"
            return 0
        fi
        echo "JAVA_HOME=$JAVA_HOME is Java ${release:-unknown}; looking for Java 21 or later under ${JDK_SEARCH_DIR:-/usr/lib/jvm}" >&2
    fi
    for candidate in "${JDK_SEARCH_DIR:-/usr/lib/jvm}"/*; do
        [ -x "$candidate/bin/javac" ] || continue
        [ -L "$candidate" ] && continue
        release=$(java_release "$candidate")
        if [ "${release:-0}" -ge 21 ] && [ "$release" -gt "$best_release" ]; then
            best="$candidate"
            best_release="$release"
        fi
    done
    if [ -z "$best" ]; then
        echo "error: nifi-mlconnector needs a JDK of release 21 or later (NiFi 2 requires Java 21 bytecode)." >&2
        echo "       None was found in JAVA_HOME or under ${JDK_SEARCH_DIR:-/usr/lib/jvm}. Install one (for example openjdk-21-jdk)" >&2
        echo "       or point JAVA_HOME at it, then run this command again." >&2
        return 1
    fi
    export JAVA_HOME="$best"
    export PATH="$JAVA_HOME/bin:$PATH"
    quiet_maven_on "$best_release"
}

# Maven 3.8's bundled Guava calls sun.misc.Unsafe, which JDK 24+ warns about on every run.
quiet_maven_on() {
    if [ "$1" -ge 24 ]; then
        export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
    fi
}

require_maven() {
    if ! command -v mvn >/dev/null 2>&1; then
        echo "error: Apache Maven 3.8 or later is needed (mvn was not found on PATH)." >&2
        return 1
    fi
}
