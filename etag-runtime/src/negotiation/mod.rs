//! Choosing among the values a server offers by a q-valued request field such as Accept-Language (RFC 9110
//! §12.4.2, §12.5.4): a pure function of the field's lines, with no web framework.
//!
//! A handler that writes this by hand tends to take the first range it recognizes, and so to serve French to
//! `fr;q=0, en`: q=0 means "not acceptable" (§12.4.2), and it must exclude what it names.

mod q_list;

use q_list::Ranges;

/// The offered value the field's lines rank highest, or `default` when they rank none of them acceptable (or
/// there are none).
///
/// Ranges are matched as language ranges are (RFC 4647 §3.3.1, and its lookup's fallback): case-insensitively,
/// a range matches a value it equals or that it is a `-`-separated prefix of (`fr` matches `fr-CH`), or that is
/// a prefix of it (`fr-CH` matches `fr`, less specifically); `*` matches any value, least specifically. A value
/// takes the q of the most specific range that matches it (§12.5.4), so `fr;q=0, *` excludes French and accepts
/// anything else. Among values of equal q the earlier offered wins: the server's order breaks ties. An element
/// whose q cannot be read is ignored.
///
/// ```
/// use etag_runtime::negotiation::choose;
///
/// let offered = ["en", "fr"];
/// assert_eq!(choose([&b"fr-CH, fr;q=0.9, en;q=0.8"[..]], &offered, "en"), "fr");
/// assert_eq!(choose([&b"fr;q=0, en;q=0.5"[..]], &offered, "en"), "en");
/// assert_eq!(choose([&b"fr;q=0"[..]], &offered, "en"), "en");
/// assert_eq!(choose([&b"de"[..]], &offered, "en"), "en");
/// ```
pub fn choose<'l, 'o>(lines: impl IntoIterator<Item = &'l [u8]>, offered: &[&'o str], default: &'o str) -> &'o str {
    let ranges = Ranges::read(lines);
    let mut best: Option<(&'o str, u16)> = None;
    for &value in offered {
        let Some(q) = ranges.quality_of(value) else { continue };
        if q > 0 && best.is_none_or(|(_, best_q)| q > best_q) {
            best = Some((value, q));
        }
    }
    best.map_or(default, |(value, _)| value)
}
