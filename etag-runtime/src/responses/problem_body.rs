//! The body of every problem this crate answers with (RFC 9457), and the validators a 412 names, as every
//! adapter writes them; the adapter brings the status's reason phrase and writes the fields.

use std::time::SystemTime;

use serde::Serialize;

use crate::validators::dated::Dated;
use crate::validators::entity_tag::EntityTag;
use crate::validators::http_date::HttpDate;

/// The media type of a problem body (RFC 9457 §3).
pub(crate) const PROBLEM_JSON: &str = "application/problem+json";

/// The resource's current validators, which a 412 names so that a client can rebase without a GET: in its body,
/// and as the response's ETag and Last-Modified with its Date.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Current {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// The Date a Last-Modified goes out with (RFC 9110 §8.8.2.1, see `Dated`).
    pub date: Option<String>,
}

impl Current {
    /// No validators: what every problem but a 412 or 304 names.
    pub(crate) const NONE: Current = Current {
        etag: None,
        last_modified: None,
        date: None,
    };

    /// The validators of a resource with `etag` and `last_modified`, as sent now.
    pub(crate) fn new(etag: Option<&EntityTag>, last_modified: Option<SystemTime>) -> Self {
        let dated = last_modified.map(|at| Dated::now(HttpDate::from(at)));
        Current {
            etag: etag.map(EntityTag::to_string),
            last_modified: dated.map(|dated| dated.last_modified.to_string()),
            date: dated.map(|dated| dated.date.to_string()),
        }
    }

    /// The fields to send, by their lowercase names, each where it has a value.
    pub(crate) fn fields(&self) -> [(&'static str, Option<&str>); 3] {
        [
            ("etag", self.etag.as_deref()),
            ("last-modified", self.last_modified.as_deref()),
            ("date", self.date.as_deref()),
        ]
    }
}

/// The members this crate sends. `type` is `about:blank`, so `title` is the status's phrase (RFC 9457 §4.2.1);
/// `current_etag` and `current_last_modified` are this crate's extension members (§3.2), on a 412 only.
#[derive(Serialize)]
pub(crate) struct ProblemBody<'a> {
    r#type: &'static str,
    title: &'a str,
    status: u16,
    detail: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    current_etag: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    current_last_modified: Option<&'a str>,
}

impl<'a> ProblemBody<'a> {
    /// The body of a problem with `status` (its reason phrase as `title`), `detail` and the `current` validators.
    pub(crate) fn new(status: u16, title: &'a str, detail: &'a str, current: &'a Current) -> Self {
        ProblemBody {
            r#type: "about:blank",
            title,
            status,
            detail,
            current_etag: current.etag.as_deref(),
            current_last_modified: current.last_modified.as_deref(),
        }
    }

    /// The body's bytes. Serializing a struct of strings and a number into a Vec cannot fail.
    pub(crate) fn to_bytes(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::{Current, ProblemBody};
    use crate::validators::entity_tag::EntityTag;

    // RFC 9457 §3.1, §4.2.1: `about:blank` with the status's phrase as title; extension members only when known.
    #[test]
    fn rfc9457_3_1_the_members_sent() {
        let none = Current::default();
        let body: serde_json::Value =
            serde_json::from_slice(&ProblemBody::new(428, "Precondition Required", "send If-Match", &none).to_bytes())
                .unwrap();
        assert_eq!(body["type"], "about:blank");
        assert_eq!(body["title"], "Precondition Required");
        assert_eq!(body["status"], 428);
        assert!(body.get("current_etag").is_none());
        let current = Current::new(Some(&EntityTag::strong("v2").unwrap()), None);
        let body: serde_json::Value =
            serde_json::from_slice(&ProblemBody::new(412, "Precondition Failed", "changed", &current).to_bytes())
                .unwrap();
        assert_eq!(body["current_etag"], "\"v2\"");
        assert_eq!(current.fields()[0], ("etag", Some("\"v2\"")));
        assert_eq!(current.fields()[1], ("last-modified", None));
    }
}
