//! `--log`: one line per request on standard output, with what etag-runtime decided for it, printed by
//! tracing-subscriber as text or JSON; `RUST_LOG` adds other events, such as etag-runtime's own.

use std::fmt;

use actix_web::Error;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderMap, HeaderName};
use actix_web::middleware::Next;
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

/// The middleware: one event per request, once the response (as the client receives it) is known.
pub async fn access_log(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let method = request.method().clone();
    let path = request.path().to_owned();
    let if_none_match = text_of(request.headers(), &header::IF_NONE_MATCH);
    let response = next.call(request).await?;
    let decision = response.response().extensions().get::<Outcome>().copied();
    tracing::info!(
        target: ACCESS,
        method = %method,
        path = %path,
        "if-none-match" = %if_none_match,
        status = response.status().as_u16(),
        etag = %text_of(response.headers(), &header::ETAG),
        decision = %decision.map_or("-".to_owned(), |decision| decision.to_string()),
    );
    Ok(response)
}

/// A header's value as text, `-` when absent.
fn text_of(headers: &HeaderMap, name: &HeaderName) -> String {
    headers.get(name).map_or("-".to_owned(), |value| {
        String::from_utf8_lossy(value.as_bytes()).into_owned()
    })
}
