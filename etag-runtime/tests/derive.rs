//! `#[derive(ETag)]`: tags from fields, always valid, distinct for distinct values, and dates from a field.
//! `Record` leaves its shape out, so these tests see the fields' text alone; `tests/derive_shape.rs` has the rest.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use etag_runtime::validators::ModelShape;
use etag_runtime::{ETag, EntityTag};
use proptest::prelude::*;

#[derive(ETag)]
#[etag(shape = false)]
struct Record {
    #[etag]
    name: String,
    #[etag]
    version: i64,
    #[last_modified]
    updated_at: SystemTime,
    #[allow(dead_code, reason = "a field that is not part of the tag")]
    note: String,
}

#[derive(ETag)]
struct Draft {
    #[etag(weak)]
    text: &'static str,
    #[last_modified]
    saved_at: Option<SystemTime>,
}

fn record(name: &str, version: i64) -> Record {
    Record {
        name: name.to_owned(),
        version,
        updated_at: UNIX_EPOCH,
        note: String::new(),
    }
}

// RFC 9110 §8.8.3: the derived tag is strong unless asked, and parses back as the same entity-tag.
#[test]
fn rfc9110_8_8_3_derived_tag_is_a_valid_strong_tag() {
    let tag = record("Ada", 3).etag();
    assert!(!tag.is_weak());
    assert_eq!(tag.to_string(), r#""Ada.3""#);
    assert_eq!(EntityTag::parse(&tag.to_string()), Ok(tag));
}

// RFC 9110 §8.8.1: only the #[etag] fields make the tag; a change elsewhere keeps it.
#[test]
fn rfc9110_8_8_1_other_fields_do_not_change_the_tag() {
    let mut changed = record("Ada", 3);
    changed.note = "edited".into();
    changed.updated_at = UNIX_EPOCH + Duration::from_secs(60);
    assert_eq!(changed.etag(), record("Ada", 3).etag());
    assert_ne!(record("Ada", 4).etag(), record("Ada", 3).etag());
}

// RFC 9110 §8.8.3: quotes, spaces, commas, '+', '%', '.', controls and non-ASCII all give a valid tag.
#[test]
fn rfc9110_8_8_3_any_value_gives_a_valid_tag() {
    for name in [
        "\"quoted\"",
        "a b",
        "a,b",
        "v3+gzip",
        "100%",
        "1.2",
        "\u{7f}\t\n",
        "naïve ☃",
        "",
    ] {
        let tag = record(name, -1).etag();
        assert!(!tag.opaque().contains(['"', ' ', ',', '+']), "{tag}");
        assert!(tag.opaque().bytes().all(|b| b.is_ascii_graphic()), "{tag}");
        assert_eq!(EntityTag::parse(&tag.to_string()), Ok(tag.clone()), "{name:?}");
    }
}

// RFC 9110 §8.8.1 (weak validators) and §8.8.2: #[etag(weak)], and a date from an Option<SystemTime>.
#[test]
fn rfc9110_8_8_1_weak_tag_and_optional_date() {
    let at = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    let draft = Draft {
        text: "hello",
        saved_at: Some(at),
    };
    // The shape facet follows the fields in a weak tag too: a new definition is a new meaning (§8.8.1).
    assert_eq!(draft.etag().to_string(), format!(r#"W/"hello+s.{}""#, Draft::SHAPE));
    assert_eq!(draft.last_modified(), Some(at));
    assert_eq!(
        Draft {
            text: "",
            saved_at: None
        }
        .last_modified(),
        None
    );
    assert_eq!(record("Ada", 1).last_modified(), Some(UNIX_EPOCH));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    // RFC 9110 §8.8.3.2 (strong comparison is by opaque equality): two different field tuples never give the
    // same tag, whatever the strings hold, separators and escapes included.
    #[test]
    fn rfc9110_8_8_3_2_distinct_tuples_distinct_tags(
        a in ("[a-z.%+ \"é,]{0,6}", any::<i64>()),
        b in ("[a-z.%+ \"é,]{0,6}", any::<i64>()),
    ) {
        let (tag_a, tag_b) = (record(&a.0, a.1).etag(), record(&b.0, b.1).etag());
        prop_assert_eq!(a == b, tag_a == tag_b, "{:?} {:?} -> {} {}", a, b, tag_a, tag_b);
    }

    // The same with a name that may end in what looks like a separator and a number.
    #[test]
    fn rfc9110_8_8_3_2_no_collision_across_the_separator(name in "[a-z]{0,3}", version in 0i64..100) {
        let shifted = format!("{name}.{version}");
        prop_assert_ne!(record(&shifted, version).etag(), record(&name, version).etag());
        prop_assert_ne!(record(&shifted, 0).etag(), record(&name, version).etag());
    }
}
