-- wrk: sends prepared, signed requests, each thread its share of them in order (again from its
-- first when they run out), and prints its totals as JSON for the bench to read.
-- Arguments after --: the file (a request a line: signature, a tab, the body), the path, threads.
local made = 0
function setup(thread)
  thread:set("id", made)
  made = made + 1
end

function init(args)
  local file, path, threads = args[1], args[2], tonumber(args[3])
  requests = {}
  local line_number = 0
  for line in io.lines(file) do
    if line_number % threads == id then
      local tab = line:find("\t", 1, true)
      requests[#requests + 1] = wrk.format("POST", path, {
        ["Content-Type"] = "application/json",
        ["X-Hub-Signature-256"] = line:sub(1, tab - 1),
      }, line:sub(tab + 1))
    end
    line_number = line_number + 1
  end
  sent = 0
end

function request()
  sent = sent + 1
  return requests[(sent - 1) % #requests + 1]
end

function done(summary, latency)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"durationUs":%d,"status":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d,"p50Us":%d,"p99Us":%d}\n',
    summary.requests, summary.duration, e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
