//! Conditional writes: the `Precondition` extractor, checked inside the handler's transaction.

use std::convert::Infallible;
use std::fmt;
use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::http::header::HeaderMap;
use actix_web::http::{Method, StatusCode};
use actix_web::{FromRequest, HttpRequest, HttpResponse, ResponseError};

use super::outcome::Outcome;
use super::report::{self, Report};
use crate::preconditions::evaluate::is_read;
use crate::preconditions::fields::CONDITIONAL_FIELDS;
use crate::{Condition, ConditionalHeaders, Decision, ETag, EntityTag, Policy, Problem, Resource};

/// The request's preconditions, to be checked against the resource's current state inside the same
/// transaction or lock as the write, so that no other write can slip in between (no lost update).
///
/// ```
/// use std::collections::HashMap;
/// use std::sync::Mutex;
///
/// use actix_web::http::StatusCode;
/// use actix_web::{HttpResponse, put, web};
/// use etag_runtime::{ETag, EntityTag, Precondition, Problem};
///
/// struct Doc {
///     version: u64,
///     text: String,
/// }
///
/// impl ETag for Doc {
///     fn etag(&self) -> EntityTag {
///         EntityTag::strong(format!("v{}", self.version)).expect("'v' and digits make a valid tag")
///     }
/// }
///
/// type Docs = web::Data<Mutex<HashMap<u32, Doc>>>;
///
/// // One error type for the 404 and the 412: `actix_web::Error`, which `?` makes from a `Problem` and from a
/// // `Rejected` alike, each answering with its own status and problem+json body.
/// #[put("/docs/{id}")]
/// async fn replace(docs: Docs, id: web::Path<u32>, precondition: Precondition, text: String)
///     -> Result<HttpResponse, actix_web::Error>
/// {
///     let mut docs = docs.lock().expect("no handler panicked while holding the lock");
///     // The lock spans the check and the write: no other write can come between them.
///     let doc = docs.get_mut(&id).ok_or_else(|| Problem::new(StatusCode::NOT_FOUND, format!("no document {id}")))?;
///     precondition.check(Some(&*doc))?;    // 412 (or 400, 428) before any side effect
///     doc.version += 1;
///     doc.text = text;
///     Ok(HttpResponse::Ok().insert_header(("ETag", doc.etag().to_string())).body(doc.text.clone()))
/// }
/// # actix_web::rt::System::new().block_on(async {
/// # use actix_web::{App, test};
/// # let docs = Docs::new(Mutex::new(HashMap::from([(1, Doc { version: 3, text: "three".into() })])));
/// # let app = test::init_service(App::new().app_data(docs).service(replace)).await;
/// # let put = |uri: &str, if_match: &str| {
/// #     test::TestRequest::put().uri(uri).insert_header(("If-Match", if_match)).set_payload("four").to_request()
/// # };
/// # assert_eq!(test::call_service(&app, put("/docs/2", "\"v3\"")).await.status(), 404);
/// # assert_eq!(test::call_service(&app, put("/docs/1", "\"v2\"")).await.status(), 412);
/// # let replaced = test::call_service(&app, put("/docs/1", "\"v3\"")).await;
/// # assert_eq!(replaced.status(), 200);
/// # assert_eq!(replaced.headers().get("etag").unwrap(), "\"v4\"");
/// # });
/// ```
#[derive(Debug, Clone)]
pub struct Precondition {
    method: Method,
    fields: HeaderMap,
    policy: Policy,
    /// The matched route's pattern, such as `/users/{id}`, for what is reported of each check.
    route: Option<String>,
}

impl Precondition {
    /// Also refuse, with 428 Precondition Required (RFC 6585 §3), a write that carries no precondition.
    pub fn required(mut self) -> Self {
        self.policy.require_precondition = true;
        self
    }

    /// Evaluates the preconditions against `current` (`None`: the resource does not exist).
    pub fn check<T: ETag + ?Sized>(&self, current: Option<&T>) -> Result<(), Rejected> {
        let etag = current.map(ETag::etag);
        let last_modified = current.and_then(ETag::last_modified);
        self.check_validators(current.is_some(), etag.as_ref(), last_modified)
    }

    /// As [`Precondition::check`], for a resource described by its validators rather than by a model.
    pub fn check_validators(
        &self,
        exists: bool,
        etag: Option<&EntityTag>,
        last_modified: Option<std::time::SystemTime>,
    ) -> Result<(), Rejected> {
        let resource = if exists {
            Resource::current(etag, last_modified)
        } else {
            Resource::missing()
        };
        let fields = ConditionalHeaders::from_headers(&self.fields);
        let decision = fields.evaluate_with(&self.method, &resource, self.policy);
        self.report(decision, etag);
        match decision {
            Decision::Proceed => Ok(()),
            decision => Err(Rejected {
                decision,
                weak_if_match: fields.if_match_only_weak(),
            }),
        }
    }
}

impl Precondition {
    fn report(&self, decision: Decision, etag: Option<&EntityTag>) {
        let outcome = Outcome::of(decision, is_read(&self.method));
        let report = Report {
            method: &self.method,
            outcome,
            status: (decision != Decision::Proceed).then(|| Rejected::from(decision).status_code()),
            tag: etag,
            bytes_not_sent: None,
        };
        report.emit(|| self.route.clone());
    }
}

impl FromRequest for Precondition {
    type Error = Infallible;
    type Future = Ready<Result<Self, Infallible>>;

    fn from_request(request: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        let mut fields = HeaderMap::new();
        for name in CONDITIONAL_FIELDS {
            for value in request.headers().get_all(&name) {
                fields.append(name.clone(), value.clone());
            }
        }
        let method = request.method().clone();
        ready(Ok(Precondition {
            method,
            fields,
            policy: Policy::default(),
            // Looked up only when a report will use it: writes pay nothing for it when nobody listens.
            route: report::wanted().then(|| request.match_pattern()).flatten(),
        }))
    }
}

/// A request stopped by its preconditions: 412, 400 or 428 with a problem+json body (304 if used on a GET).
///
/// [`Precondition::check`] makes it; a handler that evaluates [`ConditionalHeaders`] itself can make one from
/// the decision:
///
/// ```
/// use actix_web::ResponseError;
/// use etag_runtime::{Condition, Decision, Rejected};
///
/// let rejected = Rejected::from(Decision::PreconditionFailed(Condition::IfMatch));
/// assert_eq!(rejected.status_code(), 412);
/// assert_eq!(rejected.decision(), Decision::PreconditionFailed(Condition::IfMatch));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rejected {
    decision: Decision,
    /// If-Match listed only weak tags, which never match: the problem says why, since the client can do
    /// nothing with "the resource changed" when it did not.
    weak_if_match: bool,
}

/// The 412's detail when If-Match held only weak tags.
const WEAK_IF_MATCH: &str = "If-Match lists only weak entity tags (W/\"...\"), and a weak tag never matches: it \
     cannot guard a write (RFC 9110 §13.1.1). A cache or proxy that decoded the body weakens the strong tag the \
     server sent; fetch the tag again with Accept-Encoding: gzip (a HEAD is enough), which such a cache passes \
     through unchanged, and send that strong tag";

impl Rejected {
    /// What the evaluation decided: [`Decision::PreconditionFailed`], [`Decision::Malformed`] or
    /// [`Decision::PreconditionRequired`].
    pub fn decision(&self) -> Decision {
        self.decision
    }

    /// The problem this rejection answers with (`None` only for a 304).
    pub fn problem(&self) -> Option<Problem> {
        let problem = self.decision.problem()?;
        if self.weak_if_match && self.decision == Decision::PreconditionFailed(Condition::IfMatch) {
            return Some(Problem::new(problem.status(), WEAK_IF_MATCH));
        }
        Some(problem)
    }
}

/// A rejection for `decision`, as a handler that evaluates preconditions itself would make one.
impl From<Decision> for Rejected {
    fn from(decision: Decision) -> Self {
        Rejected {
            decision,
            weak_if_match: false,
        }
    }
}

impl fmt::Display for Rejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.problem() {
            Some(problem) => problem.fmt(f),
            None => write!(f, "{:?}", self.decision),
        }
    }
}

impl ResponseError for Rejected {
    fn status_code(&self) -> StatusCode {
        self.problem()
            .map_or(StatusCode::NOT_MODIFIED, |problem| problem.status())
    }

    fn error_response(&self) -> HttpResponse {
        let mut response = match self.problem() {
            Some(problem) => problem.error_response(),
            None => self
                .decision
                .response(&HeaderMap::new())
                .unwrap_or_else(|| HttpResponse::build(self.status_code()).finish()),
        };
        // For the application's access log; the check that made this rejection has reported it already.
        response.extensions_mut().insert(Outcome::of(self.decision, false));
        response
    }
}
