//! A kept outcome, sent again to a retry by each adapter.

use crate::keys::{REPLAYED, Record};
use crate::validators::EntityTag;

/// A kept outcome sent again: the same status, fields and body, marked `Idempotent-Replayed: true`, its ETag in
/// the form for the coding the replay is sent with (RFC 9110 §8.8.3.3). A record kept without its body
/// ([`Record::body_omitted`]) replays its status and validators with an empty body.
#[derive(Debug)]
pub struct Replay(pub(crate) Record);

impl From<Record> for Replay {
    fn from(record: Record) -> Self {
        Replay(record)
    }
}

/// What an adapter sends for a [`Replay`]: the status, the fields by their lowercase names, the tag in its
/// identity form (the adapter names the coding), and the body.
pub(crate) struct ReplayParts {
    pub status: u16,
    /// The fields that have a value, by their lowercase names.
    pub fields: Vec<(&'static str, String)>,
    pub etag: Option<EntityTag>,
    pub body: Vec<u8>,
}

impl Replay {
    pub(crate) fn into_parts(self) -> ReplayParts {
        let Record {
            status,
            etag,
            last_modified,
            location,
            content_type,
            body,
            ..
        } = self.0;
        ReplayParts {
            status,
            fields: [
                (REPLAYED, Some("true".to_owned())),
                ("last-modified", last_modified),
                ("location", location),
                ("content-type", content_type),
            ]
            .into_iter()
            .filter_map(|(name, value)| Some((name, value?)))
            .collect(),
            etag: etag.and_then(|etag| EntityTag::parse(&etag).ok()),
            body,
        }
    }
}
