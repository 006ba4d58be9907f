//! A write that carries a precondition nothing evaluates (RFC 9110 §13.1.1: an origin server MUST evaluate
//! If-Match before performing the method). `#[conditional]` validates reads; a write is guarded only by the
//! [`Precondition`](crate::Precondition) extractor, checked against the resource's state. Where a write under the
//! attribute takes none, its precondition would be ignored and the write would land, so the generated code
//! refuses it before the handler runs; the `Conditional` middleware, which sees a write only once it is done,
//! tells the operator.

use actix_web::http::header::{CACHE_CONTROL, HeaderMap, HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::{HttpMessage, HttpRequest, HttpResponse, ResponseError};

use crate::preconditions::{ConditionalHeaders, MethodKind};
use crate::responses::{Outcome, Problem};
use crate::writes;

/// Put in a request's extensions when a `Precondition` is extracted from it: the handler evaluates the
/// request's preconditions itself.
pub(crate) struct PreconditionTaken;

/// The core's write guards as actix's header names, made at compile time.
const WRITE_GUARDS: [HeaderName; 3] = {
    let [a, b, c] = writes::WRITE_GUARDS;
    [
        HeaderName::from_static(a),
        HeaderName::from_static(b),
        HeaderName::from_static(c),
    ]
};

/// Whether a request with this method and these fields is a write that carries a precondition that could stop
/// it, as the 428 rule reads them: If-Match, an If-None-Match that names a tag or `*`, or a valid
/// If-Unmodified-Since (one that is not is ignored, §13.1.4).
pub(crate) fn is_guarded_write(method: &Method, headers: &HeaderMap) -> bool {
    MethodKind::from(method) == MethodKind::Other && ConditionalHeaders::from_headers(headers).guards_write()
}

/// The guarding field a write carries that no `Precondition` of its handler will evaluate, if any.
fn unevaluated_guard(request: &HttpRequest) -> Option<&'static str> {
    let headers = request.headers();
    if !is_guarded_write(request.method(), headers) || request.extensions().contains::<PreconditionTaken>() {
        return None;
    }
    let at = WRITE_GUARDS.iter().position(|name| headers.contains_key(name))?;
    Some(writes::WRITE_GUARDS[at])
}

/// Under `#[conditional]`, before the handler's body runs: a 500 for a write whose precondition its handler
/// takes no `Precondition` to evaluate, so that nothing is written. Neither 412 nor 428, which would say the
/// precondition was evaluated; the error event names the route and the fix.
pub fn refuse_unevaluated_write(request: &HttpRequest) -> Option<HttpResponse> {
    let field = unevaluated_guard(request)?;
    report(request, field, "refused before the handler ran: nothing was written");
    let detail = format!(
        "this route does not evaluate {field} for {}, so the request was refused and nothing was written",
        request.method()
    );
    let mut response = Problem::new(StatusCode::INTERNAL_SERVER_ERROR, detail).error_response();
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    // Final: an enclosing `Conditional` leaves it be.
    response.extensions_mut().insert(Outcome::Unevaluated);
    Some(response)
}

/// For the `Conditional` middleware, once a write's handler has answered: tells the operator when it carried a
/// precondition its handler never took a `Precondition` for, which is too late to refuse.
#[inline]
pub(crate) fn report_unevaluated_write<B>(request: &HttpRequest, response: &HttpResponse<B>) {
    if MethodKind::from(request.method()) == MethodKind::Other {
        report_after_the_write(request, response);
    }
}

fn report_after_the_write<B>(request: &HttpRequest, response: &HttpResponse<B>) {
    // Only a write that ran: a 404, a 405 or a body its extractor refused wrote nothing, guarded or not.
    if !response.status().is_success() {
        return;
    }
    let Some(field) = unevaluated_guard(request) else {
        return;
    };
    // A `#[conditional]` handler inside the scope refused it already, and said so.
    if response.extensions().get::<Outcome>() != Some(&Outcome::Unevaluated) {
        report(request, field, "the write ran without it: nothing guarded it");
    }
}

fn report(request: &HttpRequest, field: &str, what_happened: &str) {
    let route = request.match_pattern();
    writes::report_unevaluated(request.method().as_str(), route.as_deref(), field, what_happened);
}
