//! A response made conditional once its handler has rendered it: its validators read, the request's
//! preconditions evaluated (RFC 9110 §13.2.2), and the 200 given its fields, or turned into a 304, 412 or 400.

use ::axum::body::Body;
use ::axum::extract::MatchedPath;
use ::axum::response::{IntoResponse, Response};
use http::header::{self, HeaderMap, HeaderName, HeaderValue};
use http::{Method, Request, StatusCode};
use http_body::Body as _;

use super::fields::{KeptFields, TOWER_CODINGS, single_value};
use super::marks::{HashedTag, NotHashed, NotModifiedByHandler, PreconditionTaken, WriteRepresentation};
use super::settings::Settings;
use super::variant::Variant;
use crate::facets::{TagSource, UnreadableRequester, chosen_variant, hashed_variant, representation_facets};
use crate::preconditions::{Decision, MethodKind, Resource};
use crate::responses::{self, Found, NOT_MODIFIED_FIELDS, Outcome, Plan, Problem, Rendered, Report, Untouched};
use crate::validators::Facet;
use crate::validators::entity_tag::EntityTag;
use crate::validators::http_date::HttpDate;
use crate::writes::{WRITE_GUARDS, report_unevaluated};

/// What the layer keeps of a request to answer its response: the method, the conditional fields, and the
/// matched route where a report will name it.
pub(crate) struct Asked {
    method: Method,
    fields: KeptFields,
    route: Option<String>,
    /// The digest of the declared Vary fields' values, for a tag whose handler chose no variant.
    declared_variant: Option<Facet>,
    /// Who asks, on a route whose responses depend on it.
    pub(crate) requester: Option<Vec<u8>>,
    /// Whether the layer declares the fields its responses vary with, which a chosen `Variant` comes from.
    declares_vary: bool,
    /// For a write that carries a precondition: the first field that guards it, and whether its handler took a
    /// `Precondition` to evaluate it.
    pub(crate) guard: Option<(&'static str, PreconditionTaken)>,
}

impl Asked {
    /// What the layer keeps of `request`; or, where the route's requester field names no one for certain, why
    /// ([`refused_before_running`]).
    pub(crate) fn of<B>(request: &Request<B>, settings: &Settings) -> Result<Self, UnreadableRequester> {
        let (headers, extensions) = (request.headers(), request.extensions());
        let requester = match settings
            .requester
            .map(|requester| requester.identity_in(headers, extensions))
        {
            Some(Err(unreadable)) => return Err(unreadable),
            Some(Ok(identity)) => identity,
            None => None,
        };
        let guard = guarded_write(request);
        let route = (guard.is_some() || responses::wanted())
            .then(|| extensions.get::<MatchedPath>())
            .flatten();
        let lines_of = |name: &str| headers.get_all(name).into_iter().map(HeaderValue::as_bytes);
        Ok(Asked {
            method: request.method().clone(),
            fields: KeptFields::of(headers),
            route: route.map(|path| path.as_str().to_owned()),
            declared_variant: settings.vary.and_then(|declared| hashed_variant(declared, lines_of)),
            declares_vary: settings.vary.is_some(),
            requester,
            guard,
        })
    }

    /// The facets of a tag the application or the handler made: the variant the handler chose, or else the
    /// digest of the declared fields, and the requester.
    fn facets(&self, response: &Response) -> Vec<Facet> {
        let chosen = response
            .extensions()
            .get::<Variant>()
            .map(|variant| chosen_variant(variant.name()));
        let variant = chosen.or_else(|| self.declared_variant.clone());
        representation_facets(TagSource::HandlerHeader, variant, self.requester.as_deref())
    }
}

/// The field that guards a write, where the request is one that carries a precondition (RFC 9110 §13.1.1).
fn guarded_write<B>(request: &Request<B>) -> Option<(&'static str, PreconditionTaken)> {
    let write = MethodKind::from(request.method()) == MethodKind::Other;
    if !write || !KeptFields::of(request.headers()).conditional_headers().guards_write() {
        return None;
    }
    let field = WRITE_GUARDS
        .into_iter()
        .find(|name| request.headers().contains_key(*name))?;
    Some((field, PreconditionTaken::default()))
}

/// Tells the operator of a write that carried a precondition its handler took no `Precondition` to evaluate:
/// too late to refuse, since the handler has run.
fn report_unguarded(asked: &Asked, response: &Response) {
    // Only a write that ran: a 404, a 405 or a body its extractor refused wrote nothing, guarded or not.
    if let Some((field, taken)) = &asked.guard
        && !taken.taken()
        && response.status().is_success()
    {
        let what_happened = "the write ran without it: nothing guarded it";
        report_unevaluated(asked.method.as_str(), asked.route.as_deref(), field, what_happened);
    }
}

/// A handler chose a `Variant` on a route whose layer names no field in Vary: each variant has its own tag, but
/// a shared cache, told nothing of what the body varies with, may give one requester's variant to another.
fn report_undeclared_variant(asked: &Asked) {
    tracing::error!(
        target: "etag_runtime",
        method = %asked.method,
        route = %asked.route.as_deref().unwrap_or("-"),
        fix = "declare the field the variant comes from with `Conditional::vary` (\"Accept-Language\", say)",
        "a handler chose a Variant, but its Conditional layer declares no field the response varies with",
    );
}

/// The 400 for a requester field that names no one for certain, with the route's error fields: answered before
/// the handler runs.
pub(crate) fn refused_before_running(unreadable: UnreadableRequester, settings: &Settings) -> Response {
    let mut refused = Problem::from(unreadable).into_response();
    put_error_fields(refused.headers_mut(), settings);
    refused
}

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
    if response.extensions().get::<Outcome>().is_some() {
        return response;
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

/// The validators and the layer's Cache-Control and Vary, which a 200 and its 304 both carry (RFC 9110
/// §15.4.5). A Cache-Control the handler set wins; on a route whose responses depend on who asks, one that set
/// none is `private` (RFC 9111 §5.2.2.7). A Vary name already there is not named again.
fn put_fields(headers: &mut HeaderMap, plan: Plan, settings: &Settings) {
    let etag = plan.etag.filter(|_| plan.rewrite_etag).map(EntityTag::into_field);
    let dates = [(header::LAST_MODIFIED, plan.last_modified), (header::DATE, plan.date)];
    let dates = dates
        .into_iter()
        .filter_map(|(name, date)| Some((name, date?.to_string())));
    for (name, value) in etag.map(|etag| (header::ETAG, etag)).into_iter().chain(dates) {
        insert(headers, name, value);
    }
    put_cache_fields(headers, settings);
}

/// The layer's Cache-Control (`private` on a route whose responses depend on who asks) unless the handler set
/// one, and its Vary names.
fn put_cache_fields(headers: &mut HeaderMap, settings: &Settings) {
    let private = settings.requester.map(|_| "private");
    if let Some(cache_control) = settings.cache_control.or(private)
        && !headers.contains_key(header::CACHE_CONTROL)
    {
        insert(headers, header::CACHE_CONTROL, cache_control.to_owned());
    }
    put_vary(headers, settings);
}

/// An error answer of a route the layer covers (4xx, 5xx) gets the declared Vary names and the requester's
/// field, since an error too may differ by them; and, unless the handler said how it may be kept (a
/// Cache-Control or an Expires), `no-store`: an error describes a state a moment long, which a cache would
/// otherwise keep by heuristic (RFC 9111 §4.2.2).
fn put_error_fields(headers: &mut HeaderMap, settings: &Settings) {
    if !headers.contains_key(header::CACHE_CONTROL) && !headers.contains_key(header::EXPIRES) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    put_vary(headers, settings);
}

/// Names the declared fields and the requester's in Vary, each once. Accept-Encoding is left to the compression
/// layer inside, which names it on every response its predicate lets it encode, for a client of any coding: a
/// response it leaves alone is the same bytes for every Accept-Encoding.
fn put_vary(headers: &mut HeaderMap, settings: &Settings) {
    let declared = settings
        .vary
        .into_iter()
        .flat_map(|names| names.split(','))
        .map(str::trim);
    let requester = settings.requester.map(|requester| requester.vary_field());
    for name in declared.chain(requester) {
        let named = responses::vary_names(headers.get_all(header::VARY).iter().map(HeaderValue::as_bytes), name);
        if let Ok(value) = HeaderValue::from_str(name)
            && !name.is_empty()
            && !named
        {
            headers.append(header::VARY, value);
        }
    }
}

/// Inserts a value this crate made; one that is not a valid field value cannot happen (tags and dates hold
/// only visible ASCII) and is no reason to panic.
fn insert(headers: &mut HeaderMap, name: HeaderName, value: String) {
    if let Ok(value) = HeaderValue::try_from(value) {
        headers.insert(name, value);
    }
}

/// The 304 for a 200: of its fields only those §15.4.5 names, and no body, which is dropped unread (a
/// compression layer's encoder never runs, a lazy body never renders).
fn into_not_modified(response: Response) -> Response {
    let (mut parts, _body) = response.into_parts();
    let mut kept = HeaderMap::new();
    for name in NOT_MODIFIED_FIELDS {
        for value in parts.headers.get_all(name) {
            kept.append(HeaderName::from_static(name), value.clone());
        }
    }
    parts.headers = kept;
    Response::from_parts(parts, Body::new(NoContent))
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

/// The 304's body: none, of a length said nowhere. An empty body that told its length would make axum write
/// `Content-Length: 0` into a 304 to HEAD, which RFC 9110 §8.6 forbids unless the 200 was empty too.
struct NoContent;

impl http_body::Body for NoContent {
    type Data = bytes::Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        self: std::pin::Pin<&mut Self>,
        _cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        std::task::Poll::Ready(None)
    }

    fn is_end_stream(&self) -> bool {
        true
    }
}
