//! A kept outcome sent again to a retry, as an actix response.

use actix_web::http::StatusCode;
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, Responder};

use crate::actix::before_render::Negotiated;
use crate::actix::options::Options;
use crate::writes::{Replay, ReplayParts};

impl Responder for Replay {
    type Body = actix_web::body::BoxBody;

    fn respond_to(self, request: &HttpRequest) -> HttpResponse {
        let ReplayParts {
            status,
            fields,
            etag,
            body,
        } = self.into_parts();
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
        let mut response = HttpResponse::build(status).body(body);
        let headers = response.headers_mut();
        for (name, value) in fields {
            if let Ok(value) = HeaderValue::try_from(value) {
                headers.insert(HeaderName::from_static(name), value);
            }
        }
        // RFC 9110 §8.8.3.3: the tag goes out in the form for the coding this replay is sent with.
        if let Some(etag) = etag {
            Negotiated::new(request, Some(etag), &[], None).put_into(&mut response, &Options::default());
        }
        response
    }
}
