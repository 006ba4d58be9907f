//! The answer to a write that stored a model: the model as a GET of it sends it, with its validators, so that a
//! client can chain its next write on the new tag without a GET in between (RFC 5789 §2 shows a PATCH answered
//! with the new ETag).

use actix_web::http::StatusCode;
use actix_web::http::header::{HeaderValue, LOCATION};
use actix_web::{HttpRequest, HttpResponse, Responder};
use serde::Serialize;

use super::before_render::Negotiated;
use super::json_body::json_response;
use super::options::Options;
use super::variant::facets;
use crate::facets::TagSource;
use crate::hashing::canonical_json;
use crate::keys::{Keyed, Record};
use crate::validators::ETag;

/// A model as stored by a write, sent as the JSON a `#[conditional]` GET of it sends (the same bytes), with the
/// same validators: its ETag in the form for the coding `Compress` gives the answer (RFC 9110 §8.8.3.3), with the
/// release, and its Last-Modified.
///
/// Use it where the body sent is the stored representation: a PATCH that answers with the user as stored now, a
/// POST that creates one (with [`Stored::created`]). A PUT's answer may carry validators only when the stored
/// representation is the request's content as sent (RFC 9110 §9.3.4), which it rarely is (a new version, a new
/// date): answer a PUT without this.
///
/// ```
/// use actix_web::{patch, web::Json};
/// use etag_runtime::ETag;
/// use etag_runtime::actix::Stored;
/// use serde::Serialize;
///
/// #[derive(Serialize, ETag)]
/// #[etag(prefix = "v")]
/// struct Note { #[etag] version: u64, text: String }
///
/// #[patch("/note")]
/// async fn edit(text: String) -> Stored<Note> {
///     // ... checked and written under the note's lock ...
///     Stored::new(Note { version: 8, text })
/// }
/// # actix_web::rt::System::new().block_on(async {
/// # use actix_web::{App, test};
/// # let app = test::init_service(App::new().service(edit)).await;
/// # let response = test::call_service(&app, test::TestRequest::patch().uri("/note").set_payload("eight").to_request()).await;
/// # assert!(response.headers().get("etag").unwrap().to_str().unwrap().starts_with("\"v8+s."));
/// # });
/// ```
pub struct Stored<T> {
    model: T,
    status: StatusCode,
    location: Option<String>,
}

impl<T: ETag + Serialize> Stored<T> {
    /// The model, sent with 200 OK.
    pub fn new(model: T) -> Self {
        Stored {
            model,
            status: StatusCode::OK,
            location: None,
        }
    }

    /// A model a write created at `location`, sent with 201 Created and that Location (RFC 9110 §15.3.2).
    pub fn created(model: T, location: impl Into<String>) -> Self {
        Stored {
            model,
            status: StatusCode::CREATED,
            location: Some(location.into()),
        }
    }
}

impl<T: ETag + Serialize> Stored<T> {
    /// What a keyed write keeps with its key (see [`idempotency`](super::idempotency)): this answer, in the
    /// identity form, for `keyed`'s request. Made inside the write's transaction, and saved there.
    pub fn record(&self, keyed: &Keyed) -> Record {
        Record::of_model(keyed, self.status.as_u16(), &self.model, self.location.as_deref())
    }
}

impl<T: ETag + Serialize> Responder for Stored<T> {
    type Body = actix_web::body::BoxBody;

    fn respond_to(self, request: &HttpRequest) -> HttpResponse {
        let options = Options::default();
        let facets = facets(request, &options, TagSource::Application);
        let validators = Negotiated::new(request, Some(self.model.etag()), &facets, self.model.last_modified());
        let mut response = json_response(canonical_json(&self.model));
        if !response.status().is_success() {
            // A model that could not be serialized: the 500 goes out as it is.
            return response;
        }
        *response.status_mut() = self.status;
        if let Some(location) = self.location.and_then(|location| HeaderValue::try_from(location).ok()) {
            response.headers_mut().insert(LOCATION, location);
        }
        validators.put_into(&mut response, &options);
        response
    }
}
