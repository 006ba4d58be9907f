//! What an operator of the users example sees, over real HTTP: the access log (`--log`, `--log-format json`)
//! names etag-runtime's decision for each request, `RUST_LOG=etag_runtime=debug` adds etag-runtime's own event
//! per decision, and `--metrics` serves its counters at `GET /metrics` in the Prometheus text format.

mod support;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use serde_json::Value;
use support::backend::Backend;
use support::example::{Example, start_users, start_users_logging, start_users_with};
use support::{get, send_json};

/// The counters `/metrics` shows, by name and labels as rendered (`name{route="/users",status="304"}`).
fn scrape(example: &Example) -> BTreeMap<String, f64> {
    let page = get(example.addr, "/metrics", &[]);
    assert_eq!(page.status, 200);
    assert!(
        page.header("content-type")
            .is_some_and(|value| value.starts_with("text/plain"))
    );
    page.text()
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let (series, value) = line.rsplit_once(' ').expect("a series and its value");
            (series.to_owned(), value.parse().expect("a number"))
        })
        .collect()
}

/// How far each of `series` moved between two scrapes (0 for one that did not exist before).
fn moved(before: &BTreeMap<String, f64>, after: &BTreeMap<String, f64>, series: &str) -> f64 {
    after.get(series).copied().unwrap_or(0.0) - before.get(series).copied().unwrap_or(0.0)
}

/// RFC 9110 §15.4.5: a 304 sends no body; the counters say how many did, and how many body bytes that spared.
#[test]
fn metrics_count_a_200_a_304_and_the_bytes_the_304_spared() {
    let example = start_users_with(&Backend::Sqlite.database(), &["--metrics"]);
    // Hashed JSON (`#[conditional]`) and CSV (the `Conditional` middleware): modes whose body length is known.
    for route in ["/users/stats", "/users.csv"] {
        let before = scrape(&example);
        let ok = get(example.addr, route, &[]);
        let tag = ok.header("etag").expect("an ETag").to_owned();
        let not_modified = get(example.addr, route, &[("If-None-Match", &tag)]);
        assert_eq!((ok.status, not_modified.status), (200, 304), "{route}");
        let after = scrape(&example);

        let responses =
            |status: u16| format!("etag_conditional_responses_total{{route=\"{route}\",status=\"{status}\"}}");
        assert_eq!(moved(&before, &after, &responses(200)), 1.0, "{route}: {after:#?}");
        assert_eq!(moved(&before, &after, &responses(304)), 1.0, "{route}: {after:#?}");
        let spared = format!("etag_body_bytes_not_sent_total{{route=\"{route}\"}}");
        assert_eq!(
            moved(&before, &after, &spared),
            ok.body.len() as f64,
            "{route}: {after:#?}"
        );
    }
}

/// RFC 9110 §13.1.1: a write whose If-Match no longer matches is a 412, counted under its route's pattern.
#[test]
fn metrics_count_a_refused_write_under_the_routes_pattern() {
    let example = start_users_with(&Backend::Sqlite.database(), &["--metrics"]);
    let before = scrape(&example);
    let body = serde_json::json!({"name": "Ada", "email": "ada@example.com"});
    let refused = send_json(
        example.addr,
        "PUT",
        "/users/2",
        &[("If-Match", "\"not-the-tag\"")],
        &body,
    );
    assert_eq!(refused.status, 412);
    let after = scrape(&example);
    let series = "etag_conditional_responses_total{route=\"/users/{id}\",status=\"412\"}";
    assert_eq!(moved(&before, &after, series), 1.0, "{after:#?}");
}

#[test]
fn without_the_flag_there_is_no_metrics_page() {
    let example = start_users(Backend::Sqlite);
    assert_eq!(get(example.addr, "/metrics", &[]).status, 404);
}

/// The log lines printed once `count` of them are in, waiting a little for the log to catch up.
fn lines_after(example: &Example, count: usize) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let lines = example.log();
        if lines.len() >= count || Instant::now() > deadline {
            return lines;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// RFC 9110 §13.1.2 and §13.1.1: each access-log line ends with what etag-runtime decided.
#[test]
fn the_access_log_names_each_decision() {
    let example = start_users_with(&Backend::Sqlite.database(), &["--log"]);
    let tag = get(example.addr, "/users/1", &[])
        .header("etag")
        .expect("an ETag")
        .to_owned();
    get(example.addr, "/users/1", &[("If-None-Match", &tag)]);
    let body = serde_json::json!({"name": "Ada", "email": "ada@example.com"});
    send_json(example.addr, "PUT", "/users/1", &[("If-Match", "\"stale\"")], &body);
    get(example.addr, "/users/999", &[]);

    let lines = lines_after(&example, 4);
    let expected = [
        format!("GET /users/1 if-none-match=- status=200 etag={tag} decision=validated"),
        format!("GET /users/1 if-none-match={tag} status=304 etag={tag} decision=not_modified"),
        // The 412 names the state that won (RFC 9110 §15.5.13): the user's current tag.
        format!("PUT /users/1 if-none-match=- status=412 etag={tag} decision=precondition_failed"),
        "GET /users/999 if-none-match=- status=404 etag=- decision=untouched:handler_error".to_owned(),
    ];
    assert_eq!(lines, expected);
}

/// `--log-format json`: the same fields, one object per line; `RUST_LOG=etag_runtime=debug` adds etag-runtime's
/// event for each decision, with the body bytes a 304 spared (RFC 9110 §15.4.5).
#[test]
fn json_lines_and_etag_runtimes_own_events() {
    let database = Backend::Sqlite.database();
    let flags = ["--log-format", "json"];
    let example = start_users_logging("127.0.0.1:0", &database, &flags, Some("etag_runtime=debug"));
    let ok = get(example.addr, "/users/stats", &[]);
    let tag = ok.header("etag").expect("an ETag").to_owned();
    get(example.addr, "/users/stats", &[("If-None-Match", &tag)]);

    let lines: Vec<Value> = lines_after(&example, 4)
        .iter()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|error| panic!("not JSON ({error}): {line}")))
        .collect();
    let of = |target: &str| -> Vec<&Value> { lines.iter().filter(|line| line["target"] == target).collect() };
    let access = of("users::access");
    let decisions = of("etag_runtime");
    assert_eq!((access.len(), decisions.len()), (2, 2), "{lines:#?}");

    assert_eq!(access[1]["method"], "GET");
    assert_eq!(access[1]["path"], "/users/stats");
    assert_eq!(access[1]["if-none-match"], tag.as_str());
    assert_eq!(access[1]["status"], 304);
    assert_eq!(access[1]["etag"], tag.as_str());
    assert_eq!(access[1]["decision"], "not_modified");

    assert_eq!(decisions[0]["level"], "DEBUG");
    assert_eq!(decisions[0]["decision"], "validated");
    assert_eq!(decisions[1]["route"], "/users/stats");
    assert_eq!(decisions[1]["decision"], "not_modified");
    assert_eq!(decisions[1]["status"], 304);
    assert_eq!(decisions[1]["tag"], tag.as_str());
    assert_eq!(decisions[1]["bytes_not_sent"], ok.body.len());
}
