-- wrk script for the bench: every request is the next line of BODIES_FILE ("signature<TAB>body"),
-- so no body is sent twice; if they run out it starts over and says so. Prints one JSON line.
local requests = {}
local next_index = 1
wrapped = 0
statuses = {}

function init(args)
  local path = os.getenv("BODIES_FILE")
  for line in io.lines(path) do
    local signature, body = line:match("^([^\t]+)\t(.*)$")
    requests[#requests + 1] = wrk.format("POST", os.getenv("FLOW_PATH"), {
      ["Content-Type"] = "application/json",
      ["X-Hub-Signature-256"] = signature,
    }, body)
  end
end

function request()
  local r = requests[next_index]
  next_index = next_index + 1
  if next_index > #requests then
    next_index = 1
    wrapped = wrapped + 1
  end
  return r
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

local threads = {}
function setup(thread)
  threads[#threads + 1] = thread
end

function done(summary, latency, requests_)
  local counts = {}
  local exhausted = false
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do
      counts[status] = (counts[status] or 0) + n
    end
    if thread:get("wrapped") > 0 then exhausted = true end
  end
  local parts = {}
  for status, n in pairs(counts) do parts[#parts + 1] = string.format('"%d":%d', status, n) end
  local e = summary.errors
  io.write(string.format(
    'WRK_RESULT {"requests":%d,"micros":%d,"p50":%d,"p90":%d,"p99":%d,"max":%d,' ..
    '"socketErrors":%d,"timeouts":%d,"exhausted":%s,"statuses":{%s}}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, e.connect + e.read + e.write, e.timeout,
    tostring(exhausted), table.concat(parts, ",")))
end
