//! The rule that ties a Last-Modified to the Date it goes out with (RFC 9110 §8.8.2.1), for every framework
//! layer.

use std::time::SystemTime;

use super::http_date::HttpDate;

/// A Last-Modified and the Date it goes out with. RFC 9110 §8.8.2.1: an origin server must not send a
/// Last-Modified later than its Date, and must send the Date in place of a later one. A server may write a Date it
/// reads from a clock refreshed now and then (actix's, twice a second), which can lag a Last-Modified written a
/// moment ago; so a response with a Last-Modified carries a Date of its own, read here, and the Last-Modified is
/// compared (If-Modified-Since, If-Unmodified-Since) and sent as it is after that rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Dated {
    pub last_modified: HttpDate,
    pub date: HttpDate,
}

impl Dated {
    /// `last_modified`, sent with a Date of now.
    pub(crate) fn now(last_modified: HttpDate) -> Self {
        Self::at(last_modified, HttpDate::from(SystemTime::now()))
    }

    /// `last_modified`, sent with `date`: the date itself when `last_modified` is later.
    pub(crate) fn at(last_modified: HttpDate, date: HttpDate) -> Self {
        Dated {
            last_modified: last_modified.min(date),
            date,
        }
    }
}
