//! The Vary a representation goes out with (RFC 9110 §12.5.5): the fields a route declares, with Accept-Encoding
//! named once, by this crate or by the compression that encodes the body, never by both.

use std::borrow::Cow;

/// The declared Vary, with Accept-Encoding named exactly when `accept_encoding` says: the adapter decides that,
/// since it knows when its compression names it (`actix/representation.rs`). `*` already says everything and
/// stays as it is.
#[inline]
#[cfg_attr(not(feature = "actix"), allow(dead_code, reason = "the Vary of actix's `Compress`"))]
pub(crate) fn vary(declared: Option<&'static str>, accept_encoding: bool) -> Option<Cow<'static, str>> {
    let Some(declared) = declared else {
        return accept_encoding.then_some(Cow::Borrowed("Accept-Encoding"));
    };
    let is_accept_encoding = |name: &str| name.trim().eq_ignore_ascii_case("accept-encoding");
    let names_accept_encoding = declared.split(',').any(is_accept_encoding);
    match (declared.trim() == "*", names_accept_encoding, accept_encoding) {
        (true, _, _) => Some(Cow::Borrowed("*")),
        (false, true, true) | (false, false, false) => Some(Cow::Borrowed(declared)),
        (false, false, true) => Some(Cow::Owned(format!("{declared}, Accept-Encoding"))),
        (false, true, false) => {
            let others: Vec<&str> = declared.split(',').filter(|name| !is_accept_encoding(name)).collect();
            (!others.is_empty()).then(|| Cow::Owned(others.join(",").trim().to_owned()))
        }
    }
}

/// Whether the lines of a Vary already name `field` (or `*`, which names everything).
pub(crate) fn vary_names<'l>(lines: impl Iterator<Item = &'l [u8]>, field: &str) -> bool {
    lines
        .filter_map(|line| std::str::from_utf8(line).ok())
        .flat_map(|line| line.split(','))
        .any(|name| name.trim() == "*" || name.trim().eq_ignore_ascii_case(field))
}

#[cfg(test)]
mod tests {
    use super::vary;

    // RFC 9110 §12.5.5: Vary lists the request fields the response depends on; Accept-Encoding is always one,
    // since the coding decides the bytes and a strong tag's suffix, and `*` already says everything.
    #[test]
    fn rfc9110_12_5_5_vary_always_covers_accept_encoding() {
        assert_eq!(vary(None, true).unwrap(), "Accept-Encoding");
        assert_eq!(
            vary(Some("Accept-Language"), true).unwrap(),
            "Accept-Language, Accept-Encoding"
        );
        assert_eq!(
            vary(Some("accept-encoding, Accept"), true).unwrap(),
            "accept-encoding, Accept"
        );
        assert_eq!(vary(Some(" * "), true).unwrap(), "*");
    }

    // RFC 9110 §12.5.5, once: where `Compress` names Accept-Encoding itself, the wrapper leaves it out, the
    // handler's own mention of it included, and keeps the other names.
    #[test]
    fn rfc9110_12_5_5_vary_leaves_accept_encoding_to_compress() {
        assert_eq!(vary(None, false), None);
        assert_eq!(vary(Some("Accept-Language"), false).unwrap(), "Accept-Language");
        assert_eq!(vary(Some("Accept-Encoding, Accept"), false).unwrap(), "Accept");
        assert_eq!(vary(Some("Accept, accept-encoding"), false).unwrap(), "Accept");
        assert_eq!(vary(Some("Accept-Encoding"), false), None);
        assert_eq!(vary(Some("*"), false).unwrap(), "*");
    }
}
