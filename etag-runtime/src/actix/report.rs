//! Records each decision on the actix response it was made for, where an application's access log finds it, and
//! reports it (`responses/report.rs`).

use actix_web::http::Method;
use actix_web::{HttpRequest, HttpResponse};

use crate::responses::{Outcome, Report};
use crate::validators::entity_tag::EntityTag;

/// Records `outcome` on `response`, where the application's access log finds it, and reports it.
pub(crate) fn record(
    request: &HttpRequest,
    response: &mut HttpResponse,
    outcome: Outcome,
    tag: Option<&EntityTag>,
    bytes_not_sent: Option<u64>,
) {
    response.extensions_mut().insert(outcome);
    let report = Report {
        method: request.method().as_str(),
        outcome,
        status: Some(response.status().as_u16()),
        tag,
        // A HEAD has no body to spare.
        bytes_not_sent: bytes_not_sent.filter(|_| request.method() == Method::GET),
    };
    report.emit(|| request.match_pattern());
}

/// Whether `response` already went through this crate, which decides once per response: a `Conditional`
/// scope around a `#[conditional]` handler adds no second ETag and hashes nothing again.
pub(crate) fn recorded(response: &HttpResponse) -> bool {
    response.extensions().contains::<Outcome>()
}
