//! The evaluator: every step of RFC 9110 §13.2.2, the conditions of §13.1, and the exemptions of §13.2.1.

mod common;

use common::{Method, at, date, decide, decide_missing, decide_with, strong};
use etag_runtime::preconditions::{Condition, Decision, ListError, Policy};

const FAILED_MATCH: Decision = Decision::PreconditionFailed(Condition::IfMatch);
const FAILED_UNMODIFIED: Decision = Decision::PreconditionFailed(Condition::IfUnmodifiedSince);
const FAILED_NONE_MATCH: Decision = Decision::PreconditionFailed(Condition::IfNoneMatch);

// RFC 9110 §13.2.2 step 6: no preconditions, proceed.
#[test]
fn rfc9110_13_2_2_step6_no_preconditions_proceed() {
    for method in [
        Method::GET,
        Method::HEAD,
        Method::PUT,
        Method::POST,
        Method::DELETE,
        Method::PATCH,
    ] {
        assert_eq!(decide(method, &[], Some(&strong("v1")), Some(at(0))), Decision::Proceed);
    }
}

// RFC 9110 §13.2.2 step 1: If-Match true, go on.
#[test]
fn rfc9110_13_2_2_step1_if_match_true_proceeds() {
    assert_eq!(
        decide(Method::PUT, &[("if-match", br#""v1""#)], Some(&strong("v1")), None),
        Decision::Proceed
    );
}

// RFC 9110 §13.2.2 step 1: If-Match false, 412, whatever the method (GET included).
#[test]
fn rfc9110_13_2_2_step1_if_match_false_412() {
    for method in [
        Method::GET,
        Method::HEAD,
        Method::PUT,
        Method::DELETE,
        Method::PATCH,
        Method::POST,
    ] {
        assert_eq!(
            decide(method, &[("if-match", br#""v0""#)], Some(&strong("v1")), None),
            FAILED_MATCH
        );
    }
}

// RFC 9110 §13.2.2 step 1 then 3: If-Match true does not skip If-None-Match.
#[test]
fn rfc9110_13_2_2_step1_true_then_step3_evaluated() {
    let fields: &[(&str, &[u8])] = &[("if-match", br#""v1""#), ("if-none-match", br#""v1""#)];
    assert_eq!(
        decide(Method::PUT, fields, Some(&strong("v1")), None),
        FAILED_NONE_MATCH
    );
    assert_eq!(
        decide(Method::GET, fields, Some(&strong("v1")), None),
        Decision::NotModified
    );
}

// RFC 9110 §13.1.1: If-Match "*" holds when a current representation exists.
#[test]
fn rfc9110_13_1_1_star_true_when_representation_exists() {
    assert_eq!(
        decide(Method::PUT, &[("if-match", b"*")], None, None),
        Decision::Proceed
    );
}

// RFC 9110 §13.1.1: If-Match "*" fails when there is no current representation.
#[test]
fn rfc9110_13_1_1_star_false_when_missing() {
    assert_eq!(decide_missing(Method::PUT, &[("if-match", b"*")]), FAILED_MATCH);
}

// RFC 9110 §13.1.1: an If-Match list fails when there is no current representation.
#[test]
fn rfc9110_13_1_1_list_false_when_missing() {
    assert_eq!(decide_missing(Method::PUT, &[("if-match", br#""v1""#)]), FAILED_MATCH);
}

// RFC 9110 §13.1.1: an If-Match list fails when the representation exists but has no entity tag.
#[test]
fn rfc9110_13_1_1_list_false_without_current_etag() {
    assert_eq!(
        decide(Method::PUT, &[("if-match", br#""v1""#)], None, Some(at(0))),
        FAILED_MATCH
    );
}

// RFC 9110 §13.2.2 step 2: without If-Match, If-Unmodified-Since true proceeds.
#[test]
fn rfc9110_13_2_2_step2_if_unmodified_since_true_proceeds() {
    let fields: &[(&str, &[u8])] = &[("if-unmodified-since", date(0).as_bytes())];
    assert_eq!(decide(Method::PUT, fields, None, Some(at(0))), Decision::Proceed);
    assert_eq!(decide(Method::PUT, fields, None, Some(at(-60))), Decision::Proceed);
}

// RFC 9110 §13.2.2 step 2: If-Unmodified-Since false, 412.
#[test]
fn rfc9110_13_2_2_step2_if_unmodified_since_false_412() {
    let fields: &[(&str, &[u8])] = &[("if-unmodified-since", date(0).as_bytes())];
    assert_eq!(decide(Method::PUT, fields, None, Some(at(1))), FAILED_UNMODIFIED);
    assert_eq!(decide(Method::GET, fields, None, Some(at(1))), FAILED_UNMODIFIED);
}

// RFC 9110 §13.1.4: If-Unmodified-Since is ignored when If-Match is present.
#[test]
fn rfc9110_13_1_4_ignored_with_if_match() {
    let fields: &[(&str, &[u8])] = &[("if-match", br#""v1""#), ("if-unmodified-since", date(-100).as_bytes())];
    assert_eq!(
        decide(Method::PUT, fields, Some(&strong("v1")), Some(at(0))),
        Decision::Proceed
    );
}

// RFC 9110 §13.1.4: If-Unmodified-Since is ignored without a modification date (unlike Django's 412).
#[test]
fn rfc9110_13_1_4_ignored_without_last_modified() {
    let fields: &[(&str, &[u8])] = &[("if-unmodified-since", date(-100).as_bytes())];
    assert_eq!(
        decide(Method::PUT, fields, Some(&strong("v1")), None),
        Decision::Proceed
    );
    assert_eq!(decide_missing(Method::PUT, fields), Decision::Proceed);
}

// RFC 9110 §13.1.4: an invalid If-Unmodified-Since, or more than one, is ignored.
#[test]
fn rfc9110_13_1_4_invalid_or_repeated_is_ignored() {
    let invalid: &[(&str, &[u8])] = &[("if-unmodified-since", b"last tuesday")];
    assert_eq!(decide(Method::PUT, invalid, None, Some(at(0))), Decision::Proceed);
    let repeated: &[(&str, &[u8])] = &[
        ("if-unmodified-since", date(-100).as_bytes()),
        ("if-unmodified-since", date(-100).as_bytes()),
    ];
    assert_eq!(decide(Method::PUT, repeated, None, Some(at(0))), Decision::Proceed);
}

// RFC 9110 §5.6.7: Last-Modified is compared at one-second precision, so a sub-second part is not "later".
#[test]
fn rfc9110_5_6_7_subsecond_last_modified_is_not_later() {
    let last_modified = Some(at(0) + std::time::Duration::from_millis(900));
    let unmodified: &[(&str, &[u8])] = &[("if-unmodified-since", date(0).as_bytes())];
    assert_eq!(decide(Method::PUT, unmodified, None, last_modified), Decision::Proceed);
    let modified: &[(&str, &[u8])] = &[("if-modified-since", date(0).as_bytes())];
    assert_eq!(
        decide(Method::GET, modified, None, last_modified),
        Decision::NotModified
    );
}

// RFC 9110 §13.2.2 step 3: If-None-Match false on GET gives 304.
#[test]
fn rfc9110_13_2_2_step3_get_304() {
    assert_eq!(
        decide(Method::GET, &[("if-none-match", br#""v1""#)], Some(&strong("v1")), None),
        Decision::NotModified
    );
}

// RFC 9110 §13.2.2 step 3: If-None-Match false on HEAD gives 304.
#[test]
fn rfc9110_13_2_2_step3_head_304() {
    assert_eq!(
        decide(
            Method::HEAD,
            &[("if-none-match", br#""v1""#)],
            Some(&strong("v1")),
            None
        ),
        Decision::NotModified
    );
}

// RFC 9110 §13.2.2 step 3: If-None-Match false on any other method gives 412 (actix-files answers 304).
#[test]
fn rfc9110_13_2_2_step3_unsafe_methods_412() {
    for method in [Method::PUT, Method::POST, Method::PATCH, Method::DELETE] {
        assert_eq!(
            decide(method, &[("if-none-match", br#""v1""#)], Some(&strong("v1")), None),
            FAILED_NONE_MATCH
        );
    }
}

// RFC 9110 §13.2.2 step 3: If-None-Match true proceeds.
#[test]
fn rfc9110_13_2_2_step3_true_proceeds() {
    assert_eq!(
        decide(Method::GET, &[("if-none-match", br#""v0""#)], Some(&strong("v1")), None),
        Decision::Proceed
    );
    assert_eq!(
        decide(Method::PUT, &[("if-none-match", br#""v0""#)], Some(&strong("v1")), None),
        Decision::Proceed
    );
}

// RFC 9110 §13.1.2: If-None-Match "*" fails when a representation exists: 412 for a create-only PUT.
#[test]
fn rfc9110_13_1_2_star_false_when_exists() {
    assert_eq!(
        decide(Method::PUT, &[("if-none-match", b"*")], Some(&strong("v1")), None),
        FAILED_NONE_MATCH
    );
    assert_eq!(
        decide(Method::PUT, &[("if-none-match", b"*")], None, None),
        FAILED_NONE_MATCH
    );
    assert_eq!(
        decide(Method::GET, &[("if-none-match", b"*")], None, None),
        Decision::NotModified
    );
}

// RFC 9110 §13.1.2: If-None-Match "*" holds when there is no representation: the create goes ahead.
#[test]
fn rfc9110_13_1_2_star_true_when_missing() {
    assert_eq!(
        decide_missing(Method::PUT, &[("if-none-match", b"*")]),
        Decision::Proceed
    );
}

// RFC 9110 §13.1.2: an If-None-Match list holds when nothing current can match it.
#[test]
fn rfc9110_13_1_2_list_true_when_missing_or_untagged() {
    assert_eq!(
        decide_missing(Method::GET, &[("if-none-match", br#""v1""#)]),
        Decision::Proceed
    );
    assert_eq!(
        decide(Method::GET, &[("if-none-match", br#""v1""#)], None, Some(at(0))),
        Decision::Proceed
    );
}

// RFC 9110 §13.2.2 step 4: If-Modified-Since false on GET (not modified since) gives 304.
#[test]
fn rfc9110_13_2_2_step4_not_modified_since_304() {
    let fields: &[(&str, &[u8])] = &[("if-modified-since", date(0).as_bytes())];
    assert_eq!(decide(Method::GET, fields, None, Some(at(0))), Decision::NotModified);
    assert_eq!(decide(Method::HEAD, fields, None, Some(at(-5))), Decision::NotModified);
}

// RFC 9110 §13.2.2 step 4: modified after the date, proceed.
#[test]
fn rfc9110_13_2_2_step4_modified_since_proceeds() {
    let fields: &[(&str, &[u8])] = &[("if-modified-since", date(0).as_bytes())];
    assert_eq!(decide(Method::GET, fields, None, Some(at(1))), Decision::Proceed);
}

// RFC 9110 §13.1.3: If-Modified-Since is ignored when If-None-Match is present (actix-web issue 680, express issue 5916).
#[test]
fn rfc9110_13_1_3_ignored_with_if_none_match() {
    let fields: &[(&str, &[u8])] = &[
        ("if-none-match", br#""old""#),
        ("if-modified-since", date(0).as_bytes()),
    ];
    assert_eq!(
        decide(Method::GET, fields, Some(&strong("v1")), Some(at(0))),
        Decision::Proceed
    );
}

// RFC 9110 §13.1.3: If-Modified-Since is ignored for methods other than GET and HEAD.
#[test]
fn rfc9110_13_1_3_ignored_for_other_methods() {
    let fields: &[(&str, &[u8])] = &[("if-modified-since", date(0).as_bytes())];
    for method in [Method::PUT, Method::POST, Method::DELETE] {
        assert_eq!(decide(method, fields, None, Some(at(-10))), Decision::Proceed);
    }
}

// RFC 9110 §13.1.3: If-Modified-Since is ignored when invalid, repeated, or without a modification date.
#[test]
fn rfc9110_13_1_3_invalid_repeated_or_undated_is_ignored() {
    let invalid: &[(&str, &[u8])] = &[("if-modified-since", b"06 Nov 1994")];
    assert_eq!(decide(Method::GET, invalid, None, Some(at(-10))), Decision::Proceed);
    let repeated: &[(&str, &[u8])] = &[
        ("if-modified-since", date(0).as_bytes()),
        ("if-modified-since", date(0).as_bytes()),
    ];
    assert_eq!(decide(Method::GET, repeated, None, Some(at(-10))), Decision::Proceed);
    let valid: &[(&str, &[u8])] = &[("if-modified-since", date(0).as_bytes())];
    assert_eq!(decide(Method::GET, valid, Some(&strong("v1")), None), Decision::Proceed);
}

// RFC 9110 §5.6.7 with §13.1.3: the obsolete date forms work in preconditions too.
#[test]
fn rfc9110_13_1_3_obsolete_date_forms_accepted() {
    let last_modified = Some(std::time::UNIX_EPOCH + std::time::Duration::from_secs(784_111_777));
    for form in ["Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994"] {
        let fields: &[(&str, &[u8])] = &[("if-modified-since", form.as_bytes())];
        assert_eq!(
            decide(Method::GET, fields, None, last_modified),
            Decision::NotModified,
            "{form}"
        );
    }
}

// RFC 9110 §13.2.1: CONNECT, OPTIONS and TRACE ignore preconditions.
#[test]
fn rfc9110_13_2_1_connect_options_trace_ignore_preconditions() {
    let fields: &[(&str, &[u8])] = &[("if-match", br#""nope""#), ("if-none-match", b"*")];
    for method in [Method::CONNECT, Method::OPTIONS, Method::TRACE] {
        assert_eq!(decide(method, fields, Some(&strong("v1")), None), Decision::Proceed);
    }
}

// RFC 9110 §13.2.2: a malformed If-Match never lets a request through: 400 on writes and reads alike.
#[test]
fn rfc9110_13_2_2_malformed_if_match_is_400() {
    for method in [Method::PUT, Method::DELETE, Method::GET] {
        let decision = decide(method, &[("if-match", b"v1")], Some(&strong("v1")), None);
        assert_eq!(
            decision,
            Decision::Malformed(Condition::IfMatch, ListError::NotAnEntityTag)
        );
    }
}

// RFC 9110 §13.2.2 step 3: a malformed If-None-Match on a write is 400, never a write.
#[test]
fn rfc9110_13_2_2_malformed_if_none_match_on_write_is_400() {
    let decision = decide_missing(Method::PUT, &[("if-none-match", b"* \"x\"")]);
    assert!(
        matches!(decision, Decision::Malformed(Condition::IfNoneMatch, _)),
        "{decision:?}"
    );
}

// RFC 9110 §13.1.3: a malformed If-None-Match on GET gives the normal 200, and still disables If-Modified-Since.
#[test]
fn rfc9110_13_1_3_malformed_if_none_match_on_get_is_200() {
    let fields: &[(&str, &[u8])] = &[("if-none-match", b"v1"), ("if-modified-since", date(0).as_bytes())];
    assert_eq!(
        decide(Method::GET, fields, Some(&strong("v1")), Some(at(-10))),
        Decision::Proceed
    );
}

// RFC 6585 §3: with the opt-in policy, a write with no precondition gets 428.
#[test]
fn rfc6585_3_precondition_required_for_unconditional_writes() {
    let policy = Policy {
        require_precondition: true,
    };
    for method in [Method::PUT, Method::PATCH, Method::DELETE, Method::POST] {
        assert_eq!(decide_with(method, &[], policy), Decision::PreconditionRequired);
    }
    assert_eq!(decide_with(Method::GET, &[], policy), Decision::Proceed);
    assert_eq!(decide_with(Method::PUT, &[], Policy::default()), Decision::Proceed);
}

// RFC 6585 §3: any precondition that can guard a write satisfies the policy; an invalid date does not.
#[test]
fn rfc6585_3_any_write_guard_satisfies_the_policy() {
    let policy = Policy {
        require_precondition: true,
    };
    assert_eq!(
        decide_with(Method::PUT, &[("if-match", br#""v1""#)], policy),
        Decision::Proceed
    );
    assert_eq!(
        decide_with(Method::PUT, &[("if-none-match", br#""v0""#)], policy),
        Decision::Proceed
    );
    assert_eq!(
        decide_with(Method::PUT, &[("if-unmodified-since", date(0).as_bytes())], policy),
        Decision::Proceed
    );
    assert_eq!(
        decide_with(Method::PUT, &[("if-unmodified-since", b"soon")], policy),
        Decision::PreconditionRequired
    );
    assert_eq!(
        decide_with(Method::PUT, &[("if-modified-since", date(0).as_bytes())], policy),
        Decision::PreconditionRequired
    );
}

// RFC 6585 §3 with RFC 9110 §13.1.2: an If-None-Match that names no tag (empty, or only empty elements, which
// §5.6.1.2 allows) cannot stop a write, so it is no precondition: 428. An empty If-Match is one, and fails
// (§13.1.1: no listed tag matches).
#[test]
fn rfc6585_3_an_if_none_match_that_names_no_tag_is_no_precondition() {
    let policy = Policy {
        require_precondition: true,
    };
    for empty in [&b""[..], b",", b" , ,"] {
        assert_eq!(
            decide_with(Method::PUT, &[("if-none-match", empty)], policy),
            Decision::PreconditionRequired,
            "{empty:?}"
        );
        assert_eq!(
            decide_with(Method::PUT, &[("if-match", empty)], policy),
            FAILED_MATCH,
            "{empty:?}"
        );
    }
    // Without the policy the empty list stays what §5.6.1.2 makes it: a list of no tags, which holds.
    assert_eq!(
        decide_with(Method::PUT, &[("if-none-match", b",")], Policy::default()),
        Decision::Proceed
    );
}
