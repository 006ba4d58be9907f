//! Real clients against the users example: two Python HTTP caches (requests-cache, hishel), Debian's headless
//! Chromium, and the project's own client example. What crossed the wire is read from the example's access log
//! (`--log`): the client's If-None-Match and the status and ETag it got.
//!
//! The Python packages come from PyPI into target/python (scripts/python-venv.sh); Chromium and chromedriver are
//! Debian's, which `scripts/test.sh` installs.

mod support;

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use serde_json::Value;
use support::backend::Backend;
use support::example::{Example, client_binary, concurrent_client_patches, start_users_with};
use support::python::python_tools;
use support::scratch::ScratchDir;
use support::{get, send_json};

/// The pages a client reads, one of each kind: HTML (`impl Responder`), a model's JSON, hashed JSON, and CSV from
/// the `Conditional` middleware.
const PAGES: [&str; 4] = ["/", "/users/1", "/users", "/users.csv"];

fn logged_example(backend: Backend) -> Example {
    start_users_with(&backend.database(), &["--log"])
}

/// The access-log lines for GET `path` that revalidated: they carried If-None-Match and got 304. Waits a little for
/// the log to catch up with the client.
fn revalidations(example: &Example, path: &str, at_least: usize) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let lines: Vec<String> = example
            .log()
            .into_iter()
            .filter(|line| line.starts_with(&format!("GET {path} ")))
            .filter(|line| !line.contains("if-none-match=- ") && line.contains(" status=304 "))
            .collect();
        if lines.len() >= at_least || Instant::now() > deadline {
            return lines;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn python(script: &str, args: &[&str]) -> Output {
    let tools = python_tools();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/clients").join(script);
    let output = Command::new(format!("{tools}/python"))
        .arg(script)
        .args(args)
        .output()
        .expect("run python");
    assert!(
        output.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// One JSON object per printed line.
fn reports(output: &Output) -> Vec<Value> {
    let text = String::from_utf8_lossy(&output.stdout);
    text.lines()
        .map(|line| serde_json::from_str(line).expect("a JSON line"))
        .collect()
}

// RFC 9111 §4.3.1 and §4.3.4: a cache holding a `no-cache` copy sends its ETag in If-None-Match, and on 304 serves
// the stored body, refreshed with the 304's fields.
fn rfc9111_4_3_python_caches_revalidate_and_serve_their_copy(backend: Backend) {
    let example = logged_example(backend);
    let base = format!("http://{}", example.addr);
    let mut args = vec![base.as_str()];
    args.extend(PAGES);
    let reports = reports(&python("python_caches.py", &args));
    assert_eq!(reports.len(), PAGES.len() * 2, "{reports:?}");
    for report in &reports {
        // The application sees 200 twice; the second came from the cache, after a revalidation.
        assert_eq!(
            (report["first"].as_u64(), report["second"].as_u64()),
            (Some(200), Some(200)),
            "{report}"
        );
        for flag in ["from_cache", "revalidated", "same_body"] {
            assert_eq!(report[flag], true, "{flag}: {report}");
        }
    }
    for path in PAGES {
        let seen = revalidations(&example, path, 2);
        assert_eq!(
            seen.len(),
            2,
            "{path}: one revalidation per cache expected in {:#?}",
            example.log()
        );
    }
}

// RFC 9111 §4.3.1: a browser revalidates its copy of each page with If-None-Match and shows the same page on
// 304; after a change, it gets a 200 and shows the new content.
fn rfc9111_4_3_chromium_revalidates_each_page_and_shows_the_change(backend: Backend) {
    for program in ["/usr/bin/chromium", "/usr/bin/chromedriver"] {
        assert!(
            Path::new(program).exists(),
            "{program} is missing: scripts/test.sh installs Debian's chromium and chromium-driver"
        );
    }
    let example = logged_example(backend);
    let profile = ScratchDir::new("chromium-profile");
    let base = format!("http://{}", example.addr);
    let profile_dir = profile.path().to_str().expect("a UTF-8 path");
    let reports = reports(&python("chromium.py", &[&base, profile_dir]));
    let pages: Vec<&Value> = reports
        .iter()
        .filter(|report| report.get("same_content").is_some())
        .collect();
    assert_eq!(pages.len(), PAGES.len(), "{reports:?}");
    for page in pages {
        assert_eq!(page["same_content"], true, "{page}");
    }
    for path in PAGES {
        let seen = revalidations(&example, path, 1);
        assert!(
            !seen.is_empty(),
            "{path}: Chromium did not revalidate; the log:\n{:#?}",
            example.log()
        );
    }
    let changed = reports
        .iter()
        .find(|report| report.get("after_change").is_some())
        .expect("the last load");
    assert_eq!(changed["after_change"], true, "{changed}");
    let last = example
        .log()
        .into_iter()
        .rev()
        .find(|line| line.starts_with("GET /users/1 "))
        .expect("a line");
    assert!(
        last.contains(" status=200 ") && !last.contains("if-none-match=- "),
        "{last}"
    );
}

fn client(args: &[&str]) -> Output {
    Command::new(client_binary())
        .args(args)
        .output()
        .expect("run the client example")
}

// RFC 9110 §13.1.2: the client example keeps its copy, revalidates it (304, the body from its copy), and reports
// the change when the resource changes.
fn rfc9110_13_1_2_the_client_example_revalidates_and_sees_a_change(backend: Backend) {
    let example = logged_example(backend);
    let url = format!("http://{}/users/2", example.addr);
    let output = client(&["get", &url]);
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(said.contains("200 OK, ETag \"v2+s."), "{said}");
    assert!(said.contains("304 Not Modified"), "{said}");
    assert!(said.contains("Grace Hopper"), "the body from the kept copy: {said}");
    assert_eq!(revalidations(&example, "/users/2", 1).len(), 1);

    // Renamed while the client waits between its revalidations: the second one gets the new 200.
    let watcher = {
        let url = url.clone();
        std::thread::spawn(move || client(&["get", &url, "--times", "2", "--interval-ms", "1500"]))
    };
    std::thread::sleep(Duration::from_millis(700));
    // RFC 6585 §3: a write to an existing user names the state it changes.
    let current = get(example.addr, "/users/2", &[]);
    let if_match = current.header("etag").expect("a tag").to_owned();
    let renamed = send_json(
        example.addr,
        "PATCH",
        "/users/2",
        &[("If-Match", &if_match)],
        &serde_json::json!({"name": "Grace B. Hopper"}),
    );
    assert_eq!(renamed.status, 200);
    let output = watcher.join().expect("the watching client");
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{said}");
    assert!(said.contains("the resource changed; new ETag"), "{said}");
}

// The client refuses what a correct server does not send: here, a 404 for a user that does not exist.
fn the_client_example_fails_on_an_unexpected_status(backend: Backend) {
    let example = logged_example(backend);
    let output = client(&["get", &format!("http://{}/users/999", example.addr)]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("Status(404)"));
}

// RFC 9110 §13.1.1: eight optimistic updates of one user at once all go through in the end, each written against
// the version it read (If-Match), so none is lost: the version moves by exactly eight.
fn rfc9110_13_1_1_concurrent_optimistic_updates_all_succeed_and_none_is_lost(backend: Backend) {
    let example = logged_example(backend);
    let url = format!("http://{}/users/3", example.addr);
    let version_of = |example: &Example| {
        get(example.addr, "/users/3", &[]).json()["version"]
            .as_i64()
            .expect("version")
    };
    let before = version_of(&example);
    concurrent_client_patches(&url, 8, 20);
    let writes: Vec<String> = example
        .log()
        .into_iter()
        .filter(|line| line.starts_with("PATCH /users/3 "))
        .collect();
    assert_eq!(
        writes.iter().filter(|line| line.contains(" status=200 ")).count(),
        8,
        "{writes:#?}"
    );
    assert!(
        writes
            .iter()
            .all(|line| line.contains(" status=200 ") || line.contains(" status=412 ")),
        "{writes:#?}"
    );
    // Versions come from one counter per database, moved once by each stored change.
    assert_eq!(version_of(&example), before + 8);
}

// The client's command line: clap's usage names both commands; a missing argument exits 2 with clap's message.
#[test]
fn the_client_example_help_names_its_commands() {
    let help = client(&["--help"]);
    let usage = String::from_utf8_lossy(&help.stdout);
    assert!(help.status.success());
    assert!(usage.contains("get") && usage.contains("patch"), "{usage}");
    let missing = client(&["patch", "http://127.0.0.1:1/users/1"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("<JSON>"));
}

on_each_backend!(
    rfc9111_4_3_python_caches_revalidate_and_serve_their_copy,
    rfc9111_4_3_chromium_revalidates_each_page_and_shows_the_change,
    rfc9110_13_1_2_the_client_example_revalidates_and_sees_a_change,
    the_client_example_fails_on_an_unexpected_status,
    rfc9110_13_1_1_concurrent_optimistic_updates_all_succeed_and_none_is_lost,
);
