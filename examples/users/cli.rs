//! The command line: where to listen and where the database lives.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use etag_runtime::keys::KeyLimits;

use crate::log_lines::{self, LogFormat};
use crate::store::Database;

/// A REST API of users on SQLite or PostgreSQL, with conditional reads (ETag, 304) and conditional writes
/// (If-Match, 412).
#[derive(Debug, Parser)]
#[command(name = env!("CARGO_CRATE_NAME"))]
pub struct Args {
    /// Where to listen; port 0 picks a free one, printed on the first line as `listening on http://IP:PORT`.
    #[arg(long, value_name = "IP:PORT", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,

    /// The database: a SQLite file, shareable by several processes (WAL mode), or a PostgreSQL URL
    /// (postgres://USER@HOST:PORT/DATABASE), shareable by instances on several machines. Without it, SQLite in
    /// memory.
    #[arg(long, value_name = "PATH|URL", value_parser = Database::parse)]
    pub db: Option<Database>,

    /// How many PostgreSQL connections this instance may hold at once.
    #[arg(long, value_name = "N", default_value_t = 10, value_parser = clap::value_parser!(u16).range(1..))]
    pub pool: u16,

    /// Print a line per request on standard output: method, path, If-None-Match, status, ETag ("-" for an
    /// absent field) and what etag-runtime decided, such as
    /// `GET /users/1 if-none-match="v1" status=304 etag="v1" decision=not_modified`. RUST_LOG, as
    /// `etag_runtime=debug`, adds other events: that one gives etag-runtime's own, one per conditional decision.
    #[arg(long)]
    pub log: bool,

    /// How `--log` prints: `text` lines, or `json`, one object per line with the same fields. Implies `--log`.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub log_format: Option<LogFormat>,

    /// Serve `GET /metrics`: etag-runtime's counters of conditional responses by route and status, and of the
    /// body bytes 304s spared, in the Prometheus text format.
    #[arg(long)]
    pub metrics: bool,

    /// The release this instance runs, such as a commit or an image tag: every user's tag carries a digest of
    /// it, so that a deploy that changes what a user is sent as changes the tags too. Give every instance of one
    /// release the same value. Also read from ETAG_RELEASE.
    #[arg(long, value_name = "ID", env = "ETAG_RELEASE")]
    pub release: Option<String>,

    /// How long the answer of a write sent with an Idempotency-Key is kept for its retries, in seconds
    /// (default: 24 hours). Expired keys are removed from the database as writes come.
    #[arg(long, value_name = "SECONDS", default_value_t = 86_400)]
    pub key_lifetime: u64,

    /// How many live Idempotency-Keys one requester (one X-User; writers without one count as one) may hold: a
    /// write with a new key past it is refused with 429 and a Retry-After, and writes nothing.
    #[arg(long, value_name = "N", default_value_t = 1_000, value_parser = clap::value_parser!(u64).range(1..))]
    pub key_quota: u64,

    /// How many live Idempotency-Keys the database holds in all, whoever sent them (X-User is whatever a request
    /// says, so the quota alone bounds nothing): a write with a new key past it is refused with 429 too. A
    /// record is at most 64 KiB of answer (larger ones are kept without their body); this example's answers
    /// take about 0.7 KB a key in memory (measured), so the default bounds the table near 70 MB.
    #[arg(long, value_name = "N", default_value_t = 100_000, value_parser = clap::value_parser!(u64).range(1..))]
    pub key_cap: u64,
}

impl Args {
    /// The bounds of the keys the store keeps, set once, on the store.
    pub fn key_limits(&self) -> KeyLimits {
        KeyLimits::default()
            .with_lifetime(Duration::from_secs(self.key_lifetime))
            .with_per_requester(self.key_quota)
            .with_total(self.key_cap)
    }

    /// The format of the access log, if there is one.
    pub fn log(&self) -> Option<LogFormat> {
        match (self.log, self.log_format) {
            (_, Some(format)) => Some(format),
            (true, None) => Some(LogFormat::Text),
            (false, None) => None,
        }
    }
}

/// The process: reads the command line, sets what every response depends on (the release, the log), then runs
/// `serve`, the framework's server. `--help` prints the usage and exits 0; an unknown or malformed argument exits
/// 2 with clap's message; anything that stops the example is said in one line naming what failed, and exits 1.
pub fn main(serve: impl FnOnce(Args) -> Result<(), String>) -> ExitCode {
    let args = Args::parse();
    match prepare(&args).and_then(|()| serve(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{}: {message}", env!("CARGO_CRATE_NAME"));
            ExitCode::FAILURE
        }
    }
}

fn prepare(args: &Args) -> Result<(), String> {
    if let Some(release) = &args.release {
        // Before the server answers, so every tag this process sends carries it.
        etag_runtime::facets::set_release(release).map_err(|error| error.to_string())?;
    }
    if let Some(format) = args.log() {
        log_lines::start(format)?;
    }
    Ok(())
}
