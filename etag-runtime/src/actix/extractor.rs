//! Conditional writes: the `Precondition` extractor, checked inside the handler's transaction.

use std::convert::Infallible;
use std::fmt;
use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::http::header::HeaderMap;
use actix_web::http::{Method, StatusCode};
use actix_web::{FromRequest, HttpRequest, HttpResponse, ResponseError};

use crate::preconditions::fields::CONDITIONAL_FIELDS;
use crate::{ConditionalHeaders, Decision, ETag, EntityTag, Policy, Resource};

/// The request's preconditions, to be checked against the resource's current state inside the same
/// transaction or lock as the write, so that no other write can slip in between (no lost update).
///
/// ```
/// use actix_web::{put, web, HttpResponse};
/// use etag_runtime::{Precondition, Rejected};
/// # use etag_runtime::{ETag, EntityTag};
/// # use std::sync::Mutex;
/// # struct Doc { version: u64, text: String }
/// # impl ETag for Doc { fn etag(&self) -> EntityTag { EntityTag::strong(self.version.to_string()).unwrap() } }
///
/// #[put("/doc")]
/// async fn replace(store: web::Data<Mutex<Option<Doc>>>, precondition: Precondition, text: String)
///     -> Result<HttpResponse, Rejected>
/// {
///     let mut doc = store.lock().unwrap();           // the lock spans check and write
///     precondition.check(doc.as_ref())?;             // 412 (or 400, 428) before any side effect
///     let version = doc.as_ref().map_or(1, |d| d.version + 1);
///     *doc = Some(Doc { version, text });
///     Ok(HttpResponse::NoContent().finish())
/// }
/// ```
#[derive(Debug, Clone)]
pub struct Precondition {
    method: Method,
    fields: HeaderMap,
    policy: Policy,
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
        match ConditionalHeaders::from_headers(&self.fields).evaluate_with(&self.method, &resource, self.policy) {
            Decision::Proceed => Ok(()),
            decision => Err(Rejected(decision)),
        }
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
        }))
    }
}

/// A request stopped by its preconditions: 412, 400 or 428 with a problem+json body (304 if used on a GET).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rejected(pub Decision);

impl fmt::Display for Rejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.problem() {
            Some(problem) => problem.fmt(f),
            None => write!(f, "{:?}", self.0),
        }
    }
}

impl ResponseError for Rejected {
    fn status_code(&self) -> StatusCode {
        self.0
            .problem()
            .map_or(StatusCode::NOT_MODIFIED, |problem| problem.status())
    }

    fn error_response(&self) -> HttpResponse {
        self.0
            .response(&HeaderMap::new())
            .unwrap_or_else(|| HttpResponse::build(self.status_code()).finish())
    }
}
