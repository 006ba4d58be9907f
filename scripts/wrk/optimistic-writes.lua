-- Optimistic writes as a client makes them: a GET (accepting gzip, so that a decoding cache passes the strong
-- tag through; a GET rather than a HEAD, whose bodiless answer wrk's parser would wait on) for the current ETag, then a PATCH with If-Match: that tag; a 412 means someone wrote in between,
-- and the next request reads the tag again. Every PATCH changes the name, so every success is a new version.
-- At the end: successful writes per second, the share of PATCHes refused with 412, and the p99 latency of all
-- requests.
local threads = {}
local path = "/users/1"

function setup(thread)
    table.insert(threads, thread)
end

function init(args)
    written, refused, other, tag, n = 0, 0, 0, nil, 0
end

function request()
    if tag == nil then
        return wrk.format("GET", path, { ["Accept-Encoding"] = "gzip" })
    end
    local guard = tag
    tag = nil
    n = n + 1
    local body = string.format('{"name":"bench %d-%d"}', math.random(1e9), n)
    return wrk.format("PATCH", path, { ["If-Match"] = guard, ["Content-Type"] = "application/merge-patch+json" },
        body)
end

function response(status, headers, body)
    local etag = headers["etag"] or headers["ETag"] or headers["Etag"]
    if etag ~= nil then
        tag = etag
    elseif status == 200 then
        written = written + 1
    elseif status == 412 then
        refused = refused + 1
    else
        other = other + 1
    end
end

function done(summary, latency, requests)
    local ok, failed, errors = 0, 0, 0
    for _, thread in ipairs(threads) do
        ok = ok + thread:get("written")
        failed = failed + thread:get("refused")
        errors = errors + thread:get("other")
    end
    local seconds = summary.duration / 1e6
    io.write(string.format("writes_per_s=%.0f refused_412=%.1f%% other=%d p99_ms=%.2f\n", ok / seconds,
        100 * failed / math.max(ok + failed, 1), errors, latency:percentile(99) / 1000))
end
