-- wrk script for the durable SET run: every request sets a new version of one of many secrets
-- (PUT /secrets/set-<thread>-<n % 1000>), with the bearer token and Host header of the fixture, and prints the
-- same RESULT line as bearer-get.lua (shared by dofile).
--   WRK_TOKEN_FILE  file holding the bearer token
--   WRK_HOST        Host header, e.g. bench.vault.localhost:40123
--   WRK_VALUE_BYTES size of each secret value (default 100)
local script_dir = debug.getinfo(1, "S").source:sub(2):match("(.*/)") or "./"
dofile(script_dir .. "bearer-get.lua")

wrk.method = "PUT"
wrk.headers["Content-Type"] = "application/json"
local value = string.rep("v", tonumber(os.getenv("WRK_VALUE_BYTES") or "100"))
local body = '{"value":"' .. value .. '"}'
local threads = 0
local counter = 0
prefix = "set"  -- a global: setup() gives each thread its own

function setup(thread)
  threads = threads + 1
  thread:set("prefix", "set-" .. threads)
end

function request()
  counter = counter + 1
  return wrk.format(nil, "/secrets/" .. prefix .. "-" .. (counter % 1000) .. "?api-version=7.4", nil, body)
end
