# Sourced by the bench scripts: sets JAVA_HOME to a JDK 21 or later (the one given, else the newest under
# /usr/lib/jvm, as ./coffer chooses) and JAVA to its java.
java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -1; }
if [ -z "${JAVA_HOME:-}" ] || ! [ "$(java_major "$JAVA_HOME" 2>/dev/null || echo 0)" -ge 21 ] 2>/dev/null; then
  best="" best_v=0
  for d in /usr/lib/jvm/*; do
    [ -x "$d/bin/javac" ] || continue
    v="$(java_major "$d")"; [[ "$v" =~ ^[0-9]+$ ]] || continue
    if [ "$v" -ge 21 ] && [ "$v" -gt "$best_v" ]; then best="$d"; best_v="$v"; fi
  done
  [ -n "$best" ] || { echo "bench: no JDK 21 or later under /usr/lib/jvm" >&2; exit 1; }
  export JAVA_HOME="$best"
fi
JAVA="$JAVA_HOME/bin/java"
