//! `--log`: one line per request on standard output, with what etag-runtime decided for it, printed by
//! tracing-subscriber as text or JSON; `RUST_LOG` adds other events, such as etag-runtime's own. Each example
//! reads its framework's request and response in its `access_log.rs` and writes the line here.

use std::fmt;

use clap::ValueEnum;
use etag_runtime::Outcome;
use tracing::Level;
use tracing_subscriber::filter::Targets;
use tracing_subscriber::fmt::format::{Writer, debug_fn};
use tracing_subscriber::prelude::*;

/// The target of the access-log events, always printed with `--log`.
const ACCESS: &str = "users::access";

/// How the lines are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// `GET /users/1 if-none-match="v1" status=304 etag="v1" decision=not_modified`
    Text,
    /// One JSON object per line, with the same fields and a timestamp.
    Json,
}

/// Prints the access log, and whatever `RUST_LOG` (`target=level,...`, as `etag_runtime=debug`) asks for.
pub fn start(format: LogFormat) -> Result<(), String> {
    let targets = match std::env::var("RUST_LOG") {
        Ok(directives) => directives
            .parse::<Targets>()
            .map_err(|error| format!("RUST_LOG={directives:?} cannot be read: {error}"))?,
        Err(_) => Targets::new(),
    };
    let targets = targets.with_target(ACCESS, Level::INFO);
    let lines = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stdout)
        .with_ansi(false);
    match format {
        LogFormat::Text => {
            let lines = lines
                .without_time()
                .with_level(false)
                .with_target(false)
                .fmt_fields(debug_fn(write_field).delimited(" "));
            tracing_subscriber::registry().with(lines.with_filter(targets)).init();
        }
        LogFormat::Json => {
            let lines = lines.json().flatten_event(true);
            tracing_subscriber::registry().with(lines.with_filter(targets)).init();
        }
    }
    Ok(())
}

/// A text line names every field but the method and the path, which start it.
fn write_field(writer: &mut Writer<'_>, field: &tracing::field::Field, value: &dyn fmt::Debug) -> fmt::Result {
    match field.name() {
        "method" | "path" | "message" => write!(writer, "{value:?}"),
        name => write!(writer, "{name}={value:?}"),
    }
}

/// One request as the client received it: its If-None-Match and the answer's ETag as sent (`None`: absent),
/// and what etag-runtime decided, if it decided.
pub struct Line<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub if_none_match: Option<&'a [u8]>,
    pub status: u16,
    pub etag: Option<&'a [u8]>,
    pub decision: Option<Outcome>,
}

/// Prints `line`.
pub fn print(line: Line<'_>) {
    tracing::info!(
        target: ACCESS,
        method = %line.method,
        path = %line.path,
        "if-none-match" = %text_of(line.if_none_match),
        status = line.status,
        etag = %text_of(line.etag),
        decision = %line.decision.map_or("-".to_owned(), |decision| decision.to_string()),
    );
}

/// A field's value as text, `-` when absent.
fn text_of(value: Option<&[u8]>) -> String {
    value.map_or("-".to_owned(), |value| String::from_utf8_lossy(value).into_owned())
}
