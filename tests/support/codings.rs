//! Content codings and strong tags (RFC 9110 §8.8.3.3), checked over a table of Accept-Encoding offers against a
//! server behind `Compress`. Shared by the users example's tests (actix-web with gzip only) and by
//! `tests/all-codings` (a build of its own with brotli, gzip and zstd).

use std::collections::{BTreeMap, BTreeSet};
use std::net::SocketAddr;

use super::{Response, get};

/// Single codings, lists in both orders, q-values, `*`, `identity;q=0`, unknown codings, and no header at all.
pub const OFFERS: &[Option<&str>] = &[
    None,
    Some("gzip"),
    Some("deflate"),
    Some("br"),
    Some("zstd"),
    Some("identity"),
    Some("gzip, br"),
    Some("br, gzip"),
    Some("deflate, gzip, br, zstd"),
    Some("zstd, br, gzip, deflate"),
    Some("zstd, gzip"),
    Some("gzip;q=0.5, br;q=0.8"),
    Some("br;q=0.1, gzip;q=0.9"),
    Some("zstd;q=1.0, gzip;q=0.2, deflate;q=0.3"),
    Some("gzip;q=0, br"),
    Some("*"),
    Some("*;q=0.5, gzip;q=0"),
    Some("identity;q=0, gzip"),
    Some("identity;q=0, br, zstd"),
    Some("x-unknown"),
    Some("x-unknown, gzip;q=0.4"),
    Some(""),
];

/// What one offer got: its Content-Encoding (`None`: identity) and ETag.
#[derive(Debug, Clone)]
pub struct Observed {
    pub offer: Option<&'static str>,
    pub coding: Option<String>,
    pub etag: String,
}

fn offer_headers(offer: Option<&'static str>) -> Vec<(&'static str, &'static str)> {
    offer.map(|value| ("Accept-Encoding", value)).into_iter().collect()
}

/// How many times Vary names `field`, over all its lines.
pub fn vary_count(response: &Response, field: &str) -> usize {
    response
        .headers
        .iter()
        .filter(|(name, _)| name.eq_ignore_ascii_case("vary"))
        .flat_map(|(_, value)| value.split(','))
        .filter(|name| name.trim().eq_ignore_ascii_case(field))
        .count()
}

/// GETs `path` once per offer and checks each 200 and the 304 its own tag gets:
/// - RFC 9110 §12.5.5: Vary names Accept-Encoding exactly once on the 200 and on the 304, and the 304 lists the
///   same field names as the 200;
/// - RFC 9110 §15.4.5: the 304 repeats the 200's ETag and sends no Content-Encoding.
///
/// Offers `Compress` cannot satisfy (406) are left out of the result.
pub fn fetch_every_offer(addr: SocketAddr, path: &str) -> Vec<Observed> {
    let mut observed = Vec::new();
    for &offer in OFFERS {
        let ok = get(addr, path, &offer_headers(offer));
        if ok.status == 406 {
            continue;
        }
        assert_eq!(ok.status, 200, "{offer:?}: {}", ok.text());
        assert_eq!(vary_count(&ok, "accept-encoding"), 1, "{offer:?}: {:?}", ok.headers);
        let etag = ok.header("etag").expect("an ETag").to_owned();
        let mut revalidate = offer_headers(offer);
        revalidate.push(("If-None-Match", etag.as_str()));
        let not_modified = get(addr, path, &revalidate);
        assert_eq!(not_modified.status, 304, "{offer:?} with {etag}");
        assert_eq!(not_modified.header("etag"), Some(etag.as_str()), "{offer:?}");
        assert_eq!(not_modified.header("content-encoding"), None, "{offer:?}");
        assert_eq!(vary_count(&not_modified, "accept-encoding"), 1, "{offer:?}");
        assert_eq!(not_modified.tokens("vary"), ok.tokens("vary"), "{offer:?}");
        let coding = ok.header("content-encoding").map(str::to_owned);
        observed.push(Observed { offer, coding, etag });
    }
    observed
}

/// RFC 9110 §8.8.3.3: a strong tag names one byte sequence, so it never goes out with two Content-Encodings,
/// and its suffix names the coding actually sent (no suffix for identity). `base` is the identity tag.
pub fn assert_strong_tags_name_the_coding_sent(observed: &[Observed], base: &str) {
    let mut codings_per_tag: BTreeMap<&str, BTreeSet<Option<&str>>> = BTreeMap::new();
    for seen in observed {
        codings_per_tag
            .entry(seen.etag.as_str())
            .or_default()
            .insert(seen.coding.as_deref());
        let expected = match &seen.coding {
            Some(coding) => format!("{}+{coding}\"", base.trim_end_matches('"')),
            None => base.to_owned(),
        };
        assert_eq!(seen.etag, expected, "{seen:?}");
    }
    for (tag, codings) in codings_per_tag {
        assert_eq!(codings.len(), 1, "{tag} went out with {codings:?}");
    }
}

/// The Content-Encodings that the table drew from the server.
pub fn codings_sent(observed: &[Observed]) -> BTreeSet<String> {
    observed.iter().filter_map(|seen| seen.coding.clone()).collect()
}
