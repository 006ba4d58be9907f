//! The users example's HTML and CSV routes, over real HTTP against the built example: `/` (`#[conditional]` on
//! `impl Responder`), `/users.csv` (the `Conditional` middleware, no attribute) and `/users/{id}/card` (the
//! handler's own strong tag and date).

mod support;

use support::backend::Backend;
use support::example::{Example, current_tag, start_users};
use support::{Response, get, hashed_tag, send, send_json};

fn etag(response: &Response) -> String {
    response.header("etag").expect("an ETag").to_owned()
}

/// Renames user 1, so that every representation of the users changes.
fn rename_ada(example: &Example) {
    let body = serde_json::json!({"name": "Ada King", "email": "ada@example.com"});
    let tag = current_tag(example, "/users/1");
    let response = send_json(example.addr, "PATCH", "/users/1", &[("If-Match", &tag)], &body);
    assert_eq!(response.status, 200, "{}", response.text());
}

// RFC 9110 §13.1.2 and §15.4.5: each route keeps its content type, answers 304 to its own tag (also on HEAD,
// §9.3.2), and changes its tag when a user changes.
fn rfc9110_13_1_2_each_page_revalidates_and_changes_after_a_write(backend: Backend) {
    let example = start_users(backend);
    let routes = [
        ("/", "text/html; charset=utf-8", true),
        ("/users.csv", "text/csv; charset=utf-8", true),
        ("/users/1/card", "text/html; charset=utf-8", false),
    ];
    let mut before = Vec::new();
    for (path, content_type, hashed) in routes {
        let ok = get(example.addr, path, &[]);
        assert_eq!(ok.status, 200, "{path}");
        assert_eq!(ok.header("content-type"), Some(content_type), "{path}");
        let tag = etag(&ok);
        if hashed {
            assert_eq!(
                tag,
                hashed_tag(&ok.body),
                "{path}: a weak tag hashed from the bytes sent"
            );
        } else {
            // The handler's own strong tag (the user's, after `card-`), with the language it picked (§8.8.3).
            assert!(
                tag.starts_with("\"card-v1+s.") && tag.ends_with("+v.en\""),
                "{path}: {tag}"
            );
        }
        let not_modified = get(example.addr, path, &[("If-None-Match", &tag)]);
        assert_eq!(not_modified.status, 304, "{path}");
        assert!(not_modified.body.is_empty() && not_modified.header("content-type").is_none());
        let head = send(example.addr, "HEAD", path, &[], b"");
        assert_eq!((head.status, head.header("etag")), (200, Some(tag.as_str())), "{path}");
        assert_eq!(
            send(example.addr, "HEAD", path, &[("If-None-Match", &tag)], b"").status,
            304
        );
        before.push(tag);
    }
    rename_ada(&example);
    for ((path, ..), old) in routes.iter().zip(before) {
        let after = get(example.addr, path, &[("If-None-Match", &old)]);
        assert_eq!(after.status, 200, "{path}: the old tag no longer matches");
        assert_ne!(etag(&after), old, "{path}");
        assert!(after.text().contains("Ada King"), "{path}");
    }
}

// RFC 9110 §13.1.1 to §13.1.4 and §13.2.2: the card answers all four fields from the handler's validators.
fn rfc9110_13_2_2_card_answers_all_four_fields(backend: Backend) {
    let example = start_users(backend);
    let ok = get(example.addr, "/users/2/card", &[]);
    let modified = ok.header("last-modified").expect("a Last-Modified").to_owned();
    let earlier = etag_runtime::HttpDate::from_unix_seconds(
        etag_runtime::HttpDate::parse(modified.as_bytes())
            .unwrap()
            .unix_seconds()
            - 1,
    )
    .to_string();
    let tag = ok.header("etag").expect("an ETag").to_owned();
    let status = |headers: &[(&str, &str)]| get(example.addr, "/users/2/card", headers).status;
    assert_eq!(status(&[("If-None-Match", &tag)]), 304);
    // §13.1.2: the state alone is another representation (no shape, no language), so a GET gets the body.
    assert_eq!(status(&[("If-None-Match", "\"card-v2\"")]), 200);
    assert_eq!(status(&[("If-Modified-Since", &modified)]), 304);
    assert_eq!(status(&[("If-Modified-Since", &earlier)]), 200);
    // §13.1.1: If-Match compares the state, in whichever representation the client saw it.
    assert_eq!(status(&[("If-Match", &tag)]), 200);
    assert_eq!(status(&[("If-Match", "\"card-v2\"")]), 200);
    assert_eq!(status(&[("If-Match", "\"card-v1\"")]), 412);
    assert_eq!(
        status(&[("If-Match", "W/\"card-v2\"")]),
        412,
        "§13.1.1: strong comparison"
    );
    assert_eq!(status(&[("If-Unmodified-Since", &modified)]), 200);
    assert_eq!(status(&[("If-Unmodified-Since", &earlier)]), 412);
    // §13.2.2 step 3: If-None-Match decides, If-Modified-Since is not looked at.
    assert_eq!(
        status(&[("If-None-Match", "\"other\""), ("If-Modified-Since", &modified)]),
        200
    );
    // §8.8.3.3: the gzip form of the card has its own strong tag.
    let gzip = get(example.addr, "/users/2/card", &[("Accept-Encoding", "gzip")]);
    let gzip_form = format!("{}+gzip\"", tag.trim_end_matches('"'));
    assert_eq!(gzip.header("etag"), Some(gzip_form.as_str()));
}

// RFC 9110 §13.2.1: an unknown or malformed id is answered untouched, with no validators.
fn rfc9110_13_2_1_card_errors_are_untouched(backend: Backend) {
    let example = start_users(backend);
    for (path, status) in [("/users/99/card", 404), ("/users/007/card", 400)] {
        let response = get(example.addr, path, &[("If-None-Match", "*")]);
        assert_eq!(response.status, status, "{path}");
        assert_eq!(response.header("etag"), None, "{path}");
        assert_eq!(response.header("content-type"), Some("application/problem+json"));
    }
}

// Names come from clients: the HTML pages escape them, and the CSV quotes them (RFC 4180 §2).
fn client_text_is_escaped_in_html_and_quoted_in_csv(backend: Backend) {
    let example = start_users(backend);
    let body = serde_json::json!({"name": "<b>\"Eve\", Mallory</b>", "email": "eve@example.com"});
    let tag = current_tag(&example, "/users/3");
    assert_eq!(
        send_json(example.addr, "PUT", "/users/3", &[("If-Match", &tag)], &body).status,
        200
    );
    let home = get(example.addr, "/", &[]).text();
    assert!(
        home.contains("&lt;b&gt;&quot;Eve&quot;, Mallory&lt;/b&gt;") && !home.contains("<b>"),
        "{home}"
    );
    let csv = get(example.addr, "/users.csv", &[]).text();
    assert!(
        csv.contains("3,\"<b>\"\"Eve\"\", Mallory</b>\",eve@example.com,"),
        "{csv}"
    );
}

// RFC 4180 §2 and OWASP's CSV injection advice: a name a spreadsheet would run as a formula (it begins with `=`,
// `+`, `-` or `@`) goes out behind a `'`, and is quoted as any other field.
fn csv_cells_that_would_be_formulas_are_defused(backend: Backend) {
    let example = start_users(backend);
    let names = [
        (
            "=HYPERLINK(\"http://evil.example\",\"x\")",
            "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"",
        ),
        ("@SUM(1+1)", "'@SUM(1+1)"),
        ("+1 800 555", "'+1 800 555"),
        ("-2+3", "'-2+3"),
    ];
    for (name, _) in names {
        let body = serde_json::json!({"name": name, "email": "f@example.com"});
        assert_eq!(
            send_json(example.addr, "POST", "/users", &[], &body).status,
            201,
            "{name}"
        );
    }
    let csv = get(example.addr, "/users.csv", &[]).text();
    for (name, cell) in names {
        assert!(csv.contains(&format!(",{cell},f@example.com,")), "{name}: {csv}");
    }
    // Names that only hold such a character inside are sent as they are.
    assert!(csv.contains(",Ada Lovelace,"), "{csv}");
}

on_each_backend!(
    csv_cells_that_would_be_formulas_are_defused,
    rfc9110_13_1_2_each_page_revalidates_and_changes_after_a_write,
    rfc9110_13_2_2_card_answers_all_four_fields,
    rfc9110_13_2_1_card_errors_are_untouched,
    client_text_is_escaped_in_html_and_quoted_in_csv,
);
