//! The validators a handler gives before its body is built (a `Deferred` on either framework): read from
//! whatever is cheap (a version column, a change counter), compared before any rendering.

use std::time::SystemTime;

use super::entity_tag::EntityTag;
use super::etag_trait::ETag;

/// The validators a `Deferred` response (on [actix-web](crate::Deferred), or on [axum](crate::axum::Deferred)) is
/// compared by: an entity tag (strong or weak), a modification date,
/// or both.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use etag_runtime::{EntityTag, Validators};
///
/// let at = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
/// let validators = Validators::etag(EntityTag::strong("v7").unwrap()).with_last_modified(at);
/// assert_eq!(validators.entity_tag().map(ToString::to_string), Some(r#""v7""#.to_owned()));
/// assert_eq!(validators.modified(), Some(at));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Validators {
    pub(crate) etag: Option<EntityTag>,
    pub(crate) last_modified: Option<SystemTime>,
}

impl Validators {
    /// An entity tag alone.
    pub fn etag(etag: EntityTag) -> Self {
        Validators {
            etag: Some(etag),
            last_modified: None,
        }
    }

    /// A modification date alone (a one-second validator, RFC 9110 §8.8.2.2: prefer a tag when there is one).
    pub fn last_modified(at: SystemTime) -> Self {
        Validators {
            etag: None,
            last_modified: Some(at),
        }
    }

    /// Adds a modification date.
    pub fn with_last_modified(mut self, at: SystemTime) -> Self {
        self.last_modified = Some(at);
        self
    }

    /// A model's validators: its [`ETag::etag`] and [`ETag::last_modified`]. A small type that holds only the
    /// columns the tag is made of (a version and a date, say) and derives `ETag` like the full model gives the
    /// full model's validators from a small query.
    pub fn of(model: &(impl ETag + ?Sized)) -> Self {
        Validators {
            etag: Some(model.etag()),
            last_modified: model.last_modified(),
        }
    }

    /// The entity tag, if there is one.
    pub fn entity_tag(&self) -> Option<&EntityTag> {
        self.etag.as_ref()
    }

    /// The modification date, if there is one.
    pub fn modified(&self) -> Option<SystemTime> {
        self.last_modified
    }
}

impl From<EntityTag> for Validators {
    fn from(etag: EntityTag) -> Self {
        Validators::etag(etag)
    }
}
