//! The users example as an HTTP/1.1 server, whichever framework serves it: what it does with a connection that
//! sends nothing, a request without Host, a body it will not read, a gzip body, a body in a coding it does not
//! decode, and a client that leaves before its write is answered. SQLite only: nothing here depends on the store.

mod support;

use std::io::Write;
use std::net::TcpStream;
use std::time::{Duration, Instant};

use flate2::Compression;
use flate2::write::GzEncoder;
use serde_json::json;
use support::backend::Backend;
use support::example::{current_tag, start_users, users_example};
use support::{exchange_raw, get, response_in, send, send_json};

/// Long enough for any server's bound on a request head (actix-web's and users_axum's are 5 s), short enough
/// that a server without one fails the test rather than hanging it.
const PATIENCE: Duration = Duration::from_secs(20);

// A connection that sends nothing, or a head that never ends, is closed by the server: idle clients cannot hold
// every connection the process may open (RFC 9112 §9.8 lets a server close an idle connection).
#[test]
fn rfc9112_9_8_a_silent_or_unfinished_connection_is_closed() {
    let example = start_users(Backend::Sqlite);
    for request in [&b""[..], b"GET /users/1 HTTP/1.1\r\nHost: example\r\n"] {
        let (_, closed) = exchange_raw(example.addr, request, PATIENCE);
        assert!(
            closed,
            "still open after {PATIENCE:?}: {:?}",
            String::from_utf8_lossy(request)
        );
    }
}

// RFC 9112 §3.2: a server MUST answer 400 to an HTTP/1.1 request that lacks Host or has more than one; HTTP/1.0
// has no Host requirement.
#[test]
fn rfc9112_3_2_an_http_1_1_request_needs_exactly_one_host() {
    let example = start_users(Backend::Sqlite);
    let heads: [(&[u8], u16); 3] = [
        (b"GET /users/1 HTTP/1.1\r\nConnection: close\r\n\r\n", 400),
        (
            b"GET /users/1 HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n",
            400,
        ),
        (b"GET /users/1 HTTP/1.0\r\n\r\n", 200),
    ];
    for (head, status) in heads {
        let (raw, _) = exchange_raw(example.addr, head, PATIENCE);
        let response = response_in(&raw);
        assert_eq!(response.status, status, "{}", String::from_utf8_lossy(head));
        // actix-web refuses it in its HTTP layer, before the application, with a bare 400; users_axum's comes from
        // the application: RFC 9457, RFC 9111 §4.2.2, a problem as every error, which no cache keeps.
        if status == 400 && users_example() == "users_axum" {
            assert_eq!(response.header("content-type"), Some("application/problem+json"));
            assert_eq!(response.header("cache-control"), Some("no-store"));
        }
    }
}

// RFC 9110 §15.5.14: a body declared larger than the example reads is refused (413) before it is sent, rather
// than after the limit was buffered.
#[test]
fn rfc9110_15_5_14_a_declared_body_over_the_limit_is_refused_at_once() {
    let example = start_users(Backend::Sqlite);
    let head = b"PUT /users/1 HTTP/1.1\r\nHost: example\r\nContent-Type: application/json\r\n\
        If-Match: *\r\nContent-Length: 3000000\r\n\r\n{";
    let started = Instant::now();
    let (raw, _) = exchange_raw(example.addr, head, Duration::from_secs(10));
    assert!(!raw.is_empty(), "no answer within {:?}", started.elapsed());
    assert_eq!(response_in(&raw).status, 413, "{}", String::from_utf8_lossy(&raw));
}

// RFC 9110 §8.4: a request body sent gzip-encoded is decoded and written as if sent plain.
#[test]
fn rfc9110_8_4_a_gzip_request_body_is_decoded() {
    let example = start_users(Backend::Sqlite);
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    let fields = json!({"name": "Zipped", "email": "zipped@example.com"});
    encoder
        .write_all(fields.to_string().as_bytes())
        .expect("gzip in memory");
    let body = encoder.finish().expect("gzip in memory");
    let tag = current_tag(&example, "/users/3");
    let headers = [
        ("Content-Type", "application/json"),
        ("Content-Encoding", "gzip"),
        ("If-Match", tag.as_str()),
    ];
    let written = send(example.addr, "PUT", "/users/3", &headers, &body);
    assert_eq!(written.status, 200, "{}", written.text());
    assert_eq!(get(example.addr, "/users/3", &[]).json()["name"], "Zipped");
}

// RFC 9110 §15.5.16: a server may refuse with 415 a body in a content coding it does not decode, and RFC 9110
// §12.5.3 has that 415 name in Accept-Encoding the codings it does decode. users_axum refuses it and writes
// nothing. actix-web decodes only the codings it was built with and reads any other body as the bytes that came,
// so plain JSON labelled `br` is written there: a difference examples/README.md lists.
#[test]
fn rfc9110_15_5_16_a_body_in_a_coding_not_decoded() {
    let example = start_users(Backend::Sqlite);
    let fields = json!({"name": "Labelled", "email": "labelled@example.com"}).to_string();
    let headers = [
        ("Content-Type", "application/json"),
        ("Content-Encoding", "br"),
        ("If-None-Match", "*"),
    ];
    let answer = send(example.addr, "PUT", "/users/9", &headers, fields.as_bytes());
    let stored = get(example.addr, "/users/9", &[]).status;
    if users_example() == "users_axum" {
        assert_eq!((answer.status, stored), (415, 404), "{}", answer.text());
        assert_eq!(answer.header("accept-encoding"), Some("gzip"));
        assert_eq!(answer.header("content-type"), Some("application/problem+json"));
    } else {
        assert_eq!((answer.status, stored), (201, 200), "{}", answer.text());
    }
}

// RFC 9110 §9.2.2: a client that leaves right after sending a keyed write does not decide whether it lands: each
// write runs to its end, and its retry with the same key replays the kept answer, so the change lands exactly
// once.
#[test]
fn rfc9110_9_2_2_a_write_whose_client_left_lands_once() {
    let example = start_users(Backend::Sqlite);
    let leavers = 20;
    let body = |n: usize| json!({"name": format!("leaver {n}"), "email": format!("leaver{n}@example.com")});
    for n in 0..leavers {
        let body = body(n).to_string();
        let request = format!(
            "POST /users HTTP/1.1\r\nHost: example\r\nContent-Type: application/json\r\nIdempotency-Key: leave-{n}\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        let mut stream = TcpStream::connect(example.addr).expect("connect");
        stream.write_all(request.as_bytes()).expect("send the write");
        drop(stream);
    }
    let deadline = Instant::now() + PATIENCE;
    let count = || get(example.addr, "/users", &[]).json().as_array().map_or(0, Vec::len);
    while count() < 3 + leavers && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(count(), 3 + leavers, "writes whose client left were dropped");
    for n in 0..leavers {
        let key = format!("leave-{n}");
        let retried = send_json(example.addr, "POST", "/users", &[("Idempotency-Key", &key)], &body(n));
        assert_eq!(retried.status, 201, "{}", retried.text());
        assert_eq!(retried.header("idempotent-replayed"), Some("true"), "{key}");
    }
    assert_eq!(count(), 3 + leavers, "a retry wrote again");
}
