#!/usr/bin/env bash
# Coffer load benchmarks (see bench/README.md): secret GET over HTTPS keep-alive with a bearer token against a
# minimal Jetty HTTPS baseline in the same run (wrk), durable secret SET throughput (Java client), server start
# time (fresh and restart), and heap after N secrets in one vault. Loopback only; every phase is time-bounded.
#
#   bench/run-load.sh                 # all phases: get set start heap
#   PHASES="get set" bench/run-load.sh
#
# Environment (defaults in brackets):
#   PHASES [get set start heap] (also: audit)  DURATION [20] s per measured wrk run  WARMUP [10] s per target before it
#   CONNECTIONS [16]  THREADS [2] (wrk)  SET_WORKERS [16 64] (connections of each SET run)  SET_SECONDS [15]  SET_WARMUP [10]
#   HEAP_SECRETS [100000]  HEAP_WORKERS [16]  HEAP_TIMEOUT [900] s  START_RUNS [3]
#   AUDIT_CONNECTIONS [16 64]  AUDIT_PAIRS [3] (phase audit: alternating audited / unaudited GET runs)
#   LADDER [1] also measure Coffer's unauthenticated /healthz/ready (edge cost without auth, DB and audit)
#   BUILD [auto|always|never]  OUT [a new /tmp/coffer-load-XXXXXX]  FIXTURE_JAVA_OPTS  (extra JVM flags)
set -euo pipefail

bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$bench")"
PHASES="${PHASES:-get set start heap}"
DURATION="${DURATION:-20}"
WARMUP="${WARMUP:-10}"
CONNECTIONS="${CONNECTIONS:-16}"
THREADS="${THREADS:-2}"
SET_WORKERS="${SET_WORKERS:-16 64}"
SET_SECONDS="${SET_SECONDS:-15}"
SET_WARMUP="${SET_WARMUP:-10}"
HEAP_SECRETS="${HEAP_SECRETS:-100000}"
HEAP_WORKERS="${HEAP_WORKERS:-16}"
HEAP_TIMEOUT="${HEAP_TIMEOUT:-900}"
START_RUNS="${START_RUNS:-3}"
LADDER="${LADDER:-1}"
BUILD="${BUILD:-auto}"

log() { printf '[run-load %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# --- JDK (as ./coffer finds it) ---------------------------------------------------------------------------
. "$bench/jdk.sh"

# --- tools ---------------------------------------------------------------------------------------------------
for tool in curl jq; do
  command -v "$tool" >/dev/null || { echo "run-load: $tool is required (apt-get install -y $tool)" >&2; exit 1; }
done
if ! command -v wrk >/dev/null; then
  log "wrk not found: installing it from Debian (apt-get install -y wrk)"
  apt-get install -y wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y wrk >/dev/null; }
fi

# --- build ---------------------------------------------------------------------------------------------------
if [ "$BUILD" = always ] || { [ "$BUILD" = auto ] && { [ ! -f "$bench/target/classpath.txt" ] \
    || [ ! -f "$bench/target/classes/dev/coffer/bench/LoadFixture.class" ]; }; }; then
  log "building coffer-bench and the modules it needs"
  (cd "$root" && { mvn -B -q -o install -DskipTests -pl bench -am || mvn -B -q install -DskipTests -pl bench -am; }) >&2
fi
OUT="${OUT:-$(mktemp -d /tmp/coffer-load-XXXXXX)}"
mkdir -p "$OUT"
# Run from a private copy of every class and jar: other builds in this tree (or `mvn install` into ~/.m2) must
# not swap classes under the running JVMs.
rm -rf "$OUT/cp" && mkdir -p "$OUT/cp/lib"
cp -r "$bench/target/classes" "$OUT/cp/classes"
CP="$OUT/cp/classes"
IFS=: read -r -a jars < "$bench/target/classpath.txt" || true  # no newline at the end
for j in "${jars[@]}"; do cp "$j" "$OUT/cp/lib/"; CP="$CP:$OUT/cp/lib/$(basename "$j")"; done
# `coffer server` for the start-time phase runs from the same jars (coffer-server and its runtime dependencies,
# which is what ./coffer puts on its class path; the JMH jars beside them are never loaded).
SERVER_CP="$OUT/cp/lib/*"
[ -f "$OUT/cp/classes/dev/coffer/bench/LoadFixture.class" ] || { echo "run-load: bench classes missing (a build running?)" >&2; exit 1; }
RESULTS="$OUT/results.txt"
: > "$RESULTS"
record() { echo "$1=$2" >> "$RESULTS"; }
log "output in $OUT"

# --- processes we start, stopped by their pid only ----------------------------------------------------------
PIDS=()
stop_pid() {
  local pid="$1"
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}
cleanup() { for pid in "${PIDS[@]}"; do stop_pid "$pid"; done; }
trap cleanup EXIT

CLK_TCK="$(getconf CLK_TCK)"
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }  # utime + stime of a process

# --- environment -----------------------------------------------------------------------------------------------
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "jdk: $("$JAVA" -version 2>&1 | head -2 | tail -1)"
  echo "cpu: $(nproc) x $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
  echo "memory: $(free -m | awk '/^Mem:/ {print $2}') MiB"
  echo "kernel: $(uname -r)"
  echo "wrk: $(wrk -v 2>&1 | head -1)"
  echo "commit: ${COMMIT:-$(git -C "$root" describe --always --dirty 2>/dev/null || echo unknown)}"
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT/environment.txt" >&2

# --- fixture -------------------------------------------------------------------------------------------------
FIXTURE_PID=""
start_fixture() {  # $1 = name, then extra LoadFixture arguments; sets FIXTURE_PID and FIXTURE (info file)
  local name="$1"
  shift
  FIXTURE="$OUT/$name.json"
  rm -f "$FIXTURE"
  "$JAVA" --enable-native-access=ALL-UNNAMED ${FIXTURE_JAVA_OPTS:-} -cp "$CP" dev.coffer.bench.LoadFixture \
      --data-dir "$OUT/$name-data" --info "$FIXTURE" "$@" > "$OUT/$name.log" 2>&1 &
  FIXTURE_PID=$!
  PIDS+=("$FIXTURE_PID")
  for _ in $(seq 1 240); do
    [ -f "$FIXTURE" ] && break
    kill -0 "$FIXTURE_PID" 2>/dev/null || { cat "$OUT/$name.log" >&2; echo "run-load: fixture died" >&2; exit 1; }
    sleep 0.25
  done
  [ -f "$FIXTURE" ] || { echo "run-load: fixture not ready after 60 s" >&2; exit 1; }
  jq -r .dataToken "$FIXTURE" > "$OUT/token"
  chmod 600 "$OUT/token"
  cp "$OUT/token" "$OUT/$name.token"
  log "$(tail -1 "$OUT/$name.log")"
}

# CPU accounting: the fixture's own ticks, the machine's busy ticks (/proc/stat), and this shell's children
# (wrk) from `times`; what is left is other processes on the machine, i.e. noise.
machine_busy() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }
children_ms() {  # sets CHILDREN_MS: user+sys CPU of this shell's waited-for children (`times` must run here)
  times > "$OUT/.times"
  CHILDREN_MS="$(tail -1 "$OUT/.times" | awk '{ t = 0; for (i = 1; i <= 2; i++) { split($i, a, "m"); sub("s", "", a[2]);
                                                  t += a[1] * 60 + a[2] } printf "%d", t * 1000 }')"
}

# wrk_run LABEL URL SECONDS [HOST TOKENFILE]: runs wrk, records its RESULT fields, the fixture's CPU per request
# and where the machine's CPU went meanwhile.
wrk_run() {
  local label="$1" url="$2" secs="$3" host="${4:-}" token="${5:-}"
  local before after m0 m1 c0 c1 t0 t1 line requests
  before="$(cpu_ticks "$FIXTURE_PID")"; m0="$(machine_busy)"; children_ms; c0="$CHILDREN_MS"; t0="$(date +%s%N)"
  WRK_HOST="$host" WRK_TOKEN_FILE="$token" timeout $((secs + 30)) \
      wrk -t"$THREADS" -c"$CONNECTIONS" -d"${secs}s" --timeout 10s --latency -s "$bench/lua/${WRK_SCRIPT:-bearer-get.lua}" "$url" \
      > "$OUT/wrk-$label.txt"
  after="$(cpu_ticks "$FIXTURE_PID")"; m1="$(machine_busy)"; children_ms; c1="$CHILDREN_MS"; t1="$(date +%s%N)"
  line="$(grep '^RESULT' "$OUT/wrk-$label.txt")"
  requests="$(sed -n 's/.* requests=\([0-9]*\).*/\1/p' <<<"$line")"
  local cpu_us=$(( (after - before) * 1000000 / CLK_TCK / (requests > 0 ? requests : 1) ))
  local wall_ms=$(( (t1 - t0) / 1000000 ))
  local capacity_ms=$(( wall_ms * $(nproc) ))
  local fixture_pct=$(( (after - before) * 1000 / CLK_TCK * 100 / capacity_ms ))
  local wrk_pct=$(( (c1 - c0) * 100 / capacity_ms ))
  local busy_pct=$(( (m1 - m0) * 1000 / CLK_TCK * 100 / capacity_ms ))
  local other_pct=$(( busy_pct - fixture_pct - wrk_pct ))
  local wrk_us=$(( (c1 - c0) * 1000 / (requests > 0 ? requests : 1) ))
  # What the machine could serve if nothing else ran: all cores spent on server + wrk at this cost per request.
  local capacity=$(( $(nproc) * 1000000 / (cpu_us + wrk_us > 0 ? cpu_us + wrk_us : 1) ))
  log "$label: ${line#RESULT } server_cpu_us_per_req=$cpu_us wrk_cpu_us_per_req=$wrk_us cpu_capacity_rps=$capacity" \
      "cpu%: machine=$busy_pct fixture=$fixture_pct wrk=$wrk_pct other=$other_pct"
  for kv in ${line#RESULT }; do record "$label.${kv%%=*}" "${kv#*=}"; done
  if ! grep -q ' non2xx=0 ' <<<"$line"; then log "WARNING: $label got non-2xx answers; its figures are not valid"; fi
  record "$label.server_cpu_us_per_req" "$cpu_us"
  record "$label.wrk_cpu_us_per_req" "$wrk_us"
  record "$label.cpu_capacity_rps" "$capacity"
  record "$label.cpu_pct_machine" "$busy_pct"
  record "$label.cpu_pct_fixture" "$fixture_pct"
  record "$label.cpu_pct_wrk" "$wrk_pct"
  record "$label.cpu_pct_other" "$other_pct"
}

phase() { [[ " $PHASES " == *" $1 "* ]]; }

if phase get || phase set; then
  start_fixture load
  vault_host="$(jq -r .vaultHost "$FIXTURE")"
  secret_url="$(jq -r .secretUrlByIp "$FIXTURE")"
  baseline_url="$(jq -r .baselineUrl "$FIXTURE")"
  record body_bytes "$(jq -r .bodyBytes "$FIXTURE")"
  if phase get; then
    log "warm-up: secret GET and baseline, ${WARMUP} s each"
    wrk_run warmup_get "$secret_url" "$WARMUP" "$vault_host" "$OUT/token"
    wrk_run warmup_baseline "$baseline_url" "$WARMUP"
    log "measured: ${DURATION} s each, $CONNECTIONS connections, $THREADS wrk threads"
    wrk_run get "$secret_url" "$DURATION" "$vault_host" "$OUT/token"
    wrk_run baseline "$baseline_url" "$DURATION"
    if [ "$LADDER" = 1 ]; then
      port="$(jq -r .cofferPort "$FIXTURE")"
      wrk_run warmup_healthz "https://127.0.0.1:$port/healthz/ready" 5 "localhost:$port"
      wrk_run healthz "https://127.0.0.1:$port/healthz/ready" 10 "localhost:$port"
    fi
    ratio="$(awk -v a="$(grep '^get.rps=' "$RESULTS" | cut -d= -f2)" \
        -v b="$(grep '^baseline.rps=' "$RESULTS" | cut -d= -f2)" 'BEGIN {printf "%.3f", a / b}')"
    record get_over_baseline "$ratio"
    cap_ratio="$(awk -v a="$(grep '^get.cpu_capacity_rps=' "$RESULTS" | cut -d= -f2)" \
        -v b="$(grep '^baseline.cpu_capacity_rps=' "$RESULTS" | cut -d= -f2)" 'BEGIN {printf "%.3f", a / b}')"
    record get_over_baseline_cpu_capacity "$cap_ratio"
    log "secret GET / baseline throughput ratio: $ratio (by CPU cost per request: $cap_ratio)"
  fi
  if phase set; then
    # Durable SET: wrk with every request a new version of one of 1,000 secrets per wrk thread (PUT), as many
    # connections as SET_WORKERS; the JDK HttpClient of LoadClient was itself the limit at 16 writers.
    port="$(jq -r .cofferPort "$FIXTURE")"
    saved_connections="$CONNECTIONS"
    for w in $SET_WORKERS; do
      CONNECTIONS="$w"
      WRK_SCRIPT=bearer-put-secret.lua wrk_run "warmup_set_c$w" "https://127.0.0.1:$port/" "$SET_WARMUP" "$vault_host" "$OUT/token"
      WRK_SCRIPT=bearer-put-secret.lua wrk_run "set_c$w" "https://127.0.0.1:$port/" "$SET_SECONDS" "$vault_host" "$OUT/token"
    done
    CONNECTIONS="$saved_connections"
  fi
  stop_pid "$FIXTURE_PID"
fi

if phase audit; then
  # The cost of audit on a secret GET: the same fixture with every operation's audit record durable (as always)
  # and with the records dropped (LoadFixture --unaudited), measured in alternating pairs so both see the same
  # machine; at each connection count of AUDIT_CONNECTIONS.
  start_fixture audited
  AUDITED_PID="$FIXTURE_PID"; audited_url="$(jq -r .secretUrlByIp "$FIXTURE")"; audited_host="$(jq -r .vaultHost "$FIXTURE")"
  start_fixture unaudited --unaudited
  UNAUDITED_PID="$FIXTURE_PID"; unaudited_url="$(jq -r .secretUrlByIp "$FIXTURE")"; unaudited_host="$(jq -r .vaultHost "$FIXTURE")"
  saved_connections="$CONNECTIONS"
  for c in ${AUDIT_CONNECTIONS:-16 64}; do
    CONNECTIONS="$c"
    FIXTURE_PID="$AUDITED_PID"; wrk_run "warmup_audit_on_c$c" "$audited_url" "$WARMUP" "$audited_host" "$OUT/audited.token"
    FIXTURE_PID="$UNAUDITED_PID"; wrk_run "warmup_audit_off_c$c" "$unaudited_url" "$WARMUP" "$unaudited_host" "$OUT/unaudited.token"
    for pair in $(seq 1 "${AUDIT_PAIRS:-3}"); do
      FIXTURE_PID="$AUDITED_PID"; wrk_run "audit_on_c${c}_$pair" "$audited_url" "$DURATION" "$audited_host" "$OUT/audited.token"
      FIXTURE_PID="$UNAUDITED_PID"; wrk_run "audit_off_c${c}_$pair" "$unaudited_url" "$DURATION" "$unaudited_host" "$OUT/unaudited.token"
    done
    ratio="$(grep -E "^audit_o(n|ff)_c${c}_[0-9]+\.rps=" "$RESULTS" | sed 's/^audit_\(o[nf]*\)_c[0-9]*_\([0-9]*\)\.rps=/\1 \2 /' \
        | awk '{ v[$2, $1] = $3; n[$2] = 1 } END { for (p in n) { r = v[p, "on"] / v[p, "off"]; s += r; k++ } printf "%.3f", s / k }')"
    record "audit_on_over_off_c$c" "$ratio"
    log "audit on / off, $c connections, mean of pair ratios: $ratio"
  done
  CONNECTIONS="$saved_connections"
  stop_pid "$AUDITED_PID"; stop_pid "$UNAUDITED_PID"
fi

if phase start; then
  # Time from launching `java ... dev.coffer.Coffer server` (what ./coffer execs) to the first 200 on /healthz/ready.
  start_once() {  # $1 = label, $2 = data dir
    local label="$1" dir="$2" port t0 t1 pid code=""
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
    t0="$(date +%s%N)"
    # COFFER_METRICS_PORT=0: the private metrics listener (default port 9464) on a free port, not a fixed one.
    COFFER_METRICS_PORT=0 "$JAVA" --enable-native-access=ALL-UNNAMED ${FIXTURE_JAVA_OPTS:-} -cp "$SERVER_CP" dev.coffer.Coffer server \
        --data-dir "$dir" --port "$port" > "$OUT/$label.log" 2>&1 &
    pid=$!
    PIDS+=("$pid")
    for _ in $(seq 1 3000); do
      code="$(curl -sk -o /dev/null -w '%{http_code}' --max-time 2 "https://127.0.0.1:$port/healthz/ready" || true)"
      [ "$code" = 200 ] && break
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.02
    done
    t1="$(date +%s%N)"
    stop_pid "$pid"
    [ "$code" = 200 ] || { cat "$OUT/$label.log" >&2; echo "run-load: server did not become ready" >&2; exit 1; }
    local ms=$(( (t1 - t0) / 1000000 ))
    local own
    own="$(sed -n 's/.*Coffer listening on .* in \([0-9]*\) ms.*/\1/p' "$OUT/$label.log" | head -1)"
    record "$label.ready_ms" "$ms"
    record "$label.server_reported_ms" "${own:-?}"
    log "$label: first 200 on /healthz/ready after $ms ms (server's own log: ${own:-?} ms)"
  }
  for i in $(seq 1 "$START_RUNS"); do start_once "start_fresh_$i" "$OUT/start-data-$i"; done
  for i in $(seq 1 "$START_RUNS"); do start_once "start_restart_$i" "$OUT/start-data-1"; done
fi

if phase heap; then
  start_fixture heap
  heap_url="$(jq -r .heapUrl "$FIXTURE")"
  ca="$(jq -r .caPath "$FIXTURE")"
  before_json="$(curl -s --cacert "$ca" --max-time 60 "$heap_url")"
  record heap.before_used_bytes "$(jq -r .heapUsedAfterGcBytes <<<"$before_json")"
  log "heap after GC with 1 secret: $(jq -r .heapUsedAfterGcBytes <<<"$before_json") bytes"
  log "inserting $HEAP_SECRETS secrets ($HEAP_WORKERS workers, at most $HEAP_TIMEOUT s)"
  line="$(timeout $((HEAP_TIMEOUT + 60)) "$JAVA" -cp "$CP" dev.coffer.bench.LoadClient fill --info "$FIXTURE" \
      --count "$HEAP_SECRETS" --workers "$HEAP_WORKERS" --timeout "$HEAP_TIMEOUT" | tee "$OUT/fill.txt" | grep '^RESULT')"
  for kv in ${line#RESULT }; do record "heap.${kv%%=*}" "${kv#*=}"; done
  after_json="$(curl -s --cacert "$ca" --max-time 120 "$heap_url")"
  used="$(jq -r .heapUsedAfterGcBytes <<<"$after_json")"
  record heap.after_used_bytes "$used"
  record heap.after_committed_bytes "$(jq -r .heapCommittedBytes <<<"$after_json")"
  record heap.max_bytes "$(jq -r .heapMaxBytes <<<"$after_json")"
  record heap.fixture_rss_kib "$(awk '/^VmRSS/ {print $2}' "/proc/$FIXTURE_PID/status")"
  record heap.db_bytes "$(du -cb "$OUT"/heap-data/coffer.db* | tail -1 | cut -f1)"
  record heap.audit_log_bytes "$(du -cb "$OUT/heap-data/audit" | tail -1 | cut -f1)"
  log "fill: ${line#RESULT }; heap after GC: $used bytes; $(grep '^heap.db_bytes' "$RESULTS")"
  stop_pid "$FIXTURE_PID"
fi

log "done; figures in $RESULTS"
cat "$RESULTS"
