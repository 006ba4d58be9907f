//! A q-valued list field read into its ranges and weights (RFC 9110 §12.4.2): `range *( OWS ";" OWS param )`,
//! with `q` in thousandths.

/// The ranges of a field, each with its weight in thousandths (0 to 1000).
pub(super) struct Ranges {
    ranges: Vec<(String, u16)>,
}

impl Ranges {
    /// Reads every line as one comma-separated list (RFC 9110 §5.3); elements that are empty, or whose q cannot
    /// be read, are left out.
    pub(super) fn read<'l>(lines: impl IntoIterator<Item = &'l [u8]>) -> Self {
        let ranges = lines
            .into_iter()
            .flat_map(|line| line.split(|&byte| byte == b','))
            .filter_map(element)
            .collect();
        Ranges { ranges }
    }

    /// The q of the most specific range that matches `value`, if any does; among equally specific ones, the
    /// highest. A range more specific than the value (`fr-CH` for `fr`) is only a fallback that accepts: its q=0
    /// refuses that one region, never the language as a whole (RFC 4647 §3.3.1).
    pub(super) fn quality_of(&self, value: &str) -> Option<u16> {
        let value = value.to_ascii_lowercase();
        self.ranges
            .iter()
            .filter_map(|(range, q)| match specificity(range, &value)? {
                FALLBACK if *q == 0 => None,
                specificity => Some((specificity, *q)),
            })
            .max()
            .map(|(_, q)| q)
    }
}

/// One element: its range, lowercased, and its q (1 when absent).
fn element(bytes: &[u8]) -> Option<(String, u16)> {
    let text = std::str::from_utf8(bytes).ok()?;
    let mut parts = text.split(';').map(str::trim);
    let range = parts.next().filter(|range| !range.is_empty())?.to_ascii_lowercase();
    let mut q = 1000;
    for parameter in parts {
        let Some((name, value)) = parameter.split_once('=') else {
            continue;
        };
        if name.trim().eq_ignore_ascii_case("q") {
            q = weight(value.trim())?;
        }
    }
    Some((range, q))
}

/// `qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )`, in thousandths.
fn weight(text: &str) -> Option<u16> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits_only = |part: &str| part.bytes().all(|byte| byte.is_ascii_digit());
    if fraction.len() > 3 || !digits_only(fraction) {
        return None;
    }
    let thousandths = format!("{fraction:0<3}").parse::<u16>().ok()?;
    match whole {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

/// The specificity of a range more specific than the value it matches: above `*`, below any range that names
/// the value or a prefix of it.
const FALLBACK: usize = 1;

/// How specifically `range` matches `value`, both lowercase (more is more specific), or `None` if it does not.
fn specificity(range: &str, value: &str) -> Option<usize> {
    if range == "*" {
        return Some(0);
    }
    let prefix_of = |shorter: &str, longer: &str| {
        longer.len() > shorter.len() && longer.starts_with(shorter) && longer.as_bytes()[shorter.len()] == b'-'
    };
    if range == value || prefix_of(range, value) {
        // An exact or more general range: as specific as it is long.
        Some(2 * range.len())
    } else if prefix_of(value, range) {
        Some(FALLBACK)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::{Ranges, weight};

    // RFC 9110 §12.4.2: q is 0 to 1 with at most three decimals; anything else is unreadable.
    #[test]
    fn rfc9110_12_4_2_qvalues() {
        assert_eq!(weight("0"), Some(0));
        assert_eq!(weight("0.5"), Some(500));
        assert_eq!(weight("0.125"), Some(125));
        assert_eq!(weight("1.000"), Some(1000));
        for bad in ["1.5", "2", "0.1234", "-0", "x", "", ".5"] {
            assert_eq!(weight(bad), None, "{bad}");
        }
    }

    // RFC 9110 §12.5.4: the most specific range decides, `*` least of all.
    #[test]
    fn rfc9110_12_5_4_the_most_specific_range_decides() {
        let ranges = Ranges::read([&b"*;q=0.5, fr;q=0, fr-ca"[..]]);
        assert_eq!(ranges.quality_of("fr"), Some(0));
        assert_eq!(ranges.quality_of("fr-CA"), Some(1000));
        assert_eq!(ranges.quality_of("de"), Some(500));
    }

    // RFC 4647 §3.3.1: a region refused is not the language refused, whatever the order of the ranges; an
    // accepted region still stands for its language.
    #[test]
    fn rfc4647_3_3_1_a_region_neither_refuses_nor_hides_its_language() {
        for field in [&b"fr-FR, fr-CH;q=0"[..], b"fr-CH;q=0, fr-FR"] {
            assert_eq!(Ranges::read([field]).quality_of("fr"), Some(1000), "{field:?}");
        }
        assert_eq!(Ranges::read([&b"fr-CH;q=0"[..]]).quality_of("fr"), None);
        assert_eq!(
            Ranges::read([&b"FR-ch;q=0.4, fr-FR;q=0.2"[..]]).quality_of("FR"),
            Some(400)
        );
    }
}
