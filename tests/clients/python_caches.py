"""Two real HTTP caches for Python, requests-cache and hishel, each GETting every URL twice.

Usage: python python_caches.py BASE_URL PATH...

Prints one JSON object per line: {"cache", "path", "first", "second", "from_cache", "revalidated", "same_body"},
where first and second are the statuses the application saw. The Rust test (tests/users_clients.rs) compares them
with the server's access log, which shows what went over the wire (If-None-Match sent, 304 answered).
"""

import json
import sqlite3
import sys

import hishel
import hishel.httpx
import requests_cache


def with_requests_cache(base, path):
    # cache_control=True: follow the server's Cache-Control (no-cache: store, but revalidate before each use).
    session = requests_cache.CachedSession(backend="memory", cache_control=True)
    first = session.get(base + path)
    second = session.get(base + path)
    return {
        "first": first.status_code,
        "second": second.status_code,
        "from_cache": bool(second.from_cache),
        # requests-cache marks a response it refreshed with a 304 as revalidated.
        "revalidated": bool(getattr(second, "revalidated", False)),
        "same_body": first.content == second.content,
    }


def with_hishel(base, path):
    # rfc=True: follow RFC 9111 rather than hishel's default of caching everything by URL.
    storage = hishel.SqliteStorage(connection=sqlite3.connect(":memory:", check_same_thread=False))
    with hishel.httpx.CacheClient(storage=storage, rfc=True) as client:
        first = client.get(base + path)
        second = client.get(base + path)
        status = second.extensions["caching"]
        return {
            "first": first.status_code,
            "second": second.status_code,
            "from_cache": bool(status["from_cache"]),
            "revalidated": bool(status["revalidated"]),
            "same_body": first.content == second.content,
        }


def main():
    base, paths = sys.argv[1], sys.argv[2:]
    for path in paths:
        for name, run in (("requests-cache", with_requests_cache), ("hishel", with_hishel)):
            print(json.dumps({"cache": name, "path": path, **run(base, path)}), flush=True)


if __name__ == "__main__":
    main()
