//! Entity tags: construction, parsing, rendering and the comparison table of RFC 9110 §8.8.3.2.

mod common;

use common::{strong, weak};
use etag_runtime::EntityTag;

// RFC 9110 §8.8.3.2, table row 1: W/"1" and W/"1": no strong match, a weak match.
#[test]
fn rfc9110_8_8_3_2_weak_weak_same() {
    assert!(!weak("1").strong_eq(&weak("1")));
    assert!(weak("1").weak_eq(&weak("1")));
}

// RFC 9110 §8.8.3.2, table row 2: W/"1" and W/"2": neither.
#[test]
fn rfc9110_8_8_3_2_weak_weak_different() {
    assert!(!weak("1").strong_eq(&weak("2")));
    assert!(!weak("1").weak_eq(&weak("2")));
}

// RFC 9110 §8.8.3.2, table row 3: W/"1" and "1": no strong match, a weak match, in both orders.
#[test]
fn rfc9110_8_8_3_2_weak_strong_same() {
    assert!(!weak("1").strong_eq(&strong("1")));
    assert!(!strong("1").strong_eq(&weak("1")));
    assert!(weak("1").weak_eq(&strong("1")));
    assert!(strong("1").weak_eq(&weak("1")));
}

// RFC 9110 §8.8.3.2, table row 4: "1" and "1": both match.
#[test]
fn rfc9110_8_8_3_2_strong_strong_same() {
    assert!(strong("1").strong_eq(&strong("1")));
    assert!(strong("1").weak_eq(&strong("1")));
}

// RFC 9110 §8.8.3.2: two strong tags with different opaque parts match in neither way.
#[test]
fn rfc9110_8_8_3_2_strong_strong_different() {
    assert!(!strong("1").strong_eq(&strong("2")));
    assert!(!strong("1").weak_eq(&strong("2")));
}

// RFC 9110 §8.8.3: the quotes are part of the field, not of the opaque value; W/ marks weak.
#[test]
fn rfc9110_8_8_3_renders_quotes_and_weak_prefix() {
    assert_eq!(strong("xyzzy").to_string(), r#""xyzzy""#);
    assert_eq!(weak("xyzzy").to_string(), r#"W/"xyzzy""#);
    assert_eq!(strong("").to_string(), r#""""#);
}

// RFC 9110 §8.8.3: etagc excludes DQUOTE, space, controls and DEL; building from them is an error, not a panic.
#[test]
fn rfc9110_8_8_3_rejects_characters_outside_etagc() {
    for bad in ["a\"b", "a b", "tab\t", "nul\0", "del\x7f", "line\n"] {
        let error = EntityTag::strong(bad).expect_err(bad);
        assert_eq!(bad[error.offset..].chars().next(), Some(error.character));
        assert!(error.to_string().contains("RFC 9110 §8.8.3"));
    }
}

// RFC 9110 §8.8.3: obs-text (non-ASCII) and every visible ASCII character but DQUOTE are allowed, commas too.
#[test]
fn rfc9110_8_8_3_accepts_every_etagc_character() {
    let visible: String = (0x21u8..=0x7e).filter(|&b| b != b'"').map(char::from).collect();
    assert_eq!(strong(&visible).opaque(), visible);
    assert_eq!(strong("é,ü").opaque(), "é,ü");
}

// RFC 9110 §8.8.3: arbitrary bytes become a valid tag through URL-safe base64.
#[test]
fn rfc9110_8_8_3_from_bytes_always_valid() {
    let tag = EntityTag::from_bytes_strong(&[0, b'"', b' ', 0xff]);
    assert_eq!(tag.to_string(), r#""ACIg_w""#);
    assert!(EntityTag::from_bytes_weak(b"x").is_weak());
    assert!(EntityTag::parse(&tag.to_string()).is_ok());
}

// RFC 4648 §10 test vectors, unpadded, and the two URL-safe characters of §5: the encoding behind
// `from_bytes_*` (moved here from the hand-written encoder, now the `base64` crate's URL_SAFE_NO_PAD).
#[test]
fn rfc4648_vectors() {
    let cases = [
        ("", ""),
        ("f", "Zg"),
        ("fo", "Zm8"),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg"),
        ("fooba", "Zm9vYmE"),
    ];
    for (input, expected) in cases {
        assert_eq!(EntityTag::from_bytes_strong(input.as_bytes()).opaque(), expected);
    }
    assert_eq!(EntityTag::from_bytes_strong(&[0xfb, 0xff]).opaque(), "-_8");
}

// RFC 9110 §8.8.3: parsing an ETag field value gives back what rendering produced.
#[test]
fn rfc9110_8_8_3_parse_round_trips() {
    for tag in [strong("abc"), weak("abc"), strong(""), weak("a,b")] {
        assert_eq!(EntityTag::parse(&tag.to_string()), Ok(tag.clone()));
        assert_eq!(tag.to_string().parse::<EntityTag>(), Ok(tag));
    }
}

// RFC 9110 §8.8.3: the weak indicator is case-sensitive "W/", and the quotes are required.
#[test]
fn rfc9110_8_8_3_parse_rejects_malformed_fields() {
    for bad in [
        r#"w/"abc""#,
        "abc",
        r#""abc"#,
        r#"abc""#,
        r#"W/abc"#,
        r#""a"b""#,
        r#"W/ "a""#,
        "",
    ] {
        assert!(EntityTag::parse(bad).is_err(), "{bad:?} must not parse");
    }
}
