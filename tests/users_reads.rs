//! The users example's reads, over real HTTP against the built example: GET and HEAD of the list, of one user
//! and of the stats, their validators, 304s, 412s, and the errors that carry no validators.

mod support;

use support::backend::{Backend, TestDatabase};
use support::example::{Example, current_tag, start_users, start_users_with};
use support::postgres::Cluster;
use support::{Response, get, gunzip, hashed_tag, send, send_json};

fn users(backend: Backend) -> Example {
    start_users(backend)
}

fn etag(response: &Response) -> String {
    response.header("etag").expect("an ETag").to_owned()
}

/// What a 304 must keep of its 200 (RFC 9110 §15.4.5), and that it has no body.
fn assert_not_modified_for(not_modified: &Response, ok: &Response) {
    assert_eq!(not_modified.status, 304, "{}", not_modified.text());
    assert!(not_modified.body.is_empty());
    for name in ["etag", "last-modified", "cache-control"] {
        assert_eq!(not_modified.header(name), ok.header(name), "{name}");
    }
    assert_eq!(not_modified.tokens("vary"), ok.tokens("vary"));
}

// RFC 9110 §8.8.3, §13.1.2: the list's ETag is strong, from its revision (`"list-v<revision>+s.<shape>"`), and
// If-None-Match with it gives 304 with the 200's cache headers (§15.4.5).
fn rfc9110_13_1_2_the_lists_revision_tag_revalidates_with_304(backend: Backend) {
    let example = users(backend);
    let list = get(example.addr, "/users", &[]);
    assert_eq!(list.status, 200);
    assert_eq!(list.header("content-type"), Some("application/json"));
    let ids: Vec<i64> = list
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [1, 2, 3], "users 1, 2 and 3 are seeded");
    assert!(etag(&list).starts_with("\"list-v"), "{}", etag(&list));
    assert_eq!(
        list.header("last-modified"),
        None,
        "a delete leaves no row to date the list"
    );
    assert_eq!(list.header("cache-control"), Some("no-cache"));
    assert!(list.tokens("vary").contains("accept-encoding"));

    let again = get(example.addr, "/users", &[("If-None-Match", &etag(&list))]);
    assert_not_modified_for(&again, &list);
}

// RFC 9110 §8.8.3: a new user changes the list, so its tag; the old tag no longer gives a 304.
fn rfc9110_8_8_3_list_tag_changes_with_the_list(backend: Backend) {
    let example = users(backend);
    let before = get(example.addr, "/users", &[]);
    let body = serde_json::json!({"name": "Edsger Dijkstra", "email": "ewd@example.net"});
    assert_eq!(send_json(example.addr, "POST", "/users", &[], &body).status, 201);
    let after = get(example.addr, "/users", &[("If-None-Match", &etag(&before))]);
    assert_eq!(after.status, 200);
    assert_ne!(etag(&after), etag(&before));
    assert_eq!(after.json().as_array().unwrap().len(), 4);
    // A delete changes the list too; a write that changes nothing does not (the same rows, the same tag).
    let user_tag = etag(&get(example.addr, "/users/4", &[]));
    assert_eq!(
        send(example.addr, "DELETE", "/users/4", &[("If-Match", &user_tag)], b"").status,
        204
    );
    let deleted = get(example.addr, "/users", &[("If-None-Match", &etag(&after))]);
    assert_eq!(deleted.status, 200);
    assert_eq!(deleted.json().as_array().unwrap().len(), 3);
    let user_tag = etag(&get(example.addr, "/users/3", &[]));
    let same = serde_json::json!({"name": "Alan Turing", "email": "alan@example.com"});
    assert_eq!(
        send_json(example.addr, "PUT", "/users/3", &[("If-Match", &user_tag)], &same).status,
        200
    );
    assert_eq!(
        get(example.addr, "/users", &[("If-None-Match", &etag(&deleted))]).status,
        304
    );
}

// RFC 9110 §8.8.1, §8.8.2: one user has a strong ETag from its version and a Last-Modified from updated_at.
fn rfc9110_8_8_one_user_has_a_strong_tag_and_last_modified(backend: Backend) {
    let example = users(backend);
    let user = get(example.addr, "/users/1", &[]);
    assert_eq!(user.status, 200);
    let json = user.json();
    assert_eq!(
        (json["id"].as_i64(), json["name"].as_str()),
        (Some(1), Some("Ada Lovelace"))
    );
    // The version, then the digest of the model's definition (RFC 9110 §8.8.3: a new build of `User` is a new
    // representation): `"v<version>+s.<8 hex digits>"`.
    let tag = etag(&user);
    let shape = tag
        .strip_prefix(&format!("\"v{}+s.", json["version"]))
        .and_then(|rest| rest.strip_suffix('"'))
        .unwrap_or_else(|| panic!("not the version and a shape: {tag}"));
    assert!(
        shape.len() == 8 && shape.bytes().all(|byte| byte.is_ascii_hexdigit()),
        "{tag}"
    );
    let last_modified = etag_runtime::HttpDate::parse(user.header("last-modified").unwrap().as_bytes()).unwrap();
    assert_eq!(last_modified.unix_seconds(), json["updated_at"].as_i64().unwrap());
}

// RFC 9110 §13.1.2 and §15.4.5: If-None-Match with the current tag gives 304 with ETag, Last-Modified,
// Cache-Control and Vary; a list that names it among others matches too; a different tag gives 200.
fn rfc9110_13_1_2_if_none_match_on_one_user(backend: Backend) {
    let example = users(backend);
    let user = get(example.addr, "/users/1", &[]);
    let tag = etag(&user);
    assert_not_modified_for(&get(example.addr, "/users/1", &[("If-None-Match", &tag)]), &user);
    let list = format!("\"v999\", {tag}");
    assert_not_modified_for(&get(example.addr, "/users/1", &[("If-None-Match", &list)]), &user);
    assert_not_modified_for(&get(example.addr, "/users/1", &[("If-None-Match", "*")]), &user);
    assert_eq!(
        get(example.addr, "/users/1", &[("If-None-Match", "\"v999\"")]).status,
        200
    );
    // §8.8.3.2: If-None-Match compares weakly, so the weak form of the tag matches too.
    let weak = format!("W/{tag}");
    assert_eq!(get(example.addr, "/users/1", &[("If-None-Match", &weak)]).status, 304);
}

// RFC 9110 §13.1.3 and §13.2.2 step 4: If-Modified-Since at or after Last-Modified gives 304, before it 200;
// and it is ignored when If-None-Match is present (step 3 decides).
fn rfc9110_13_1_3_if_modified_since_and_its_precedence(backend: Backend) {
    let example = users(backend);
    let user = get(example.addr, "/users/2", &[]);
    let last_modified = user.header("last-modified").unwrap().to_owned();
    assert_not_modified_for(
        &get(example.addr, "/users/2", &[("If-Modified-Since", &last_modified)]),
        &user,
    );
    let long_ago = "Sun, 06 Nov 1994 08:49:37 GMT";
    assert_eq!(
        get(example.addr, "/users/2", &[("If-Modified-Since", long_ago)]).status,
        200
    );
    let stale_tag_recent_date = [
        ("If-None-Match", "\"v999\""),
        ("If-Modified-Since", last_modified.as_str()),
    ];
    assert_eq!(get(example.addr, "/users/2", &stale_tag_recent_date).status, 200);
}

// RFC 9110 §13.1.1 and §13.1.4: If-Match and If-Unmodified-Since also apply to a GET: 412 when they fail.
fn rfc9110_13_1_1_if_match_and_if_unmodified_since_on_get(backend: Backend) {
    let example = users(backend);
    let user = get(example.addr, "/users/3", &[]);
    assert_eq!(get(example.addr, "/users/3", &[("If-Match", &etag(&user))]).status, 200);
    let stale = get(example.addr, "/users/3", &[("If-Match", "\"v999\"")]);
    assert_eq!(stale.status, 412);
    assert_eq!(stale.header("content-type"), Some("application/problem+json"));
    let long_ago = "Sun, 06 Nov 1994 08:49:37 GMT";
    assert_eq!(
        get(example.addr, "/users/3", &[("If-Unmodified-Since", long_ago)]).status,
        412
    );
    let last_modified = user.header("last-modified").unwrap();
    assert_eq!(
        get(example.addr, "/users/3", &[("If-Unmodified-Since", last_modified)]).status,
        200
    );
}

// RFC 9110 §8.8.3.3: behind Compress, the gzip response has its own strong tag, and the identity tag does not
// give a gzip client a 304 (it would be the wrong bytes).
fn rfc9110_8_8_3_3_gzip_has_its_own_strong_tag(backend: Backend) {
    let example = users(backend);
    let identity = get(example.addr, "/users/1", &[]);
    let gzip = get(example.addr, "/users/1", &[("Accept-Encoding", "gzip")]);
    assert_eq!(gzip.header("content-encoding"), Some("gzip"));
    assert_eq!(gunzip(&gzip.body), identity.body);
    let expected = format!("{}+gzip\"", etag(&identity).trim_end_matches('"'));
    assert_eq!(etag(&gzip), expected);
    let crossed = get(
        example.addr,
        "/users/1",
        &[("Accept-Encoding", "gzip"), ("If-None-Match", &etag(&identity))],
    );
    assert_eq!(crossed.status, 200);
    let same = get(
        example.addr,
        "/users/1",
        &[("Accept-Encoding", "gzip"), ("If-None-Match", &expected)],
    );
    assert_eq!(same.status, 304);
    assert!(
        same.tokens("vary").contains("accept-encoding"),
        "RFC 9110 §15.4.5: the 304 keeps Vary"
    );
}

// RFC 9110 §9.3.2: HEAD gets the GET's status and validators without a body, and is conditional the same way.
fn rfc9110_9_3_2_head_is_conditional_like_get(backend: Backend) {
    let example = users(backend);
    for path in ["/users", "/users/1", "/users/stats"] {
        let full = get(example.addr, path, &[]);
        let head = send(example.addr, "HEAD", path, &[], b"");
        assert_eq!(head.status, 200, "{path}");
        assert!(head.body.is_empty(), "{path}");
        for name in ["etag", "last-modified", "cache-control", "content-type"] {
            assert_eq!(head.header(name), full.header(name), "{path} {name}");
        }
        let revalidated = send(example.addr, "HEAD", path, &[("If-None-Match", &etag(&full))], b"");
        assert_eq!(revalidated.status, 304, "{path}");
    }
}

// RFC 9110 §8.8.3: the stats are built in a HashMap, whose order changes between processes; the hashed tag
// must not. Two processes with the same data give the same bytes and tag; a new domain changes them.
fn rfc9110_8_8_3_stats_tag_is_stable_across_hashmap_orders(backend: Backend) {
    let (first, second) = (users(backend), users(backend));
    let stats = get(first.addr, "/users/stats", &[]);
    assert_eq!(stats.status, 200);
    assert_eq!(stats.json()["users"], 3);
    assert_eq!(stats.json()["domains"]["example.com"], 2);
    assert_eq!(stats.json()["domains"]["example.org"], 1);
    assert_eq!(etag(&stats), hashed_tag(&stats.body));
    let elsewhere = get(second.addr, "/users/stats", &[("If-None-Match", &etag(&stats))]);
    assert_eq!(elsewhere.status, 304, "the other process's HashMap gave other bytes");

    let body = serde_json::json!({"name": "Barbara Liskov", "email": "barbara@example.edu"});
    assert_eq!(send_json(first.addr, "POST", "/users", &[], &body).status, 201);
    let changed = get(first.addr, "/users/stats", &[("If-None-Match", &etag(&stats))]);
    assert_eq!(changed.status, 200);
    assert_eq!(changed.json()["domains"]["example.edu"], 1);
}

// RFC 9110 §13.2.1: a 404 or 400 is answered as such whatever the preconditions, as problem+json (RFC 9457),
// with no validators.
fn rfc9110_13_2_1_unknown_and_malformed_ids_are_errors_without_validators(backend: Backend) {
    let example = users(backend);
    let cases = [
        ("/users/99", 404),
        ("/users/abc", 400),
        ("/users/0", 400),
        ("/users/01", 400),
        ("/users/-1", 400),
        ("/users/99999999999999999999", 400),
        ("/nowhere", 404),
    ];
    for (path, status) in cases {
        let response = get(example.addr, path, &[("If-None-Match", "*"), ("If-Match", "\"v1\"")]);
        assert_eq!(response.status, status, "{path}");
        assert_eq!(
            response.header("content-type"),
            Some("application/problem+json"),
            "{path}"
        );
        assert_eq!(response.json()["status"], status, "{path}");
        assert_eq!(response.header("etag"), None, "{path}");
        assert_eq!(response.header("last-modified"), None, "{path}");
    }
}

// RFC 9110 §13.1.2: a malformed If-None-Match on a GET is ignored (a full 200); RFC 9110 §15.5.6: a method the
// resource lacks gets 405 with Allow.
fn rfc9110_13_1_2_malformed_if_none_match_on_get_is_ignored(backend: Backend) {
    let example = users(backend);
    let response = get(example.addr, "/users/1", &[("If-None-Match", "v1, \"unterminated")]);
    assert_eq!(response.status, 200);
    assert!(response.header("etag").is_some());
    let not_allowed = send(example.addr, "DELETE", "/users/stats", &[], b"");
    assert_eq!(not_allowed.status, 405);
    assert_eq!(not_allowed.header("allow"), Some("GET, HEAD"));
    assert_eq!(not_allowed.header("content-type"), Some("application/problem+json"));
}

// RFC 9110 §13.1.2, validators before the work: what PostgreSQL itself ran. The list's 304 reads its revision
// alone, and only a 200 reads the rows, in the revision's snapshot; one user's GET reads the row once, for a 200
// and for a 304 alike (its tag and body are that row's).
#[test]
fn rfc9110_13_1_2_a_304_for_the_list_runs_only_the_revision_query() {
    const REVISION: &str = "SELECT value FROM list_revision";
    const ROWS: &str = "SELECT id, name, email, version, updated_at FROM users ORDER BY id";
    const ONE_ROW: &str = "SELECT id, name, email, version, updated_at FROM users WHERE id = $1";
    let cluster = Cluster::shared();
    let database = TestDatabase::postgres(cluster);
    cluster.log_statements(database.name());
    let example = start_users_with(&database, &[]);
    let ran_for = |path: &str, headers: &[(&str, &str)], status: u16| {
        let before = cluster.statements(database.name()).len();
        let response = get(example.addr, path, headers);
        assert_eq!(response.status, status, "{path}");
        let tag = response.header("etag").expect("an ETag").to_owned();
        (tag, cluster.statements(database.name())[before..].to_vec())
    };
    let count = |statements: &[String], sql: &str| statements.iter().filter(|s| s.ends_with(sql)).count();

    let (tag, ok) = ran_for("/users", &[], 200);
    assert_eq!((count(&ok, REVISION), count(&ok, ROWS)), (1, 1), "{ok:?}");
    assert!(
        ok.iter()
            .any(|s| s.ends_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")),
        "{ok:?}"
    );
    let before = cluster.statements(database.name()).len();
    let (_, not_modified) = ran_for("/users", &[("If-None-Match", &tag)], 304);
    assert_eq!(
        (count(&not_modified, REVISION), count(&not_modified, ROWS)),
        (1, 0),
        "{not_modified:?}"
    );
    // The snapshot a 304 leaves unread is ended before its connection is used again.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while !cluster.statements(database.name())[before..]
        .iter()
        .any(|s| s.ends_with("ROLLBACK"))
    {
        assert!(
            std::time::Instant::now() < deadline,
            "the 304's snapshot was never rolled back"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }

    let queries = |statements: &[String]| statements.iter().filter(|s| s.contains("SELECT")).count();
    let (tag, ok) = ran_for("/users/2", &[], 200);
    assert_eq!((count(&ok, ONE_ROW), queries(&ok)), (1, 1), "{ok:?}");
    let (_, not_modified) = ran_for("/users/2", &[("If-None-Match", &tag)], 304);
    assert_eq!(
        (count(&not_modified, ONE_ROW), queries(&not_modified)),
        (1, 1),
        "{not_modified:?}"
    );
}

// RFC 9110 §8.8.2.1: a Last-Modified is never later than the Date sent with it, however soon after a write it is
// read (actix's own Date lags the clock by up to half a second); and If-Modified-Since with the value sent still
// gives 304 (§13.1.3). Forty writes, each read back at once, their starts spread over the second.
fn rfc9110_8_8_2_1_last_modified_never_after_date(backend: Backend) {
    let example = users(backend);
    let date_of = |response: &Response, name: &str| {
        let value = response.header(name).unwrap_or_else(|| panic!("a {name}"));
        etag_runtime::HttpDate::parse(value.as_bytes()).unwrap_or_else(|_| panic!("{name}: {value}"))
    };
    for round in 0..40_u64 {
        let body = serde_json::json!({"name": format!("Ada {round}"), "email": "ada@example.com"});
        let tag = current_tag(&example, "/users/2");
        assert_eq!(
            send_json(example.addr, "PUT", "/users/2", &[("If-Match", &tag)], &body).status,
            200
        );
        for path in ["/users/2", "/users/2/card"] {
            let read = get(example.addr, path, &[]);
            let (last_modified, date) = (date_of(&read, "last-modified"), date_of(&read, "date"));
            assert!(
                last_modified <= date,
                "{path}, round {round}: {last_modified} after {date}"
            );
            let since = read.header("last-modified").expect("a Last-Modified");
            assert_eq!(
                get(example.addr, path, &[("If-Modified-Since", since)]).status,
                304,
                "{path}"
            );
        }
        std::thread::sleep(std::time::Duration::from_millis(25 * (round % 7)));
    }
}

on_each_backend!(
    rfc9110_8_8_2_1_last_modified_never_after_date,
    rfc9110_13_1_2_the_lists_revision_tag_revalidates_with_304,
    rfc9110_8_8_3_list_tag_changes_with_the_list,
    rfc9110_8_8_one_user_has_a_strong_tag_and_last_modified,
    rfc9110_13_1_2_if_none_match_on_one_user,
    rfc9110_13_1_3_if_modified_since_and_its_precedence,
    rfc9110_13_1_1_if_match_and_if_unmodified_since_on_get,
    rfc9110_8_8_3_3_gzip_has_its_own_strong_tag,
    rfc9110_9_3_2_head_is_conditional_like_get,
    rfc9110_8_8_3_stats_tag_is_stable_across_hashmap_orders,
    rfc9110_13_2_1_unknown_and_malformed_ids_are_errors_without_validators,
    rfc9110_13_1_2_malformed_if_none_match_on_get_is_ignored,
);
