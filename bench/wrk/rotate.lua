-- wrk script for the benchmark: each connection walks a list of request paths (one per line in
-- the file named by $BENCH_PATHS), so that every parameter set is asked about equally, and the
-- run ends with one machine-readable line: "BENCH {json}" with counts, errors and latency
-- percentiles in microseconds. Non-2xx answers are counted by wrk as status errors.
-- With $BENCH_POST set, each line is instead a JSON body POSTed to the path $BENCH_POST names.

local paths = {}
local position = 0
local threads = {}
local post = os.getenv("BENCH_POST")

function setup(thread)
  thread:set("offset", #threads * 13)
  table.insert(threads, thread)
end

function init(args)
  local file = assert(io.open(os.getenv("BENCH_PATHS"), "r"))
  for line in file:lines() do
    if line ~= "" then
      table.insert(paths, line)
    end
  end
  file:close()
  position = (offset or 0) % #paths
end

function request()
  position = position % #paths + 1
  if post then
    return wrk.format("POST", post, {["Content-Type"] = "application/json"}, paths[position])
  end
  return wrk.format("GET", paths[position])
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "bytes": %d, "connect_errors": %d, ' ..
    '"read_errors": %d, "write_errors": %d, "status_errors": %d, "timeouts": %d, ' ..
    '"mean_us": %.1f, "max_us": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d}\n',
    summary.requests, summary.duration, summary.bytes, errors.connect, errors.read,
    errors.write, errors.status, errors.timeout, latency.mean, latency.max,
    latency:percentile(50), latency:percentile(90), latency:percentile(99)))
end
