//! The RFC 9457 problem details this crate answers errors with, as an OpenAPI schema.

use std::borrow::Cow;

use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::{PartialSchema, ToSchema};

use crate::responses::Problem;

/// The members [`Problem`] sends: `type` is always `about:blank`, so `title` is the status's phrase.
impl PartialSchema for Problem {
    fn schema() -> RefOr<Schema> {
        let member = |kind, description: &str| ObjectBuilder::new().schema_type(kind).description(Some(description));
        ObjectBuilder::new()
            .description(Some("Problem details (RFC 9457), as application/problem+json."))
            .property(
                "type",
                member(Type::String, "A URI for the kind of problem; `about:blank` here."),
            )
            .property("title", member(Type::String, "The status's reason phrase."))
            .property("status", member(Type::Integer, "The HTTP status code."))
            .property(
                "detail",
                member(Type::String, "What went wrong with this request, in a sentence."),
            )
            .property(
                "current_etag",
                member(
                    Type::String,
                    "On a 412 for a resource that exists: its current entity tag, as the response's ETag sends it.",
                ),
            )
            .property(
                "current_last_modified",
                member(
                    Type::String,
                    "On a 412 for a resource that exists: when it last changed, as the response's Last-Modified sends it.",
                ),
            )
            .required("type")
            .required("title")
            .required("status")
            .required("detail")
            .into()
    }
}

impl ToSchema for Problem {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("Problem")
    }
}
