//! This crate's types beside actix-web's: conversions both ways between the validators of the same names, and
//! every public error a `std::error::Error`, so that each fits `Box<dyn Error>`, `anyhow` and `#[from]`.
#![cfg(feature = "actix")]

use std::error::Error;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use actix_web::http::StatusCode;
use actix_web::http::header::{self, Header, HeaderValue, IfNoneMatch};
use actix_web::test::TestRequest;
use etag_runtime::preconditions::{Condition, Decision, ListError};
use etag_runtime::validators::{InvalidEntityTag, InvalidHttpDate};
use etag_runtime::{EntityTag, HttpDate, Problem, Rejected};

// RFC 9110 §8.8.3: a tag keeps its weakness and opaque part across the conversions, both ways.
#[test]
fn rfc9110_8_8_3_entity_tags_convert_both_ways() {
    for tag in [EntityTag::strong("v7").unwrap(), EntityTag::weak("h-äx!").unwrap()] {
        let theirs = header::EntityTag::from(&tag);
        assert_eq!(theirs.weak, tag.is_weak());
        assert_eq!(theirs.tag(), tag.opaque());
        assert_eq!(theirs.to_string(), tag.to_string());
        assert_eq!(EntityTag::from(theirs), tag);
    }
}

// RFC 9110 §13.1.2: a tag actix parsed from If-None-Match can be handed to this crate and compared.
#[test]
fn rfc9110_13_1_2_a_tag_actix_parsed_converts() {
    let request = TestRequest::default()
        .insert_header((header::IF_NONE_MATCH, HeaderValue::from_static(r#"W/"a", "v7""#)))
        .to_http_request();
    let IfNoneMatch::Items(tags) = IfNoneMatch::parse(&request).unwrap() else {
        panic!("a list of tags");
    };
    let ours: Vec<EntityTag> = tags.into_iter().map(EntityTag::from).collect();
    assert_eq!(ours, [EntityTag::weak("a").unwrap(), EntityTag::strong("v7").unwrap()]);
}

// RFC 9110 §5.6.7: a date keeps its second across the conversions, both ways.
#[test]
fn rfc9110_5_6_7_dates_convert_both_ways() {
    let at = UNIX_EPOCH + Duration::from_secs(784_111_777);
    let ours = HttpDate::from(at);
    let theirs = header::HttpDate::from(ours);
    assert_eq!(theirs.to_string(), "Sun, 06 Nov 1994 08:49:37 GMT");
    assert_eq!(HttpDate::from(theirs), ours);
    assert_eq!(SystemTime::from(HttpDate::from(header::HttpDate::from(at))), at);
}

/// Whether `error` is a `std::error::Error` with a message.
fn describes(error: &dyn Error) -> String {
    error.to_string()
}

// RFC 9457 §3: every public error says what went wrong, as an error a caller can box or wrap.
#[test]
fn rfc9457_3_every_public_error_is_a_std_error() {
    let rejected = Rejected::try_from(Decision::PreconditionFailed(Condition::IfMatch)).unwrap();
    let not_rejected = Rejected::try_from(Decision::Proceed).unwrap_err();
    let errors: Vec<Box<dyn Error>> = vec![
        Box::new(EntityTag::strong("a b").unwrap_err()),
        Box::new("soon".parse::<HttpDate>().unwrap_err()),
        Box::new(ListError::StarNotAlone),
        Box::new(Problem::new(StatusCode::NOT_FOUND, "no article 8")),
        Box::new(rejected.clone()),
        Box::new(not_rejected),
    ];
    let messages: Vec<String> = errors.iter().map(|error| describes(error.as_ref())).collect();
    assert!(messages[0].contains("entity tag"), "{}", messages[0]);
    assert!(messages[1].contains("HTTP-date"), "{}", messages[1]);
    assert!(messages[2].contains("\"*\""), "{}", messages[2]);
    assert!(messages[3].contains("no article 8"), "{}", messages[3]);
    assert!(messages[4].contains("If-Match"), "{}", messages[4]);
    assert!(messages[5].contains("Proceed"), "{}", messages[5]);
    let _: fn(InvalidEntityTag) -> Box<dyn Error> = |error| Box::new(error);
    let _: fn(InvalidHttpDate) -> Box<dyn Error> = |error| Box::new(error);
}

// RFC 9110 §13.2.2 step 6: a decision to proceed stops nothing, so it makes no rejection; every other does,
// with its status.
#[test]
fn rfc9110_13_2_2_only_a_refusal_makes_a_rejection() {
    assert!(Rejected::try_from(Decision::Proceed).is_err());
    for (decision, status) in [
        (Decision::NotModified, 304),
        (Decision::PreconditionFailed(Condition::IfNoneMatch), 412),
        (Decision::Malformed(Condition::IfMatch, ListError::NotAnEntityTag), 400),
        (Decision::PreconditionRequired, 428),
    ] {
        let rejected = Rejected::try_from(decision).unwrap();
        assert_eq!(actix_web::ResponseError::status_code(&rejected), status);
        assert_eq!(rejected.decision(), decision);
        assert_eq!(rejected.current_etag(), None);
    }
}

// RFC 9110 §15.5.13: a rejection turns into the same problem+json through `?` into `Problem`, so reads and
// guarded writes can share one error type.
#[test]
fn rfc9110_15_5_13_a_rejection_becomes_its_problem() {
    fn guarded() -> Result<(), Problem> {
        Err(Rejected::try_from(Decision::PreconditionFailed(Condition::IfMatch)).unwrap())?
    }
    let problem = guarded().unwrap_err();
    assert_eq!(problem.status(), StatusCode::PRECONDITION_FAILED);
    assert!(problem.detail().contains("If-Match"));
}

// RFC 9110 §13.1.1: the 412 of a failed check knows the state that won, and whether the resource exists.
#[test]
fn rfc9110_13_1_1_a_failed_check_carries_the_current_validators() {
    use actix_web::FromRequest;
    use etag_runtime::Precondition;

    let request = TestRequest::put()
        .insert_header((header::IF_MATCH, HeaderValue::from_static("\"v1\"")))
        .to_http_request();
    let precondition = actix_web::rt::System::new()
        .block_on(Precondition::extract(&request))
        .unwrap();
    let current = EntityTag::strong("v2").unwrap();
    let at = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    let rejected = precondition
        .check_validators(true, Some(&current), Some(at))
        .unwrap_err();
    assert_eq!(rejected.decision(), Decision::PreconditionFailed(Condition::IfMatch));
    assert_eq!(rejected.current_etag(), Some(&current));
    assert_eq!(rejected.current_last_modified(), Some(at));
    assert!(rejected.resource_exists());
    let missing = precondition.check_validators(false, None, None).unwrap_err();
    assert!(!missing.resource_exists());
    assert_eq!(missing.current_etag(), None);
}
