//! Problem details for HTTP APIs (RFC 9457), the body of every error this crate answers with.

use std::fmt;
use std::time::SystemTime;

use super::representation::NotModifiedByHandler;
use crate::facets::UnreadableRequester;
use crate::preconditions::Decision;
use crate::responses::{Current, PROBLEM_JSON, ProblemBody};
use crate::validators::entity_tag::EntityTag;
use actix_web::http::StatusCode;
use actix_web::http::header::{CONTENT_TYPE, HeaderValue, RETRY_AFTER};
use actix_web::{HttpResponse, ResponseError};

/// An RFC 9457 problem: a status and a sentence on what went wrong.
///
/// It is an actix-web error, so a handler may return `Result<T, Problem>`, and a `std::error::Error`. A
/// [`Rejected`](crate::Rejected) converts into it, so that reads and guarded writes can share it as their error
/// type with `?`.
///
/// ```
/// use actix_web::http::StatusCode;
/// use etag_runtime::Problem;
///
/// let problem = Problem::new(StatusCode::NOT_FOUND, "no user has id 7");
/// assert_eq!(problem.status(), StatusCode::NOT_FOUND);
/// assert_eq!(problem.to_json()["title"], "Not Found");
/// ```
///
/// # One error type for reads and writes
///
/// A read returns `Result<_, Problem>`; a guarded write returns the same, and `?` turns the
/// [`Rejected`](crate::Rejected) of a failed check into its problem (412, 400 or 428). An application with an
/// error type of its own needs one `From<Problem>` (or `From<Rejected>`) for the same.
///
/// ```
/// use std::sync::Mutex;
///
/// use actix_web::http::StatusCode;
/// use actix_web::web::{Data, Json};
/// use actix_web::{HttpResponse, get, put};
/// use etag_runtime::{ETag, Precondition, Problem, conditional};
/// use serde::Serialize;
///
/// #[derive(Clone, Serialize, ETag)]
/// #[etag(prefix = "v")]
/// struct Note { #[etag] version: u64, text: String }
///
/// type Notes = Data<Mutex<Option<Note>>>;
///
/// fn missing() -> Problem {
///     Problem::new(StatusCode::NOT_FOUND, "no note yet")
/// }
///
/// #[conditional]
/// #[get("/note")]
/// async fn read(notes: Notes) -> Result<Json<Note>, Problem> {
///     let note = notes.lock().unwrap().clone().ok_or_else(missing)?;
///     Ok(Json(note))
/// }
///
/// #[put("/note")]
/// async fn write(notes: Notes, precondition: Precondition, text: String) -> Result<HttpResponse, Problem> {
///     let mut note = notes.lock().unwrap();
///     let current = note.as_mut().ok_or_else(missing)?;
///     precondition.check(Some(&*current))?; // a Rejected becomes its Problem
///     current.version += 1;
///     current.text = text;
///     Ok(HttpResponse::NoContent().finish())
/// }
/// # actix_web::rt::System::new().block_on(async {
/// # use actix_web::{App, test};
/// # let notes = Notes::new(Mutex::new(Some(Note { version: 1, text: "one".into() })));
/// # let app = test::init_service(App::new().app_data(notes).service(read).service(write)).await;
/// # let put = |if_match: &'static str| test::TestRequest::put().uri("/note").insert_header(("If-Match", if_match));
/// # assert_eq!(test::call_service(&app, put("\"v0\"").to_request()).await.status(), 412);
/// # assert_eq!(test::call_service(&app, put("\"v1\"").to_request()).await.status(), 204);
/// # let fetched = test::call_service(&app, test::TestRequest::get().uri("/note").to_request()).await;
/// # assert!(fetched.headers().get("etag").unwrap().to_str().unwrap().starts_with("\"v2+s."));
/// # });
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    status: StatusCode,
    detail: String,
    current: Current,
    /// Seconds to wait before sending the request again (RFC 9110 §10.2.3), where waiting helps.
    retry_after: Option<u64>,
}

impl Problem {
    /// A problem with this status, its reason phrase as the title, and `detail` saying what went wrong here.
    pub fn new(status: StatusCode, detail: impl Into<String>) -> Self {
        Self {
            status,
            detail: detail.into(),
            current: Current::default(),
            retry_after: None,
        }
    }

    /// The same problem, sent with `Retry-After: seconds` (RFC 9110 §10.2.3): for a 429 or a 503, when the
    /// same request may succeed later.
    pub fn with_retry_after(self, seconds: u64) -> Self {
        Problem {
            retry_after: Some(seconds),
            ..self
        }
    }

    /// The seconds it says to wait, if any.
    pub fn retry_after(&self) -> Option<u64> {
        self.retry_after
    }

    /// The same problem, naming the resource's current validators: in its body, and as the response's ETag and
    /// Last-Modified.
    pub(crate) fn with_current(mut self, etag: Option<&EntityTag>, last_modified: Option<SystemTime>) -> Self {
        self.current = Current::new(etag, last_modified);
        self
    }

    /// The HTTP status it is sent with.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// What went wrong, for the client's developer.
    pub fn detail(&self) -> &str {
        &self.detail
    }

    fn body(&self) -> ProblemBody<'_> {
        let title = self.status.canonical_reason().unwrap_or("Error");
        ProblemBody::new(self.status.as_u16(), title, &self.detail, &self.current)
    }

    /// The problem a 412, 400 or 428 decision answers with; `None` to proceed and for 304.
    pub(crate) fn of_decision(decision: Decision) -> Option<Problem> {
        let status = StatusCode::from_u16(decision.status()?).ok()?;
        Some(Problem::new(status, decision.detail()?))
    }

    /// The body as a JSON value, for tests and logs.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self.body()).unwrap_or_default()
    }
}

/// The 400 a requester field that names no one for certain answers with.
impl From<UnreadableRequester> for Problem {
    fn from(unreadable: UnreadableRequester) -> Self {
        Problem::new(StatusCode::BAD_REQUEST, unreadable.to_string())
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.status, self.detail)
    }
}

impl std::error::Error for Problem {}

impl ResponseError for Problem {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status);
        for (name, value) in self.current.fields() {
            if let Some(value) = value.and_then(|value| HeaderValue::from_str(value).ok()) {
                response.insert_header((name, value));
            }
        }
        if let Some(seconds) = self.retry_after {
            response.insert_header((RETRY_AFTER, seconds));
        }
        if self.status == StatusCode::NOT_MODIFIED {
            // RFC 9110 §15.4.5: a 304 has no content, so no problem body; it carries the validators it was
            // decided on, and the route's cache fields where a `#[conditional]` route sends it.
            let mut response = response.finish();
            response.extensions_mut().insert(NotModifiedByHandler);
            return response;
        }
        let body = self.body().to_bytes();
        response.insert_header((CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON)));
        response.body(body)
    }
}
