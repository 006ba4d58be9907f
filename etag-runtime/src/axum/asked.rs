//! What the layer keeps of a request to answer its response once the handler has run, and what it tells the
//! operator about a request it sees: a write its handler never guarded, a variant with no Vary.

use ::axum::extract::MatchedPath;
use ::axum::response::{IntoResponse, Response};
use http::header::HeaderValue;
use http::{Method, Request};

use super::fields::KeptFields;
use super::fields_out::put_error_fields;
use super::marks::PreconditionTaken;
use super::settings::Settings;
use super::variant::Variant;
use crate::facets::{TagSource, UnreadableRequester, chosen_variant, hashed_variant, representation_facets};
use crate::preconditions::MethodKind;
use crate::responses::{self, Problem};
use crate::validators::Facet;
use crate::writes::{WRITE_GUARDS, report_unevaluated};

/// What the layer keeps of a request to answer its response: the method, the conditional fields, and the
/// matched route where a report will name it.
pub(crate) struct Asked {
    pub(crate) method: Method,
    pub(crate) fields: KeptFields,
    pub(crate) route: Option<String>,
    /// The digest of the declared Vary fields' values, for a tag whose handler chose no variant.
    declared_variant: Option<Facet>,
    /// Who asks, on a route whose responses depend on it.
    pub(crate) requester: Option<Vec<u8>>,
    /// Whether the layer declares the fields its responses vary with, which a chosen `Variant` comes from.
    pub(crate) declares_vary: bool,
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
        let fields = KeptFields::of(headers);
        let guard = guarded_write(request, &fields);
        let route = (guard.is_some() || responses::wanted())
            .then(|| extensions.get::<MatchedPath>())
            .flatten();
        let lines_of = |name: &str| headers.get_all(name).into_iter().map(HeaderValue::as_bytes);
        Ok(Asked {
            method: request.method().clone(),
            fields,
            route: route.map(|path| path.as_str().to_owned()),
            declared_variant: settings.vary.and_then(|declared| hashed_variant(declared, lines_of)),
            declares_vary: settings.vary.is_some(),
            requester,
            guard,
        })
    }

    /// The facets of a tag the application or the handler made: the variant the handler chose, or else the
    /// digest of the declared fields, and the requester.
    pub(crate) fn facets(&self, response: &Response) -> Vec<Facet> {
        let chosen = response
            .extensions()
            .get::<Variant>()
            .map(|variant| chosen_variant(variant.name()));
        let variant = chosen.or_else(|| self.declared_variant.clone());
        representation_facets(TagSource::HandlerHeader, variant, self.requester.as_deref())
    }
}

/// The field that guards a write, where the request is one that carries a precondition (RFC 9110 §13.1.1).
fn guarded_write<B>(request: &Request<B>, fields: &KeptFields) -> Option<(&'static str, PreconditionTaken)> {
    let write = MethodKind::from(request.method()) == MethodKind::Other;
    if !write || !fields.conditional_headers().guards_write() {
        return None;
    }
    let field = WRITE_GUARDS
        .into_iter()
        .find(|name| request.headers().contains_key(*name))?;
    Some((field, PreconditionTaken::default()))
}

/// Tells the operator of a write that carried a precondition its handler took no `Precondition` to evaluate:
/// too late to refuse, since the handler has run.
pub(crate) fn report_unguarded(asked: &Asked, response: &Response) {
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
pub(crate) fn report_undeclared_variant(asked: &Asked) {
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
