//! A response made conditional once its handler has rendered it: its validators read, the request's
//! preconditions evaluated (RFC 9110 §13.2.2), and the 200 given its fields, or turned into a 304, 412 or 400.

use ::axum::response::{IntoResponse, Response};
use http::header::{self, HeaderMap, HeaderValue};
use http::{Method, StatusCode};
use http_body::Body as _;

use super::asked::{Asked, report_undeclared_variant, report_unguarded};
use super::fields::{TOWER_CODINGS, single_value};
use super::fields_out::{into_not_modified, put_cache_fields, put_error_fields, put_fields};
use super::marks::{HandlerFailed, HashedTag, NotHashed, NotModifiedByHandler, WriteRepresentation};
use super::settings::Settings;
use super::variant::Variant;
use crate::preconditions::{Decision, MethodKind, Resource};
use crate::responses::{Found, Outcome, Problem, Rendered, Report, Untouched};
use crate::validators::entity_tag::EntityTag;
use crate::validators::http_date::HttpDate;

/// Makes `response` conditional: adds validators, or answers 304, 412 or 400. What it decides is recorded on
/// the response. An error of any method gets the route's error fields, and a 304 the handler's own check
/// decided (a `Rejected`) the Cache-Control and Vary its 200 would carry (RFC 9110 §15.4.5).
pub(crate) fn answer(asked: &Asked, mut response: Response, settings: &Settings) -> Response {
    if response.status().as_u16() >= 400 {
        put_error_fields(response.headers_mut(), settings);
    }
    if response.extensions_mut().remove::<NotModifiedByHandler>().is_some() {
        put_cache_fields(response.headers_mut(), settings);
    }
    let handler_failed = response.extensions_mut().remove::<HandlerFailed>().is_some();
    if response.extensions().get::<Outcome>().is_some() {
        return response;
    }
    if handler_failed {
        return untouched(asked, response, Untouched::HandlerError);
    }
    if !MethodKind::from(&asked.method).is_get_or_head() {
        report_unguarded(asked, &response);
        let stored = response.extensions().get::<WriteRepresentation>().is_some() && response.status().is_success();
        let response = match stored {
            true => with_representation_fields(asked, response, settings),
            false => response,
        };
        return untouched(asked, response, Untouched::NotGetOrHead);
    }
    if !response.status().is_success() {
        return untouched(asked, response, Untouched::NotSuccess);
    }
    match handler_validators(&response) {
        Ok(Some(found)) => evaluate(asked, response, found, settings),
        Ok(None) => {
            let reason = response
                .extensions()
                .get::<NotHashed>()
                .map_or(Untouched::NoBody, |not| not.0);
            untouched(asked, response, reason)
        }
        // RFC 9110 §13.1: a validator that cannot be read is not compared; the response goes out as sent.
        Err(()) => untouched(asked, response, Untouched::UnreadableValidator),
    }
}

fn untouched(asked: &Asked, mut response: Response, reason: Untouched) -> Response {
    record(asked, &mut response, Outcome::Untouched(reason), None, None);
    response
}

/// The ETag and Last-Modified of the response (the handler's, or hashed inside): `Ok(None)` if neither, `Err`
/// if one is there but cannot be read.
fn handler_validators(response: &Response) -> Result<Option<Found>, ()> {
    let headers = response.headers();
    let line = |name| single_value(headers, name).map(|value| value.map(HeaderValue::as_bytes));
    let hashed = response.extensions().get::<HashedTag>().is_some();
    let body_size = response.body().size_hint().exact();
    Found::read(line(&header::ETAG), line(&header::LAST_MODIFIED), hashed, body_size)
}

/// The answer to a write that is the stored representation (RFC 9110 §9.3.4 allows its validators then): its
/// tag in the form for the coding it is sent with and with the route's facets, and its Last-Modified held to
/// the Date, as its GET would send them; nothing is compared. A Cache-Control the layer sets on reads is not
/// given to it.
fn with_representation_fields(asked: &Asked, mut response: Response, settings: &Settings) -> Response {
    let Ok(Some(found)) = handler_validators(&response) else {
        return response;
    };
    let Some(rendered) = rendered(asked, &response, found) else {
        return response;
    };
    let plan = rendered.plan(|_, _| Decision::Proceed);
    let settings = Settings {
        cache_control: None,
        ..*settings
    };
    put_fields(response.headers_mut(), plan, &settings);
    response
}

/// The representation a response stands for, or `None` where its coding cannot be named in a tag.
fn rendered<'a>(asked: &Asked, response: &'a Response, found: Found) -> Option<Rendered<'a>> {
    if !asked.declares_vary && response.extensions().get::<Variant>().is_some() {
        report_undeclared_variant(asked);
    }
    let coding = sent_coding(response.headers()).ok()?;
    let handler_date = found
        .last_modified
        .and_then(|_| single_value(response.headers(), &header::DATE).ok().flatten())
        .and_then(|value| HttpDate::parse(value.as_bytes()).ok());
    let facets = match found.hashed {
        true => Vec::new(),
        false => asked.facets(response),
    };
    Some(Rendered {
        found,
        facets,
        coding,
        handler_date,
    })
}

fn evaluate(asked: &Asked, response: Response, found: Found, settings: &Settings) -> Response {
    let Some(rendered) = rendered(asked, &response, found) else {
        return untouched(asked, response, Untouched::UnreadableValidator);
    };
    let plan = rendered.plan(|etag, last_modified| {
        let resource = Resource::current(etag, last_modified).with_codings(TOWER_CODINGS);
        asked.fields.conditional_headers().evaluate(&asked.method, &resource)
    });
    let outcome = Outcome::of(plan.decision, true);
    if !matches!(plan.decision, Decision::Proceed | Decision::NotModified) {
        let mut refused = Problem::of_decision(plan.decision).map_or(response, IntoResponse::into_response);
        put_error_fields(refused.headers_mut(), settings);
        record(asked, &mut refused, outcome, plan.etag.as_ref(), None);
        return refused;
    }
    let mut response = response;
    let not_modified = plan.decision == Decision::NotModified;
    if not_modified {
        *response.status_mut() = StatusCode::NOT_MODIFIED;
    }
    record(asked, &mut response, outcome, plan.etag.as_ref(), plan.bytes_not_sent);
    put_fields(response.headers_mut(), plan, settings);
    match not_modified {
        true => into_not_modified(response),
        false => response,
    }
}

/// The coding the response's bytes go out with, from the Content-Encoding a compression layer inside (or the
/// handler) set: `None` for identity, `Err` for a value that is not one coding's name, which no tag can carry.
fn sent_coding(headers: &HeaderMap) -> Result<Option<&str>, ()> {
    let Some(value) = single_value(headers, &header::CONTENT_ENCODING)? else {
        return Ok(None);
    };
    let coding = value.to_str().map_err(drop)?.trim();
    let token = !coding.is_empty() && coding.bytes().all(|byte| byte.is_ascii_alphanumeric() || byte == b'-');
    match (token, coding.eq_ignore_ascii_case("identity")) {
        (true, true) => Ok(None),
        (true, false) => Ok(Some(coding)),
        (false, _) => Err(()),
    }
}

/// Puts `outcome` on the response, for an access log and for a second layer around this one, and reports it.
fn record(asked: &Asked, response: &mut Response, outcome: Outcome, tag: Option<&EntityTag>, bytes: Option<u64>) {
    response.extensions_mut().insert(outcome);
    let report = Report {
        method: asked.method.as_str(),
        outcome,
        status: Some(response.status().as_u16()),
        tag,
        // A HEAD has no body to spare.
        bytes_not_sent: bytes.filter(|_| asked.method == Method::GET),
    };
    report.emit(|| asked.route.clone());
}
