//! Client-side revalidation, small enough to copy: a cached copy revalidated with If-None-Match. Nothing here
//! knows the transport: [`check`] judges a response already received; `main.rs` plugs in awc.

/// A representation kept by the client, with the ETag it came with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cached {
    pub etag: String,
    pub body: Vec<u8>,
}

/// What a response to a GET means for the copy held.
#[derive(Debug, PartialEq, Eq)]
pub enum Revalidation {
    /// 200, and no copy was held: keep this one.
    First(Cached),
    /// 304: the copy held is current; use its body (RFC 9110 §15.4.5).
    NotModified,
    /// 200 although a copy was offered: the resource changed; keep the new one.
    Changed(Cached),
}

/// A response that a correct server does not send, or that this client cannot use.
#[derive(Debug, PartialEq, Eq)]
pub enum Unexpected {
    /// A 5xx.
    ServerError(u16),
    /// A status other than 200, 304 and 5xx.
    Status(u16),
    /// A 304 to a request that offered no copy: there is nothing to use.
    NotModifiedWithoutValidator,
    /// A 304 whose ETag is not the one offered: it describes another representation than the copy held.
    NotModifiedForAnotherTag { held: String, received: String },
    /// A 200 without an ETag: nothing to revalidate with later.
    NoETag,
}

/// Judges the response to a GET that offered `held` (in If-None-Match) or nothing.
pub fn check(
    held: Option<&Cached>,
    status: u16,
    etag: Option<&str>,
    body: Vec<u8>,
) -> Result<Revalidation, Unexpected> {
    match status {
        200 => {
            let etag = etag.ok_or(Unexpected::NoETag)?.to_owned();
            let fresh = Cached { etag, body };
            Ok(if held.is_some() {
                Revalidation::Changed(fresh)
            } else {
                Revalidation::First(fresh)
            })
        }
        304 => {
            let held = held.ok_or(Unexpected::NotModifiedWithoutValidator)?;
            match etag {
                // RFC 9110 §15.4.5: the 304 carries the ETag the 200 would have, that is the held copy's.
                Some(received) if received != held.etag => Err(Unexpected::NotModifiedForAnotherTag {
                    held: held.etag.clone(),
                    received: received.to_owned(),
                }),
                _ => Ok(Revalidation::NotModified),
            }
        }
        500..=599 => Err(Unexpected::ServerError(status)),
        other => Err(Unexpected::Status(other)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn copy(etag: &str) -> Cached {
        Cached {
            etag: etag.to_owned(),
            body: b"{}".to_vec(),
        }
    }

    // RFC 9110 §15.4.5: a 304 names the copy held; its body is the one to use.
    #[test]
    fn rfc9110_15_4_5_a_304_for_the_copy_held_means_use_it() {
        assert_eq!(
            check(Some(&copy("\"v1\"")), 304, Some("\"v1\""), Vec::new()),
            Ok(Revalidation::NotModified)
        );
    }

    #[test]
    fn rfc9110_15_4_5_a_304_for_another_tag_is_unexpected() {
        let outcome = check(Some(&copy("\"v1\"")), 304, Some("\"v2\""), Vec::new());
        assert!(
            matches!(outcome, Err(Unexpected::NotModifiedForAnotherTag { .. })),
            "{outcome:?}"
        );
    }

    // RFC 9110 §13.1.2: without If-None-Match, a server has nothing to compare, so a 304 is a server bug.
    #[test]
    fn rfc9110_13_1_2_a_304_without_a_validator_is_unexpected() {
        assert_eq!(
            check(None, 304, Some("\"v1\""), Vec::new()),
            Err(Unexpected::NotModifiedWithoutValidator)
        );
    }

    #[test]
    fn a_200_is_kept_first_and_reported_as_a_change_later() {
        assert_eq!(
            check(None, 200, Some("\"v1\""), b"{}".to_vec()),
            Ok(Revalidation::First(copy("\"v1\"")))
        );
        let changed = check(Some(&copy("\"v1\"")), 200, Some("\"v2\""), b"{}".to_vec());
        assert_eq!(changed, Ok(Revalidation::Changed(copy("\"v2\""))));
        assert_eq!(check(None, 200, None, Vec::new()), Err(Unexpected::NoETag));
    }

    #[test]
    fn server_errors_and_other_statuses_are_unexpected() {
        assert_eq!(check(None, 503, None, Vec::new()), Err(Unexpected::ServerError(503)));
        assert_eq!(check(None, 404, None, Vec::new()), Err(Unexpected::Status(404)));
    }
}
