//! Conversions between this crate's validators and actix-web's header types of the same names, so that a tag
//! from actix-files or from `req.get_header::<IfNoneMatch>()` can be handed to this crate, and back.

use std::time::SystemTime;

use actix_web::http::header;

use crate::validators::entity_tag::EntityTag;
use crate::validators::http_date::HttpDate;

/// Both types hold the same `etagc` characters (RFC 9110 §8.8.3), each checked by its constructors, so the
/// conversions cannot fail.
impl From<header::EntityTag> for EntityTag {
    fn from(tag: header::EntityTag) -> Self {
        EntityTag::from_valid(tag.weak, tag.tag())
    }
}

impl From<&EntityTag> for header::EntityTag {
    fn from(tag: &EntityTag) -> Self {
        header::EntityTag::new(tag.is_weak(), tag.opaque().to_owned())
    }
}

impl From<EntityTag> for header::EntityTag {
    fn from(tag: EntityTag) -> Self {
        header::EntityTag::from(&tag)
    }
}

impl From<header::HttpDate> for HttpDate {
    fn from(date: header::HttpDate) -> Self {
        HttpDate::from(SystemTime::from(date))
    }
}

impl From<HttpDate> for header::HttpDate {
    fn from(date: HttpDate) -> Self {
        header::HttpDate::from(SystemTime::from(date))
    }
}
