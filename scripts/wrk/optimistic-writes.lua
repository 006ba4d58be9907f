-- Optimistic writes as a client makes them: a GET (accepting gzip, so that a decoding cache passes the strong
-- tag through; a GET rather than a HEAD, whose bodiless answer wrk's parser would wait on) for the current ETag, then a PATCH with If-Match: that tag; a 412 means someone wrote in between,
-- and the next request reads the tag again. Every PATCH changes the name, so every success is a new version.
-- A PATCH's 200 carries the new ETag as a GET's does, and the connections of one thread share this state, so an
-- answer does not say which request it answers: the script counts 412s and other statuses, and the caller
-- counts the writes from the user's version before and after. At the end: `refused_412=N other=N p99_ms=N`.
local threads = {}
local path = "/users/1"

function setup(thread)
    table.insert(threads, thread)
end

function init(args)
    refused, other, tag, n = 0, 0, nil, 0
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
    if status == 412 then
        refused = refused + 1
    elseif status ~= 200 then
        other = other + 1
    elseif etag ~= nil then
        tag = etag
    end
end

function done(summary, latency, requests)
    local failed, errors = 0, 0
    for _, thread in ipairs(threads) do
        failed = failed + thread:get("refused")
        errors = errors + thread:get("other")
    end
    io.write(string.format("refused_412=%d other=%d p99_ms=%.2f\n", failed, errors, latency:percentile(99) / 1000))
end
