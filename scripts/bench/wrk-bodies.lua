-- wrk, one thread: sends prepared, signed requests in order (again from the first when they run
-- out), and prints its totals as JSON for the bench to read.
-- Arguments after --: the file (a request a line: signature, a tab, the body), and the path.
function init(args)
  local file, path = args[1], args[2]
  requests = {}
  for line in io.lines(file) do
    local tab = line:find("\t", 1, true)
    requests[#requests + 1] = wrk.format("POST", path, {
      ["Content-Type"] = "application/json",
      ["X-Hub-Signature-256"] = line:sub(1, tab - 1),
    }, line:sub(tab + 1))
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
