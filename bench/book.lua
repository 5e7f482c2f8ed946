-- wrk script for the booking path of `slotrush serve` (docs/api.md), used by bench/mock_vs_nginx.sh.
--   wrk -t1 -c64 -d10s -s bench/book.lua http://127.0.0.1:PORT -- FIRST_REGISTRANT [PARTY]
-- Each registrant logs in once (POST /login), then posts PARTY bookings (POST /book with
-- {"party": PARTY} and its own Idempotency-Key each), so every 201 is one more slot held (the
-- scenario needs slot_unit: person for PARTY > 1). Tokens are not tied to a connection, so a
-- thread keeps a pool of logged-in registrants that any of its connections may book for; a
-- connection logs a new registrant in when the pool is empty. Registrants are FIRST_REGISTRANT,
-- FIRST_REGISTRANT + 1, ... (thread i starts ten million further on), so give each run a fresh
-- range and the server a --max-registrants above them.
-- done() prints one JSON line: 201s, 'no_slots' answers and everything else, counted apart.

local threads = {}
local thread_count = 0

function setup(thread)
  thread:set("thread_index", thread_count)
  thread_count = thread_count + 1
  table.insert(threads, thread)
end

function init(args)
  first = tonumber(args[1] or "1")
  party = tonumber(args[2] or "1")
  next_id = first + (thread_index or 0) * 10000000   -- thread i: its own block of ten million ids
  pool = {}          -- {token=..., left=bookings still to post}
  booked, no_slots, other, logins, login_failed = 0, 0, 0, 0, 0
  key_seq = 0
end

local function login_request()
  local id = next_id
  next_id = next_id + 1
  return wrk.format("POST", "/login", {["Content-Type"] = "application/json"},
                    '{"registrant":' .. id .. '}')
end

function request()
  local entry = pool[#pool]
  if entry == nil then
    return login_request()
  end
  entry.left = entry.left - 1
  if entry.left == 0 then pool[#pool] = nil end
  key_seq = key_seq + 1
  return wrk.format("POST", "/book", {
      ["Content-Type"] = "application/json",
      ["Authorization"] = "Bearer " .. entry.token,
      ["Idempotency-Key"] = "b" .. (thread_index or 0) .. "-" .. key_seq,
    }, '{"party":' .. party .. '}')
end

function response(status, headers, body)
  if status == 201 then
    booked = booked + 1
    return
  end
  if status == 200 then
    local token = string.match(body, '"token":"([^"]+)"')
    if token then
      logins = logins + 1
      pool[#pool + 1] = {token = token, left = party}
      return
    end
  end
  if status == 409 and string.find(body, '"no_slots"', 1, true) then
    no_slots = no_slots + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local b, n, o, l = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    b = b + t:get("booked"); n = n + t:get("no_slots"); o = o + t:get("other"); l = l + t:get("logins")
  end
  local secs = summary.duration / 1e6
  io.write(string.format(
    '{"bookings":%d,"no_slots":%d,"other":%d,"logins":%d,"seconds":%.3f,' ..
    '"bookings_per_second":%.1f,"requests_per_second":%.1f,"p99_ms":%.3f}\n',
    b, n, o, l, secs, b / secs, summary.requests / secs, latency:percentile(99) / 1000))
end
