//! If-Match and If-None-Match field values: `"*" / #entity-tag`, read as RFC 9110 §5.6.1 and §5.3 say.

mod common;

use common::{Method, decide, strong, weak};
use etag_runtime::preconditions::{Condition, Decision, ListError};

/// GET with one If-None-Match line against a resource tagged `current`.
fn get_with(if_none_match: &[u8], current: &etag_runtime::EntityTag) -> Decision {
    decide(Method::GET, &[("if-none-match", if_none_match)], Some(current), None)
}

/// PUT with one If-Match line against a resource tagged `current`.
fn put_with(if_match: &[u8], current: &etag_runtime::EntityTag) -> Decision {
    decide(Method::PUT, &[("if-match", if_match)], Some(current), None)
}

// RFC 9110 §8.8.3: a comma inside quotes belongs to the tag, so "a,b" is one tag, not "a and b".
#[test]
fn rfc9110_8_8_3_comma_inside_quotes_is_part_of_the_tag() {
    assert_eq!(get_with(br#""a,b""#, &strong("a,b")), Decision::NotModified);
    assert_eq!(get_with(br#""a,b""#, &strong("a")), Decision::Proceed);
    assert_eq!(
        put_with(br#""a,b""#, &strong("b")),
        Decision::PreconditionFailed(Condition::IfMatch)
    );
}

// RFC 9110 §5.6.1.2: a recipient accepts empty list elements and optional whitespace, tabs included.
#[test]
fn rfc9110_5_6_1_2_empty_elements_and_whitespace() {
    let current = strong("c");
    for list in [&b",\t\"a\" ,, \"c\" , "[..], b"\t\"c\"\t", b", , \"c\"", b"\"a\",\"c\""] {
        assert_eq!(
            get_with(list, &current),
            Decision::NotModified,
            "{}",
            String::from_utf8_lossy(list)
        );
    }
}

// RFC 9110 §5.3: several lines of If-None-Match form one list.
#[test]
fn rfc9110_5_3_lines_combine_into_one_list() {
    let current = strong("second");
    let fields: &[(&str, &[u8])] = &[("if-none-match", br#""first""#), ("if-none-match", br#""second""#)];
    assert_eq!(decide(Method::GET, fields, Some(&current), None), Decision::NotModified);
}

// RFC 9110 §5.3: a malformed line spoils the whole combined field, even if another line matches.
#[test]
fn rfc9110_5_3_a_bad_line_spoils_the_field() {
    let current = strong("v1");
    let fields: &[(&str, &[u8])] = &[("if-match", br#""v1""#), ("if-match", b"v1")];
    let decision = decide(Method::PUT, fields, Some(&current), None);
    assert_eq!(
        decision,
        Decision::Malformed(Condition::IfMatch, ListError::NotAnEntityTag)
    );
}

// RFC 9110 §8.8.3: "W/" is case-sensitive; "w/" is not a weak indicator, so the list is malformed.
#[test]
fn rfc9110_8_8_3_lowercase_weak_prefix_is_malformed() {
    let decision = put_with(br#"w/"v1""#, &strong("v1"));
    assert_eq!(
        decision,
        Decision::Malformed(Condition::IfMatch, ListError::NotAnEntityTag)
    );
}

// RFC 9110 §8.8.3: an unquoted tag is not an entity tag.
#[test]
fn rfc9110_8_8_3_unquoted_tag_is_malformed() {
    assert_eq!(
        put_with(b"v1", &strong("v1")),
        Decision::Malformed(Condition::IfMatch, ListError::NotAnEntityTag)
    );
}

// RFC 9110 §8.8.3: a tag that never closes its quote is malformed.
#[test]
fn rfc9110_8_8_3_unterminated_quote_is_malformed() {
    let decision = put_with(br#""v1, "v2""#, &strong("v1"));
    assert_eq!(
        decision,
        Decision::Malformed(Condition::IfMatch, ListError::BadTagCharacter)
    );
}

// RFC 9110 §8.8.3: a space inside quotes is outside etagc.
#[test]
fn rfc9110_8_8_3_space_inside_tag_is_malformed() {
    let decision = put_with(br#""v 1""#, &strong("v1"));
    assert_eq!(
        decision,
        Decision::Malformed(Condition::IfMatch, ListError::BadTagCharacter)
    );
}

// RFC 9110 §8.8.3: two tags with no comma between them are malformed.
#[test]
fn rfc9110_5_6_1_missing_comma_is_malformed() {
    let decision = put_with(br#""v1" "v2""#, &strong("v1"));
    assert_eq!(
        decision,
        Decision::Malformed(Condition::IfMatch, ListError::NotAnEntityTag)
    );
}

// RFC 9110 §8.8.3: obs-text bytes (0x80-0xFF) are etagc and compare byte for byte.
#[test]
fn rfc9110_8_8_3_obs_text_bytes_match() {
    assert_eq!(get_with("\"é\"".as_bytes(), &strong("é")), Decision::NotModified);
    assert_eq!(get_with(b"\"\xff\"", &strong("é")), Decision::Proceed);
}

// RFC 9110 §13.1.1: "*" is the whole field value; "*" inside a list is malformed.
#[test]
fn rfc9110_13_1_1_star_with_tags_is_malformed() {
    let decision = put_with(br#"*, "v1""#, &strong("v1"));
    assert_eq!(
        decision,
        Decision::Malformed(Condition::IfMatch, ListError::StarNotAlone)
    );
    let fields: &[(&str, &[u8])] = &[("if-match", b"*"), ("if-match", b"*")];
    let decision = decide(Method::PUT, fields, Some(&strong("v1")), None);
    assert_eq!(
        decision,
        Decision::Malformed(Condition::IfMatch, ListError::StarNotAlone)
    );
}

// RFC 9110 §13.1.1: "*" may be surrounded by whitespace.
#[test]
fn rfc9110_13_1_1_star_with_whitespace() {
    assert_eq!(put_with(b" * ", &strong("v1")), Decision::Proceed);
}

// RFC 9110 §5.6.1.2: an empty If-Match list names no tag, so it matches nothing and the write fails.
#[test]
fn rfc9110_13_1_1_empty_if_match_list_fails() {
    assert_eq!(
        put_with(b"", &strong("v1")),
        Decision::PreconditionFailed(Condition::IfMatch)
    );
    assert_eq!(
        put_with(b" , ", &strong("v1")),
        Decision::PreconditionFailed(Condition::IfMatch)
    );
}

// RFC 9110 §13.1.2: an empty If-None-Match list names no tag, so its condition is true.
#[test]
fn rfc9110_13_1_2_empty_if_none_match_list_holds() {
    assert_eq!(get_with(b"", &strong("v1")), Decision::Proceed);
}

// RFC 9110 §13.1.2: If-None-Match compares weakly, so W/"v1" in the request matches "v1".
#[test]
fn rfc9110_13_1_2_weak_request_tag_matches_strong_current() {
    assert_eq!(get_with(br#"W/"v1""#, &strong("v1")), Decision::NotModified);
    assert_eq!(get_with(br#""v1""#, &weak("v1")), Decision::NotModified);
}

// RFC 9110 §13.1.1: If-Match compares strongly, so a weak tag on either side never matches (nginx #1570).
#[test]
fn rfc9110_13_1_1_weak_tags_never_satisfy_if_match() {
    let failed = Decision::PreconditionFailed(Condition::IfMatch);
    assert_eq!(put_with(br#"W/"v1""#, &strong("v1")), failed);
    assert_eq!(put_with(br#""v1""#, &weak("v1")), failed);
    assert_eq!(put_with(br#"W/"v1""#, &weak("v1")), failed);
}

// RFC 9110 §13.1.1: any one strong match in the list is enough.
#[test]
fn rfc9110_13_1_1_any_listed_tag_may_match() {
    assert_eq!(put_with(br#""v0", W/"v1", "v1""#, &strong("v1")), Decision::Proceed);
}

// RFC 9110 §13.1.2: a very long list is still evaluated, and a match at its end is found.
#[test]
fn rfc9110_13_1_2_long_list_matches_last_tag() {
    let mut list: Vec<u8> = (0..4000).flat_map(|i| format!("\"t{i}\", ").into_bytes()).collect();
    list.extend_from_slice(br#""last""#);
    assert!(list.len() > 30_000);
    assert_eq!(get_with(&list, &strong("last")), Decision::NotModified);
}
