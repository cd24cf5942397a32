-- wrk script for Coffer's load runs: sends GET with the bearer token and Host header of the fixture, and
-- prints one machine-readable RESULT line after wrk's own report.
--   WRK_TOKEN_FILE  file holding the bearer token (optional: the baseline needs none)
--   WRK_HOST        Host header, e.g. bench.vault.localhost:40123 (optional)
local token_file = os.getenv("WRK_TOKEN_FILE")
if token_file and token_file ~= "" then
  local f = assert(io.open(token_file, "r"))
  local token = f:read("*l")
  f:close()
  wrk.headers["Authorization"] = "Bearer " .. token
end
local host = os.getenv("WRK_HOST")
if host and host ~= "" then
  wrk.headers["Host"] = host
end
wrk.method = "GET"

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "RESULT rps=%.0f requests=%d seconds=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f p999_ms=%.2f max_ms=%.2f " ..
    "mean_ms=%.2f non2xx=%d connect_err=%d read_err=%d write_err=%d timeouts=%d bytes=%d\n",
    summary.requests / seconds, summary.requests, seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency:percentile(99.9) / 1000, latency.max / 1000, latency.mean / 1000,
    e.status, e.connect, e.read, e.write, e.timeout, summary.bytes))
end
