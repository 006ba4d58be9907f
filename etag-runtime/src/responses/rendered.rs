//! What the validators of a rendered 2xx decide, for every adapter: the tag of the representation sent, the
//! Last-Modified held to its Date, the decision, and which fields the response must get. An adapter reads the
//! validators off its framework's response and writes the fields back.

use std::time::SystemTime;

use crate::preconditions::Decision;
use crate::validators::Facet;
use crate::validators::dated::Dated;
use crate::validators::entity_tag::EntityTag;
use crate::validators::http_date::HttpDate;
use crate::validators::representation_tag;

/// The validators of a rendered 2xx, and where they came from.
pub(crate) struct Found {
    pub etag: Option<EntityTag>,
    pub last_modified: Option<HttpDate>,
    /// Whether the ETag was hashed from the body. It names the bytes, so it gets no facet.
    pub hashed: bool,
    /// Whether the ETag is the one the response carries already: read off it, the handler's or one the hashing
    /// side wrote (axum). A tag hashed as the adapter answers (actix) is not, and must still be written.
    pub etag_on_response: bool,
    /// The body's length, when it is known: what a 304 spares.
    pub body_size: Option<u64>,
}

impl Found {
    /// The validators a rendered 2xx carries, from the one line of its ETag and of its Last-Modified (`Err` for a
    /// field sent in several lines): `Ok(None)` if it has neither, `Err` if one is there but cannot be read (RFC
    /// 9110 §13.1: it is not compared, and the response goes out as sent).
    pub(crate) fn read(
        etag: Result<Option<&[u8]>, ()>,
        last_modified: Result<Option<&[u8]>, ()>,
        hashed: bool,
        body_size: Option<u64>,
    ) -> Result<Option<Found>, ()> {
        let etag = etag?
            .map(|line| {
                visible_text(line)
                    .and_then(|text| EntityTag::parse(text).ok())
                    .ok_or(())
            })
            .transpose()?;
        let last_modified = last_modified?
            .map(|line| HttpDate::parse(line).map_err(drop))
            .transpose()?;
        let found = (etag.is_some() || last_modified.is_some()).then_some(Found {
            etag,
            last_modified,
            hashed,
            etag_on_response: true,
            body_size,
        });
        Ok(found)
    }
}

/// A field value as text where it holds only visible ASCII and tabs, as a framework's header value reads it.
fn visible_text(line: &[u8]) -> Option<&str> {
    let visible = line.iter().all(|&byte| byte == b'\t' || (b' '..=b'~').contains(&byte));
    visible.then(|| std::str::from_utf8(line).ok()).flatten()
}

/// The representation a rendered 2xx stands for: its validators, its tag's facets, the coding its bytes go out
/// with, and the Date its handler set.
pub(crate) struct Rendered<'a> {
    pub found: Found,
    pub facets: Vec<Facet>,
    pub coding: Option<&'a str>,
    pub handler_date: Option<HttpDate>,
}

/// What an adapter answers a rendered 2xx with.
pub(crate) struct Plan {
    pub decision: Decision,
    /// The representation's tag, as compared and reported.
    pub etag: Option<EntityTag>,
    /// Whether `etag` must replace the response's ETag: not on it yet, or given a facet or a coding suffix.
    pub rewrite_etag: bool,
    /// The Last-Modified to write, where it differs from the handler's (later than the Date).
    pub last_modified: Option<HttpDate>,
    /// The Date to write, where a Last-Modified goes out and the handler set no Date.
    pub date: Option<HttpDate>,
    /// The body bytes a 304 spares, where they are known.
    pub bytes_not_sent: Option<u64>,
}

impl Rendered<'_> {
    /// Decides with `decide`, given the representation's tag and Last-Modified (RFC 9110 §13.2.2). RFC 9110
    /// §8.8.3: a tag the handler set names the variant and requester where the route has them, and a strong one
    /// the coding (§8.8.3.3); a hashed tag follows the bytes, and its facets are empty. A Last-Modified is held
    /// to the Date it goes out with (§8.8.2.1).
    pub(crate) fn plan(self, decide: impl FnOnce(Option<&EntityTag>, Option<SystemTime>) -> Decision) -> Plan {
        let found = self.found;
        let etag = found
            .etag
            .map(|etag| representation_tag(etag, &self.facets, self.coding));
        let dated = found.last_modified.map(|last_modified| match self.handler_date {
            Some(date) => Dated::at(last_modified, date),
            None => Dated::now(last_modified),
        });
        let decision = decide(etag.as_ref(), dated.map(|dated| dated.last_modified.into()));
        // A tag on the response stays as sent unless a facet or a coding suffix was added to it.
        let rewrite_etag = !found.etag_on_response
            || !self.facets.is_empty()
            || etag
                .as_ref()
                .is_some_and(|etag| !etag.is_weak() && self.coding.is_some());
        Plan {
            decision,
            etag,
            rewrite_etag,
            last_modified: dated
                .map(|dated| dated.last_modified)
                .filter(|sent| Some(*sent) != found.last_modified),
            date: dated.filter(|_| self.handler_date.is_none()).map(|dated| dated.date),
            bytes_not_sent: found.body_size.filter(|_| decision == Decision::NotModified),
        }
    }
}
