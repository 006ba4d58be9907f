//! Every transcript in the documents (the `console` blocks of `examples/README.md` and the guide) is run against
//! the users example it shows (`users`, or `users_axum` on the guide's axum page) as a reader would run it, on a
//! new database, in order, and must show what the example answers now: the status line, every header line but
//! `date` and `content-length`, and the body. Dates, the `updated_at` seconds and the order of header lines are
//! what vary between runs, and are normalized.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::net::SocketAddr;
use std::process::Command;
use std::time::{Duration, Instant};

use actix_web::http::StatusCode;
use support::backend::Backend;
use support::example::{client_binary, start_example_logging};
use support::{Response, send};

/// The documents whose transcripts run against a users example, each with the example it shows.
const DOCUMENTS: [(&str, &str); 7] = [
    ("examples/README.md", "users"),
    ("etag-runtime/src/guide/modes.md", "users"),
    ("etag-runtime/src/guide/codings.md", "users"),
    ("etag-runtime/src/guide/clients.md", "users"),
    ("etag-runtime/src/guide/instances.md", "users"),
    ("etag-runtime/src/guide/observing.md", "users"),
    ("etag-runtime/src/guide/axum.md", "users_axum"),
];

/// The address the documents show, replaced by the test's.
const SHOWN_ADDR: &str = "127.0.0.1:8080";

/// Header lines the documents leave out: what varies, and the `connection: close` this test's client asks for.
const UNSHOWN: [&str; 3] = ["date", "content-length", "connection"];

/// One command of a transcript and what it printed.
#[derive(Debug)]
struct Step {
    command: String,
    printed: Vec<String>,
}

/// A `console` block: its steps, and the access log the example prints for them, where the document shows it in
/// a `text` block introduced by a paragraph that ends "For the session above:".
struct Transcript {
    steps: Vec<Step>,
    log: Option<Vec<String>>,
    /// The `RUST_LOG` the paragraph before the log names, where the log shown is the crate's events rather than
    /// the example's access log (`--log`).
    rust_log: Option<String>,
}

/// The `console` blocks of `text`, each with the log shown for it.
fn transcripts(text: &str) -> Vec<Transcript> {
    let mut transcripts: Vec<Transcript> = Vec::new();
    let mut lines = text.lines();
    let mut last_prose = "";
    while let Some(line) = lines.next() {
        let fence = line.trim();
        if fence == "```console" || fence == "```text" {
            let block: Vec<&str> = lines.by_ref().take_while(|line| line.trim() != "```").collect();
            if fence == "```console" {
                transcripts.push(Transcript {
                    steps: steps(&block),
                    log: None,
                    rust_log: None,
                });
            } else if last_prose.to_ascii_lowercase().ends_with("for the session above:") {
                let transcript = transcripts.last_mut().expect("a session before its log");
                transcript.log = Some(block.iter().map(|line| normalized(line)).collect());
                transcript.rust_log = rust_log_named(last_prose);
            }
        } else if !fence.is_empty() {
            last_prose = fence;
        }
    }
    transcripts
}

/// The value of `RUST_LOG=...` written in backticks in `prose`, if any.
fn rust_log_named(prose: &str) -> Option<String> {
    let start = prose.find("`RUST_LOG=")? + "`RUST_LOG=".len();
    let length = prose[start..].find('`')?;
    Some(prose[start..start + length].to_owned())
}

/// The steps of one block: a `$ ` line (continued by a trailing `\`) and the lines up to the next one.
fn steps(block: &[&str]) -> Vec<Step> {
    let mut steps: Vec<Step> = Vec::new();
    let mut continued = false;
    for line in block {
        if let Some(command) = line.strip_prefix("$ ") {
            steps.push(Step {
                command: command.to_owned(),
                printed: Vec::new(),
            });
            continued = command.ends_with('\\');
        } else if let Some(step) = steps.last_mut() {
            if continued {
                step.command = format!("{} {}", step.command.trim_end_matches('\\'), line.trim());
                continued = line.ends_with('\\');
            } else {
                step.printed.push((*line).to_owned());
            }
        }
    }
    for step in &mut steps {
        while step.printed.last().is_some_and(|line| line.trim().is_empty()) {
            step.printed.pop();
        }
    }
    steps
}

/// A command line split as a POSIX shell splits it, for the quoting the documents use.
fn words(command: &str) -> Vec<String> {
    let (mut words, mut word, mut quote, mut any) = (Vec::new(), String::new(), None, false);
    for character in command.chars() {
        match (quote, character) {
            (Some(open), c) if c == open => quote = None,
            (Some(_), c) => word.push(c),
            (None, '\'' | '"') => {
                quote = Some(character);
                any = true;
            }
            (None, c) if c.is_whitespace() => {
                if any || !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
                any = false;
            }
            (None, c) => word.push(c),
        }
    }
    if any || !word.is_empty() {
        words.push(word);
    }
    words
}

/// A curl command: the request it sends, and whether it prints the body.
struct Curl {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    body: String,
    prints_body: bool,
}

impl Curl {
    fn parse(words: &[String]) -> Curl {
        let mut curl = Curl {
            method: "GET".into(),
            path: String::new(),
            headers: Vec::new(),
            body: String::new(),
            prints_body: true,
        };
        let mut words = words.iter().skip(1);
        while let Some(word) = words.next() {
            let mut value = || words.next().cloned().unwrap_or_default();
            match word.as_str() {
                "-i" | "-s" => {}
                "-I" => {
                    curl.method = "HEAD".into();
                    curl.prints_body = false;
                }
                // What curl built with every decoder offers.
                "--compressed" => curl
                    .headers
                    .push(("Accept-Encoding".into(), "deflate, gzip, br, zstd".into())),
                "-D" => drop(value()),
                "-o" => {
                    drop(value());
                    curl.prints_body = false;
                }
                "-H" => {
                    let header = value();
                    let (name, value) = header.split_once(':').expect("a header line");
                    curl.headers.push((name.trim().into(), value.trim().into()));
                }
                "-X" => curl.method = value(),
                "-d" => {
                    curl.body = value();
                    if curl.method == "GET" {
                        curl.method = "POST".into();
                    }
                }
                url => curl.path = url.strip_prefix(SHOWN_ADDR).expect("the example's address").to_owned(),
            }
        }
        curl
    }

    fn send(&self, addr: SocketAddr) -> Response {
        let headers: Vec<(&str, &str)> = self.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        send(addr, &self.method, &self.path, &headers, self.body.as_bytes())
    }
}

/// What varies from run to run: HTTP-dates and the `updated_at` seconds.
fn normalized(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(at) = rest.find(" GMT") {
        // An IMF-fixdate is 29 characters, " GMT" included.
        let start = (at + 4).saturating_sub(29);
        match rest.get(start..at + 4) {
            Some(date) if date.chars().nth(3) == Some(',') => {
                out.push_str(&rest[..start]);
                out.push_str("<date>");
            }
            _ => out.push_str(&rest[..at + 4]),
        }
        rest = &rest[at + 4..];
    }
    out.push_str(rest);
    if let Some(at) = out.find("Idempotency-Key: ") {
        let key = out[at + 17..].chars().take_while(char::is_ascii_hexdigit).count();
        out = format!("{}<key>{}", &out[..at + 17], &out[at + 17 + key..]);
    }
    match out.find("\"updated_at\":") {
        Some(at) => {
            let digits = out[at + 13..].chars().take_while(char::is_ascii_digit).count();
            format!("{}<seconds>{}", &out[..at + 13], &out[at + 13 + digits..])
        }
        None => out,
    }
}

/// The lines a curl command prints, as a set of header lines after the status line, then the body.
fn printed(response: &Response, prints_body: bool) -> (String, BTreeSet<String>, String) {
    let reason = StatusCode::from_u16(response.status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("");
    let status = format!("HTTP/1.1 {} {reason}", response.status);
    let headers = response
        .headers
        .iter()
        .filter(|(name, _)| !UNSHOWN.contains(&name.to_ascii_lowercase().as_str()))
        .map(|(name, value)| normalized(&format!("{}: {value}", name.to_ascii_lowercase())))
        .collect();
    let body = if prints_body {
        normalized(response.text().replace("\r\n", "\n").trim_end())
    } else {
        String::new()
    };
    (status, headers, body)
}

/// Whether an answer is the one shown: the same status line and header lines, and the same body, where a shown
/// body that ends in a line `...` stands for any body that begins with the lines above it.
fn agrees(answered: &(String, BTreeSet<String>, String), shown: &(String, BTreeSet<String>, String)) -> bool {
    let same_body = match shown.2.strip_suffix("...") {
        Some(start) => answered.2.starts_with(start),
        None => answered.2 == shown.2,
    };
    answered.0 == shown.0 && answered.1 == shown.1 && same_body
}

/// The same, from a transcript's lines.
fn shown(lines: &[String]) -> (String, BTreeSet<String>, String) {
    let status = lines.first().cloned().unwrap_or_default();
    let blank = lines
        .iter()
        .position(|line| line.trim().is_empty())
        .unwrap_or(lines.len());
    let headers = lines
        .get(1..blank)
        .unwrap_or_default()
        .iter()
        .map(|line| normalized(line))
        .collect();
    let body = lines.get(blank + 1..).unwrap_or_default().join("\n");
    (status, headers, normalized(body.trim_end()))
}

/// A client example command: its output, normalized line by line.
fn run_client(words: &[String], addr: SocketAddr) -> Vec<String> {
    let arguments = words.iter().skip_while(|word| *word != "--").skip(1);
    let arguments: Vec<String> = arguments
        .map(|word| word.replace(SHOWN_ADDR, &addr.to_string()))
        .collect();
    let output = Command::new(client_binary())
        .args(&arguments)
        .output()
        .expect("the client runs");
    let text = String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr);
    text.lines()
        .map(normalized)
        .filter(|line| !line.trim().is_empty())
        .collect()
}

#[test]
fn every_transcript_in_the_documents_is_what_the_example_answers() {
    let (mut checked, mut drifted) = (BTreeMap::<&str, usize>::new(), Vec::new());
    for (document, shown_example) in DOCUMENTS {
        let text = fs::read_to_string(document).expect("the document");
        for transcript in transcripts(&text) {
            // Each block starts from a new example, as a reader's session would.
            let database = Backend::Sqlite.database();
            let rust_log = transcript.rust_log.as_deref();
            let example = start_example_logging(shown_example, "127.0.0.1:0", &database, &["--log"], rust_log);
            for step in &transcript.steps {
                let words = words(&step.command);
                let context = format!("{document}: $ {}", step.command);
                match words.first().map(String::as_str) {
                    Some("curl") => {
                        let curl = Curl::parse(&words);
                        let response = curl.send(example.addr);
                        let (answered, shown) = (printed(&response, curl.prints_body), shown(&step.printed));
                        if !agrees(&answered, &shown) {
                            drifted.push(format!("{context}\n  answered: {answered:?}\n  shown:    {shown:?}"));
                        }
                    }
                    Some("cargo") if words.iter().any(|word| word == "client") => {
                        let shown: Vec<String> = step
                            .printed
                            .iter()
                            .map(|line| normalized(line))
                            .filter(|line| !line.trim().is_empty())
                            .collect();
                        let answered = run_client(&words, example.addr);
                        if answered != shown {
                            drifted.push(format!("{context}\n  answered: {answered:?}\n  shown:    {shown:?}"));
                        }
                    }
                    _ => panic!("{context}: no way to run this command here"),
                }
                *checked.entry(shown_example).or_default() += 1;
            }
            if let Some(shown) = &transcript.log {
                // The last line may be printed a moment after its answer was sent.
                let deadline = Instant::now() + Duration::from_secs(5);
                while example.log().len() < shown.len() && Instant::now() < deadline {
                    std::thread::sleep(Duration::from_millis(20));
                }
                let printed: Vec<String> = example.log().iter().map(|line| normalized(line)).collect();
                if &printed != shown {
                    drifted.push(format!(
                        "{document}: the log\n  printed: {printed:#?}\n  shown:   {shown:#?}"
                    ));
                }
            }
        }
    }
    assert!(
        drifted.is_empty(),
        "transcripts that drifted from the example:\n{}",
        drifted.join("\n")
    );
    // Each example's transcripts were found and run: a document that lost its block must not pass unnoticed.
    let commands = |example| checked.get(example).copied().unwrap_or(0);
    assert!(
        commands("users") >= 15 && commands("users_axum") >= 8,
        "only {checked:?} commands found: the documents' transcripts moved?"
    );
}

// The checker itself: a shown transcript differs from another answer, and dates do not count.
#[test]
fn the_transcript_check_can_fail() {
    let lines: Vec<String> = [
        "HTTP/1.1 200 OK",
        "etag: \"v1\"",
        "last-modified: Tue, 24 Nov 2026 09:02:33 GMT",
    ]
    .map(String::from)
    .to_vec();
    let response = |etag: &str, date: &str| Response {
        status: 200,
        headers: vec![
            ("Last-Modified".into(), date.into()),
            ("ETag".into(), etag.into()),
            ("date".into(), "whenever".into()),
        ],
        body: Vec::new(),
    };
    let other_day = "Wed, 25 Nov 2026 10:00:00 GMT";
    assert!(agrees(&printed(&response("\"v1\"", other_day), true), &shown(&lines)));
    assert!(!agrees(&printed(&response("\"v2\"", other_day), true), &shown(&lines)));
    let words = words("curl -i -H 'If-Match: \"v1\"' -d '{\"a\":1}' 127.0.0.1:8080/x");
    assert_eq!(words[3], "If-Match: \"v1\"");
    assert_eq!(Curl::parse(&words).method, "POST");
}
