-- wrk script of the bench/ comparisons: POSTs the requests of $MYNAKIT_WRK_REQUESTS in turn, each
-- thread from its own offset. One request a line: the path, one space, the JSON body. An answer
-- counts as good when it is 200 and its body holds every string of $MYNAKIT_WRK_EXPECT (separated
-- by `|`; e.g. `"ProcessingResultStatus":"1"|"ResultList"` for a confirmation with a
-- qualification). Both sides of a comparison are driven by this same script, so the client's
-- work is the same on both.

local requests = {}
local expect = {}
local next_index = 0
ok = 0
local threads = {}

function setup(thread)
  thread:set("offset", #threads * 37)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(os.getenv("MYNAKIT_WRK_REQUESTS")) do
    local path, body = string.match(line, "^(%S+) (.*)$")
    requests[#requests + 1] = wrk.format("POST", path,
      { ["Content-Type"] = "application/json" }, body)
  end
  for s in string.gmatch(os.getenv("MYNAKIT_WRK_EXPECT") or "", "[^|]+") do
    expect[#expect + 1] = s
  end
  next_index = offset or 0
end

function request()
  next_index = next_index + 1
  return requests[(next_index % #requests) + 1]
end

function response(status, headers, body)
  if status ~= 200 then
    return
  end
  for _, s in ipairs(expect) do
    if not string.find(body, s, 1, true) then
      return
    end
  end
  ok = ok + 1
end

function done(summary, latency, requests)
  local good = 0
  for _, thread in ipairs(threads) do
    good = good + thread:get("ok")
  end
  local e = summary.errors
  io.write(string.format(
    "RESULT ok=%d requests=%d duration_us=%d p50_us=%d p99_us=%d errors=%d\n",
    good, summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.status + e.timeout))
end
