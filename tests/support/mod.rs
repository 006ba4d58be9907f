//! Test support: an actix-web server on 127.0.0.1 behind `Compress`, and a raw HTTP/1.1 client, so that tests
//! speak real HTTP over loopback and control every header byte (repeated lines, odd spacing) themselves.
#![allow(dead_code, reason = "each test file uses a different part")]

pub mod backend;
pub mod bodies;
pub mod caches;
pub mod codings;
pub mod dropping_proxy;
pub mod example;
pub mod postgres;
pub mod python;
pub mod scratch;
pub mod writers;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::mpsc;
use std::time::Duration;

use actix_web::App;
use actix_web::dev::ServerHandle;
use actix_web::middleware::Compress;
use actix_web::web::ServiceConfig;

/// A running server; stopped when dropped.
pub struct TestServer {
    pub addr: SocketAddr,
    handle: ServerHandle,
}

impl Drop for TestServer {
    fn drop(&mut self) {
        // Stopping is asynchronous; the server thread ends with its runtime.
        drop(self.handle.stop(false));
    }
}

/// Starts the app `$app` builds (an expression evaluated once per worker, so it must only clone what it captures)
/// on a free port of 127.0.0.1, with two workers.
#[macro_export]
macro_rules! serve_app {
    ($app:expr) => {{
        let (sender, receiver) = ::std::sync::mpsc::channel();
        ::std::thread::spawn(move || {
            ::actix_web::rt::System::new().block_on(async move {
                let server = ::actix_web::HttpServer::new(move || $app)
                    .workers(2)
                    .bind(("127.0.0.1", 0))
                    .expect("bind to a free port on 127.0.0.1");
                let addr = server.addrs()[0];
                let server = server.run();
                sender.send((addr, server.handle())).expect("the test is waiting");
                server.await
            })
        });
        $crate::support::TestServer::started(receiver)
    }};
}

/// Starts an app with `configure`'s routes behind `Compress`, as a production app would be. actix calls the
/// factory once per worker: shared state must be made outside `configure` and cloned into it.
pub fn serve<F>(configure: F) -> TestServer
where
    F: Fn(&mut ServiceConfig) + Clone + Send + 'static,
{
    serve_app!(App::new().wrap(Compress::default()).configure(configure.clone()))
}

impl TestServer {
    /// Waits for the server thread to report its address.
    pub fn started(receiver: mpsc::Receiver<(SocketAddr, ServerHandle)>) -> TestServer {
        let (addr, handle) = receiver
            .recv_timeout(Duration::from_secs(30))
            .expect("the server starts");
        TestServer { addr, handle }
    }
}

/// A port nobody listens on now, for a server (nginx, Varnish, PostgreSQL) that binds it a moment later.
pub fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("its address").port()
}

#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Every value of a header, each line split on commas and trimmed, lowercased: for comparing Vary sets.
    pub fn tokens(&self, name: &str) -> std::collections::BTreeSet<String> {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .flat_map(|(_, v)| v.split(',').map(|t| t.trim().to_ascii_lowercase()))
            .collect()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {:?}", self.text()))
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends one request (with `Connection: close`) and reads the whole response.
pub fn send(addr: SocketAddr, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Response {
    try_send(addr, method, path, headers, body).unwrap_or_else(|error| panic!("{method} {path} at {addr}: {error}"))
}

/// As [`send`], for a server that may be down or die mid-answer: a refused connection, a timeout or a cut
/// response is an error rather than a panic.
pub fn try_send(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> std::io::Result<Response> {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(10))?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut request = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    if !body.is_empty() || method == "PUT" || method == "POST" || method == "PATCH" {
        request.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes())?;
    // A server may answer before the body is all sent (a 413 for a declared length over its limit) and close the
    // connection: the rest of the body then meets a closed socket, and the answer is still there to read, though
    // the close may come as a reset. Only then is a reset not an error.
    let answered_early = match stream.write_all(body) {
        Err(error) if closed_by_the_server(&error) => true,
        written => written.map(|()| false)?,
    };
    let mut raw = Vec::new();
    match stream.read_to_end(&mut raw) {
        Err(error) if answered_early && closed_by_the_server(&error) => {}
        read => drop(read?),
    }
    let cut = || std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "the response was cut short");
    if !raw.windows(4).any(|w| w == b"\r\n\r\n") {
        return Err(cut());
    }
    Ok(parse(&raw, method == "HEAD"))
}

/// Writes `request` as it is (bytes the other helpers never send: no Host, two, a head cut short) and reads until
/// the server closes the connection or `within` passes: what arrived, and whether the server closed it.
pub fn exchange_raw(addr: SocketAddr, request: &[u8], within: Duration) -> (Vec<u8>, bool) {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(10)).expect("connect");
    stream.set_read_timeout(Some(within)).expect("a read timeout");
    stream.write_all(request).expect("send the request");
    let mut raw = Vec::new();
    let mut buffer = [0; 4096];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) => return (raw, true),
            Ok(read) => raw.extend_from_slice(&buffer[..read]),
            Err(error) if error.kind() == std::io::ErrorKind::ConnectionReset => return (raw, true),
            Err(_) => return (raw, false),
        }
    }
}

/// The response at the start of `raw`, as [`send`] reads it.
pub fn response_in(raw: &[u8]) -> Response {
    parse(raw, false)
}

/// The server closed the connection while the client was still sending: a broken pipe, or a reset when data it
/// did not read was left on it.
fn closed_by_the_server(error: &std::io::Error) -> bool {
    matches!(
        error.kind(),
        std::io::ErrorKind::BrokenPipe | std::io::ErrorKind::ConnectionReset
    )
}

/// Sends `json` as an `application/json` body, with `headers`.
pub fn send_json(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    json: &serde_json::Value,
) -> Response {
    let mut all = vec![("Content-Type", "application/json")];
    all.extend_from_slice(headers);
    send(addr, method, path, &all, json.to_string().as_bytes())
}

pub fn get(addr: SocketAddr, path: &str, headers: &[(&str, &str)]) -> Response {
    send(addr, "GET", path, headers, b"")
}

fn parse(raw: &[u8], head_only: bool) -> Response {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete response head");
    let head = std::str::from_utf8(&raw[..split]).expect("an ASCII head");
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("a status");
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let rest = &raw[split + 4..];
    let chunked = headers
        .iter()
        .any(|(n, v)| n.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    let body = match () {
        _ if head_only => rest.to_vec(),
        _ if chunked => dechunk(rest),
        _ => rest.to_vec(),
    };
    Response { status, headers, body }
}

fn dechunk(mut rest: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    loop {
        let line_end = rest.windows(2).position(|w| w == b"\r\n").expect("a chunk size line");
        let size_text = std::str::from_utf8(&rest[..line_end]).expect("ASCII chunk size");
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16).expect("hex size");
        if size == 0 {
            return body;
        }
        let start = line_end + 2;
        body.extend_from_slice(&rest[start..start + size]);
        rest = &rest[start + size + 2..];
    }
}

/// Sends a GET for a stream that may never end and returns what arrived once the response head and its first
/// chunk are in (reading stops at the first `data:` line), lowercased for header checks.
pub fn first_bytes(addr: SocketAddr, path: &str) -> String {
    let mut stream = TcpStream::connect(addr).expect("connect to the test server");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("set a timeout");
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {addr}\r\n\r\n").expect("send the request");
    let mut received = Vec::new();
    let mut chunk = [0u8; 1024];
    while !String::from_utf8_lossy(&received).contains("data:") {
        let read = stream.read(&mut chunk).expect("the first event arrives in time");
        assert!(read > 0, "the stream closed before its first event");
        received.extend_from_slice(&chunk[..read]);
    }
    String::from_utf8_lossy(&received).to_ascii_lowercase()
}

/// Decodes a gzip body.
pub fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .expect("a gzip body");
    out
}

/// The weak tag the hashing mode must give `body`: W/"base64url(sha1(body))".
pub fn hashed_tag(body: &[u8]) -> String {
    use sha1::Digest;
    let digest = sha1::Sha1::digest(body);
    etag_runtime::EntityTag::from_bytes_weak(&digest).to_string()
}
