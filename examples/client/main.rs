//! A command-line client of the users example (or any server that sends ETags): `get` keeps a copy and
//! revalidates it with If-None-Match; `patch` writes with If-Match and an Idempotency-Key per change, sends a
//! change whose answer was lost again with its key, rebases on the tag a 412 names, and chains several changes
//! on the tag each answer brings.
//!
//! ```sh
//! cargo run --release --example client -- get http://127.0.0.1:8080/users/1
//! cargo run --release --example client -- patch http://127.0.0.1:8080/users/1 '{"name":"Ada King"}'
//! ```
//!
//! `patch` asks for the tag with `Accept-Encoding: gzip`: through a shared cache that decodes gzip for clients
//! that do not accept it, the tag a plain GET gets is weak (`W/"v1+gzip"`), and a weak tag never passes
//! If-Match.
//!
//! The HTTP client is awc, actix's own: it shares actix-http and the runtime with the server, so the example
//! adds almost nothing to build. The conditional logic is in `revalidate.rs`, which does not know awc.

mod revalidate;
mod update;

use std::process::ExitCode;
use std::time::Duration;

use awc::Client;
use awc::http::header::{ACCEPT_ENCODING, CONTENT_TYPE, ETAG, IF_MATCH, IF_NONE_MATCH};
use clap::{Parser, Subcommand};

use crate::revalidate::{Cached, Revalidation, check};
use crate::update::{Answer, Attempt, Resource, Retry, update};

#[derive(Parser)]
#[command(
    name = "client",
    about = "Conditional requests from the client's side: revalidation and optimistic updates"
)]
struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// GET the URL and keep it; GET it again with If-None-Match, and use the copy on 304.
    Get {
        url: String,
        /// How many times to revalidate after the first GET.
        #[arg(long, default_value_t = 1)]
        times: u32,
        /// The pause between revalidations, in milliseconds.
        #[arg(long, default_value_t = 1000)]
        interval_ms: u64,
    },
    /// HEAD the URL for its ETag (accepting gzip, so that a decoding cache passes the strong tag through), then
    /// PATCH it with If-Match and an Idempotency-Key per change: a lost answer (no status line, a timeout, 502,
    /// 503, 504) is sent again with the same key after a jittered pause; a 412 is redone on the tag it names.
    /// Several changes are chained, each on the tag the previous answer brought, without a read in between.
    Patch {
        url: String,
        /// The JSON merge patches (RFC 7396) to send, one change each, in order.
        #[arg(required = true)]
        json: Vec<String>,
        /// How many attempts per change before giving up.
        #[arg(long, default_value_t = 10)]
        attempts: u32,
    },
}

fn main() -> ExitCode {
    let args = Args::parse();
    let outcome = actix_web::rt::System::new().block_on(async {
        match args.command {
            Command::Get {
                url,
                times,
                interval_ms,
            } => get(&url, times, Duration::from_millis(interval_ms)).await,
            Command::Patch { url, json, attempts } => patch(&url, json, attempts).await,
        }
    });
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(problem) => {
            eprintln!("error: {problem}");
            ExitCode::FAILURE
        }
    }
}

async fn get(url: &str, times: u32, interval: Duration) -> Result<(), String> {
    let client = Client::default();
    let mut held = match fetch(&client, url, None).await? {
        Revalidation::First(copy) => copy,
        other => return Err(format!("the first GET gave {other:?}")),
    };
    println!("200 OK, ETag {}, {} bytes kept", held.etag, held.body.len());
    for round in 0..times {
        if round > 0 {
            actix_web::rt::time::sleep(interval).await;
        }
        match fetch(&client, url, Some(&held)).await? {
            Revalidation::NotModified => {
                println!(
                    "304 Not Modified for If-None-Match: {}; the kept copy is current:",
                    held.etag
                );
                println!("{}", String::from_utf8_lossy(&held.body));
            }
            // `check` says First only when no copy was offered; one always is here.
            Revalidation::Changed(copy) | Revalidation::First(copy) => {
                println!("200 OK again: the resource changed; new ETag {}", copy.etag);
                held = copy;
            }
        }
    }
    Ok(())
}

/// One GET, offering `held` in If-None-Match when there is one, judged by `check`.
async fn fetch(client: &Client, url: &str, held: Option<&Cached>) -> Result<Revalidation, String> {
    let mut request = client.get(url);
    if let Some(held) = held {
        request = request.insert_header((IF_NONE_MATCH, held.etag.as_str()));
    }
    let mut response = request.send().await.map_err(|error| format!("GET {url}: {error}"))?;
    let status = response.status().as_u16();
    let etag = response
        .headers()
        .get(ETAG)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let body = response.body().await.map_err(|error| format!("GET {url}: {error}"))?;
    check(held, status, etag.as_deref(), body.to_vec()).map_err(|unexpected| format!("GET {url}: {unexpected:?}"))
}

async fn patch(url: &str, changes: Vec<String>, attempts: u32) -> Result<(), String> {
    let mut resource = Remote {
        // Each attempt gives up after 5 s without an answer, and is then sent again with its key.
        client: Client::builder().timeout(Duration::from_secs(5)).finish(),
        url: url.to_owned(),
        patch: String::new(),
    };
    let retry = Retry {
        attempts,
        base: Duration::from_millis(20),
        cap: Duration::from_millis(500),
    };
    // The first change reads the tag; each next one is chained on the tag the previous answer brought.
    let mut etag = None;
    for (index, change) in changes.into_iter().enumerate() {
        let key = format!("{:032x}", fastrand::u128(..));
        resource.patch = change;
        let report = |attempt, etag: &str, outcome: &Attempt| match outcome {
            Attempt::Answered(answer) => println!(
                "change {}, attempt {attempt}: PATCH with If-Match: {etag}, Idempotency-Key: {key} -> {}{}",
                index + 1,
                answer.status,
                if answer.replayed {
                    " (replayed: the first attempt had landed)"
                } else {
                    ""
                }
            ),
            Attempt::Lost(why) => println!(
                "change {}, attempt {attempt}: PATCH with If-Match: {etag}, Idempotency-Key: {key} -> {why}; sending it again with the same key",
                index + 1
            ),
        };
        let done = update(&mut resource, etag.take(), &key, retry, fastrand::f64, report)
            .await
            .map_err(|failed| format!("PATCH {url}: {failed:?}"))?;
        println!(
            "change {} applied on attempt {}; new ETag {}",
            index + 1,
            done.attempt,
            done.etag.as_deref().unwrap_or("(none)")
        );
        etag = done.etag;
    }
    Ok(())
}

/// The URL as a [`Resource`]: HEAD for its ETag, PATCH with If-Match and an Idempotency-Key.
struct Remote {
    client: Client,
    url: String,
    patch: String,
}

impl Resource for Remote {
    type Error = String;

    /// A HEAD that accepts gzip, for the tag only. A shared cache that stores gzip and decodes it for clients that
    /// do not accept it (Varnish does, by default) weakens the tag it decodes, and a weak tag cannot guard a write;
    /// the gzip representation passes through with the server's strong tag, which the server accepts in If-Match.
    async fn current_etag(&mut self) -> Result<String, String> {
        let response = self
            .client
            .head(&self.url)
            .insert_header((ACCEPT_ENCODING, "gzip"))
            .send()
            .await
            .map_err(|error| format!("HEAD {}: {error}", self.url))?;
        let status = response.status().as_u16();
        let etag = response.headers().get(ETAG).and_then(|value| value.to_str().ok());
        match (status, etag) {
            (200, Some(etag)) => Ok(etag.to_owned()),
            (200, None) => Err(format!("HEAD {}: no ETag to guard the write with", self.url)),
            (status, _) => Err(format!("HEAD {}: status {status}", self.url)),
        }
    }

    async fn write(&mut self, etag: &str, key: &str) -> Result<Answer, String> {
        let response = self
            .client
            .patch(&self.url)
            .insert_header((IF_MATCH, etag))
            .insert_header(("Idempotency-Key", key))
            // Gzip, as the HEAD asked: the answer's strong tag is the gzip form, which a cache passes as it is.
            .insert_header((ACCEPT_ENCODING, "gzip"))
            .insert_header((CONTENT_TYPE, "application/merge-patch+json"))
            .send_body(self.patch.clone())
            .await
            .map_err(|error| format!("PATCH {}: {error}", self.url))?;
        let header = |name: &str| response.headers().get(name).and_then(|value| value.to_str().ok());
        Ok(Answer {
            status: response.status().as_u16(),
            etag: header("etag").map(str::to_owned),
            replayed: header("idempotent-replayed") == Some("true"),
        })
    }
}
