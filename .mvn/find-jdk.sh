# Sourced (POSIX sh) by ./mvnw and ./resnet4j: makes JAVA_HOME point at a JDK >= 25.
# resnet4j needs Java 25 (Vector API, FFM), but many machines default to an older java.
# Order: JAVA_HOME if it is new enough, then the java on PATH, then the usual install folders.

resnet4j_java_feature() { # prints the feature release of the JDK at $1, or nothing
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  if [ -r "$1/release" ]; then
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" | head -n 1
  else
    "$1/bin/java" -XshowSettings:properties -version 2>&1 |
      sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p' | head -n 1
  fi
}

resnet4j_find_jdk() {
  resnet4j_min=25
  if [ -n "${JAVA_HOME-}" ]; then
    v=$(resnet4j_java_feature "$JAVA_HOME")
    [ -n "$v" ] && [ "$v" -ge "$resnet4j_min" ] && return 0
  fi
  if command -v javac >/dev/null 2>&1; then
    h=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    v=$(resnet4j_java_feature "$h")
    if [ -n "$v" ] && [ "$v" -ge "$resnet4j_min" ]; then JAVA_HOME=$h; export JAVA_HOME; return 0; fi
  fi
  best=; best_v=0
  case $- in *f*) resnet4j_noglob=1; set +f ;; *) resnet4j_noglob= ;; esac  # mvnw runs with set -f
  for h in /usr/lib/jvm/* /opt/java/* /opt/jdk* /usr/local/jdk* /usr/java/* \
           "${HOME-}"/.sdkman/candidates/java/* "${HOME-}"/.jdks/* \
           /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$h" ] || continue
    v=$(resnet4j_java_feature "$h")
    if [ -n "$v" ] && [ "$v" -ge "$resnet4j_min" ] && [ "$v" -gt "$best_v" ]; then best=$h; best_v=$v; fi
  done
  [ -z "$resnet4j_noglob" ] || set -f
  if [ -n "$best" ]; then JAVA_HOME=$best; export JAVA_HOME; return 0; fi
  echo "resnet4j: needs a JDK >= $resnet4j_min; none found (JAVA_HOME=${JAVA_HOME-unset}, searched PATH and /usr/lib/jvm, /opt, ~/.sdkman, ~/.jdks). Install one or set JAVA_HOME." >&2
  return 1
}
