#!/usr/bin/env bash
# Key cryptography through the REST API against raw JCA on the same machine (bench/RESULTS.md, "Keys"):
# starts KeyCryptoBenchmark's fixture (software RSA-2048 and P-256 keys; add the -Dcoffer.pkcs11.* flags of
# RESULTS.md to JAVA_OPTS for the oct-HSM unwrap row), then ROUNDS times: the raw JCA operations on 2 platform
# threads, and wrk against each REST operation. Prints requests/s and the server's CPU per request.
#   ROUNDS [3]  SECONDS [12]  CONNECTIONS [16]  OUT [/tmp/coffer-keys]
# Needs `mvn -B -q install -DskipTests -pl bench -am` first (bench/target/classpath.txt).
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROUNDS="${ROUNDS:-3}" SECONDS_PER_ROW="${SECONDS:-12}" CONNECTIONS="${CONNECTIONS:-16}" OUT="${OUT:-/tmp/coffer-keys}"
. "$bench/jdk.sh"
CP="$bench/target/classes:$(cat "$bench/target/classpath.txt")"
rm -rf "$OUT" && mkdir -p "$OUT"
"$JAVA" ${JAVA_OPTS:-} --enable-native-access=ALL-UNNAMED -cp "$CP" dev.coffer.bench.KeyCryptoBenchmark serve "$OUT" \
    > "$OUT/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 200); do [ -f "$OUT/info.json" ] && break; sleep 0.3; done
port="$(jq .port "$OUT/info.json")"
rows="$(cd "$OUT" && ls rest-*.lua | sed 's/\.lua$//')"
cpu() { awk '{print $14 + $15}' "/proc/$server/stat"; }
for row in $rows; do wrk -t2 -c"$CONNECTIONS" -d5s -s "$OUT/$row.lua" "https://127.0.0.1:$port/" > /dev/null; done
for round in $(seq 1 "$ROUNDS"); do
  "$JAVA" -cp "$CP" dev.coffer.bench.KeyCryptoBenchmark jca 8 2 2>&1 | grep '^jca' | sed "s/^/round $round /"
  for row in $rows; do
    c0="$(cpu)"
    rps="$(wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_ROW}s" -s "$OUT/$row.lua" "https://127.0.0.1:$port/" \
        | awk '/Requests\/sec/ {print $2}')"
    c1="$(cpu)"
    echo "round $round $row: $rps req/s, server CPU $(awk -v t=$((c1 - c0)) -v r="$rps" -v s="$SECONDS_PER_ROW" \
        -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.0f", t / hz * 1e6 / (r * s)}') us/req"
  done
done
