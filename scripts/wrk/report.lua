-- Prints one line at the end of a wrk run: requests per second and the 99th percentile latency in ms, and the
-- statuses seen (so that a run that met errors, or no 304s when it should, is visible).
local threads = {}

function setup(thread)
    table.insert(threads, thread)
end

function init(args)
    statuses = {}
end

function response(status, headers, body)
    statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
    local seen = {}
    for _, thread in ipairs(threads) do
        for status, count in pairs(thread:get("statuses")) do
            seen[status] = (seen[status] or 0) + count
        end
    end
    local parts = {}
    for status, count in pairs(seen) do
        table.insert(parts, status .. "=" .. count)
    end
    table.sort(parts)
    io.write(string.format("rps=%.0f p99_ms=%.2f statuses=%s\n", summary.requests / (summary.duration / 1e6),
        latency:percentile(99) / 1000, table.concat(parts, ",")))
end
