-- wrk script for `make bench`: rotates over pre-built requests (method, path, headers, body) read from a
-- file, one request a line, tab separated: METHOD PATH HEADERS BODY, where HEADERS is "Name: value" pairs
-- separated by the byte 0x1F.
-- Usage: wrk ... -s bench/wrk.lua URL -- REQUESTS_FILE EXPECTED_STATUS [once]
-- With "once", each request is sent once: the run stops when the list is used up (before -d if it is short).
-- Prints one line "BENCH_JSON {...}" at the end, which bench/rounds.py parses.

local threads = {}
local counter = 1

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local reqs = {}
local n = 0
local i = 0
local sent = 0
local received = 0
local once = false
local expect = 200
unexpected = 0
last_unexpected = 0

function init(args)
  expect = tonumber(args[2]) or 200
  once = args[3] == "once"
  for line in io.lines(args[1]) do
    local method, path, hdrs, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
    if method then
      local headers = {}
      for name, value in hdrs:gmatch("([^\31:]+): ([^\31]*)") do headers[name] = value end
      if body == "" then body = nil end
      -- a body kept in a file (a multipart upload of a photo; bench/webclient.py FILE_BODY)
      if body and body:sub(1, 6) == "@file:" then
        local f = assert(io.open(body:sub(7), "rb"))
        body = f:read("*a")
        f:close()
      end
      n = n + 1
      reqs[n] = wrk.format(method, path, headers, body)
    end
  end
  if n == 0 then
    n = 1
    reqs[1] = wrk.format("GET", "/", {}, nil)
  end
  -- each thread starts at a different place in the rotation
  i = (((id or 1) - 1) * 7) % n
end

-- With "once": no new request once every one has been sent; the run stops when all are answered.
function delay()
  if once and sent >= n then return 3600000 end
  return 0
end

function request()
  sent = sent + 1
  i = i % n + 1
  return reqs[i]
end

function response(status, headers, body)
  received = received + 1
  if once and received >= n then wrk.thread:stop() end
  if status ~= expect then
    unexpected = unexpected + 1
    last_unexpected = status
  end
end

function done(summary, latency, requests)
  local u, lu = 0, 0
  for _, t in ipairs(threads) do
    u = u + (tonumber(t:get("unexpected")) or 0)
    local l = tonumber(t:get("last_unexpected")) or 0
    if l ~= 0 then lu = l end
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%.0f,"duration_us":%.0f,"bytes":%.0f,' ..
    '"errors_connect":%.0f,"errors_read":%.0f,"errors_write":%.0f,"errors_status":%.0f,"errors_timeout":%.0f,' ..
    '"unexpected_status":%.0f,"last_unexpected_status":%.0f,' ..
    '"latency_mean_us":%.1f,"latency_max_us":%.0f,"p50_us":%.0f,"p90_us":%.0f,"p95_us":%.0f,"p99_us":%.0f}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    u, lu,
    latency.mean, latency.max,
    latency:percentile(50), latency:percentile(90), latency:percentile(95), latency:percentile(99)))
end
