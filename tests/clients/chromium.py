"""Debian's headless Chromium, driven by selenium through Debian's chromedriver, loading pages twice.

Usage: python chromium.py BASE_URL PROFILE_DIR

Loads /, /users/1 and /users twice each by navigation, and /users.csv twice with fetch() from the page (a
navigation would download it). Then renames user 1 (a PATCH, from Python) and loads /users/1 a third time.
Prints one JSON object per line: {"path", "same_content"} for each, then {"path": "/users/1", "after_change"}.
The Rust test (tests/users_clients.rs) reads the server's access log for what went over the wire.
"""

import json
import sys
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

# The flags this machine needs: no sandbox as root, and no background traffic to hosts it cannot reach.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def browser(profile):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in FLAGS + [f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    return webdriver.Chrome(options=options, service=Service(executable_path="/usr/bin/chromedriver"))


def shown(driver, url):
    driver.get(url)
    return driver.find_element(By.TAG_NAME, "body").text


def fetched(driver, path):
    # selenium passes the callback that ends the script last.
    script = "const done = arguments[1]; fetch(arguments[0]).then(r => r.text()).then(done, e => done(String(e)));"
    return driver.execute_async_script(script, path)


def rename_user_1(base, name):
    # A write to an existing user must name the state it changes (RFC 6585 §3): its current tag, in If-Match.
    with urllib.request.urlopen(base + "/users/1") as current:
        etag = current.headers["ETag"]
    body = json.dumps({"name": name}).encode()
    request = urllib.request.Request(base + "/users/1", data=body, method="PATCH")
    request.add_header("Content-Type", "application/merge-patch+json")
    request.add_header("If-Match", etag)
    with urllib.request.urlopen(request) as response:
        assert response.status == 200, response.status


def report(**fields):
    print(json.dumps(fields), flush=True)


def main():
    base, profile = sys.argv[1], sys.argv[2]
    driver = browser(profile)
    try:
        for path in ["/", "/users/1", "/users"]:
            first, second = shown(driver, base + path), shown(driver, base + path)
            report(path=path, same_content=first == second and first != "")
        driver.get(base + "/")
        first, second = fetched(driver, "/users.csv"), fetched(driver, "/users.csv")
        report(path="/users.csv", same_content=first == second and first.startswith("id,"))
        rename_user_1(base, "Ada Chromium")
        report(path="/users/1", after_change="Ada Chromium" in shown(driver, base + "/users/1"))
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
