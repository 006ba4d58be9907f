//! A command-line client of the users example (or any server that sends ETags): `get` keeps a copy and
//! revalidates it with If-None-Match; `patch` updates optimistically with If-Match and retries on 412.
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

use std::process::ExitCode;
use std::time::Duration;

use awc::Client;
use awc::http::header::{ACCEPT_ENCODING, CONTENT_TYPE, ETAG, IF_MATCH, IF_NONE_MATCH};
use clap::{Parser, Subcommand};

use crate::revalidate::{Cached, Resource, Retry, Revalidation, check, update_optimistically};

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
    /// HEAD the URL for its ETag (accepting gzip, so that a decoding cache passes the strong tag through), PATCH
    /// it with If-Match; on 412 read again and retry after a jittered pause.
    Patch {
        url: String,
        /// The JSON merge patch (RFC 7396) to send.
        json: String,
        /// How many attempts before giving up.
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

async fn patch(url: &str, json: String, attempts: u32) -> Result<(), String> {
    let mut resource = Remote {
        client: Client::default(),
        url: url.to_owned(),
        patch: json,
    };
    let retry = Retry {
        attempts,
        base: Duration::from_millis(20),
        cap: Duration::from_millis(500),
    };
    let report = |attempt, etag: &str, status| println!("attempt {attempt}: PATCH with If-Match: {etag} -> {status}");
    match update_optimistically(&mut resource, retry, fastrand::f64, report).await {
        Ok(attempt) => {
            println!("updated on attempt {attempt}");
            Ok(())
        }
        Err(failed) => Err(format!("PATCH {url}: {failed:?}")),
    }
}

/// The URL as a [`Resource`]: GET for its ETag, PATCH with If-Match.
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

    async fn write_if_match(&mut self, etag: &str) -> Result<u16, String> {
        let response = self
            .client
            .patch(&self.url)
            .insert_header((IF_MATCH, etag))
            .insert_header((CONTENT_TYPE, "application/merge-patch+json"))
            .send_body(self.patch.clone())
            .await
            .map_err(|error| format!("PATCH {}: {error}", self.url))?;
        Ok(response.status().as_u16())
    }
}
