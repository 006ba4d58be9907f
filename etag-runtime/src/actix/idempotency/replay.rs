//! A kept outcome sent again to a retry.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, Responder};

use crate::actix::before_render::Negotiated;
use crate::actix::options::Options;
use crate::keys::{REPLAYED, Record};
use crate::validators::EntityTag;

/// A kept outcome sent again: the same status, fields and body, marked `Idempotent-Replayed: true`. A record
/// kept without its body ([`Record::body_omitted`]) replays its status and validators with an empty body.
#[derive(Debug)]
pub struct Replay(Record);

impl From<Record> for Replay {
    fn from(record: Record) -> Self {
        Replay(record)
    }
}

impl Responder for Replay {
    type Body = actix_web::body::BoxBody;

    fn respond_to(self, request: &HttpRequest) -> HttpResponse {
        let Record {
            status,
            etag,
            last_modified,
            location,
            content_type,
            body,
            ..
        } = self.0;
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
        let mut response = HttpResponse::build(status).body(body);
        let headers = response.headers_mut();
        headers.insert(HeaderName::from_static(REPLAYED), HeaderValue::from_static("true"));
        let fields = [
            (header::LAST_MODIFIED, last_modified),
            (header::LOCATION, location),
            (header::CONTENT_TYPE, content_type),
        ];
        for (name, value) in fields {
            if let Some(value) = value.and_then(|value| HeaderValue::try_from(value).ok()) {
                headers.insert(name, value);
            }
        }
        // RFC 9110 §8.8.3.3: the tag goes out in the form for the coding this replay is sent with.
        if let Some(etag) = etag.and_then(|etag| EntityTag::parse(&etag).ok()) {
            Negotiated::new(request, Some(etag), &[], None).put_into(&mut response, &Options::default());
        }
        response
    }
}
