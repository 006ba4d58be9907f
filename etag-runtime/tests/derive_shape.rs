//! The model's shape in its tag: the same definition gives the same tag, a changed one another, a stamp the tag of
//! the model it stands for, and a write still sees one state across them (RFC 9110 §8.8.3, §13.1.1).

use etag_runtime::preconditions::{Condition, ConditionalHeaders, Decision, MethodKind, Resource};
use etag_runtime::validators::ModelShape;
use etag_runtime::{ETag, EntityTag};

/// A model as one build has it, with the stamp that stands for it.
mod before {
    use etag_runtime::ETag;

    #[derive(ETag)]
    #[etag(prefix = "v")]
    pub struct User {
        #[etag]
        pub version: i64,
        #[allow(dead_code, reason = "serialized in a real model; here only its definition counts")]
        pub name: String,
    }

    #[derive(ETag)]
    #[etag(prefix = "v", stands_for = User)]
    pub struct UserStamp {
        #[etag]
        pub version: i64,
    }
}

/// The same model after a release that added a field.
mod after {
    use etag_runtime::ETag;

    #[derive(ETag)]
    #[etag(prefix = "v")]
    pub struct User {
        #[etag]
        pub version: i64,
        #[allow(dead_code, reason = "serialized in a real model; here only its definition counts")]
        pub name: String,
        #[allow(dead_code, reason = "the added field")]
        pub email: String,
    }

    #[derive(ETag)]
    #[etag(prefix = "v", stands_for = User)]
    pub struct UserStamp {
        #[etag]
        pub version: i64,
    }
}

/// The definition of `before::User` again, in another module: another expansion of the same source.
mod same_source {
    use etag_runtime::ETag;

    #[derive(ETag)]
    #[etag(prefix = "v")]
    pub struct User {
        #[etag]
        pub version: i64,
        #[allow(dead_code, reason = "serialized in a real model; here only its definition counts")]
        pub name: String,
    }
}

#[derive(ETag)]
#[etag(prefix = "v", shape = false)]
struct Column {
    #[etag]
    version: i64,
}

#[derive(ETag)]
struct Page<T: std::fmt::Display> {
    #[etag]
    cursor: T,
}

fn before_user(version: i64) -> before::User {
    before::User {
        version,
        name: "Ada".into(),
    }
}

fn after_user(version: i64) -> after::User {
    after::User {
        version,
        name: "Ada".into(),
        email: "ada@example.com".into(),
    }
}

// RFC 9110 §8.8.3: a build that changes the model's definition changes its strong tags; the same definition,
// expanded again, gives the same tag.
#[test]
fn rfc9110_8_8_3_a_changed_model_changes_its_tag() {
    assert_ne!(before_user(3).etag(), after_user(3).etag());
    assert_eq!(
        before_user(3).etag(),
        same_source::User {
            version: 3,
            name: String::new()
        }
        .etag()
    );
    let tag = before_user(3).etag().to_string();
    assert_eq!(tag, format!(r#""v3+s.{}""#, before::User::SHAPE));
    assert_eq!(before::User::SHAPE.len(), 8);
}

// RFC 9110 §8.8.3: a stamp gives its model's tag, and follows the model when a field is added.
#[test]
fn rfc9110_8_8_3_a_stamp_gives_its_models_tag() {
    assert_eq!(before::UserStamp { version: 3 }.etag(), before_user(3).etag());
    assert_eq!(after::UserStamp { version: 3 }.etag(), after_user(3).etag());
    assert_ne!(
        before::UserStamp { version: 3 }.etag(),
        after::UserStamp { version: 3 }.etag()
    );
}

// A model that opts out keeps the column's value as its whole tag; generic models carry a shape too.
#[test]
fn opted_out_models_and_generic_models() {
    assert_eq!(Column { version: 3 }.etag().to_string(), r#""v3""#);
    assert!(Page { cursor: 9 }.etag().to_string().starts_with(r#""9+s."#));
}

// RFC 9110 §13.1.1 and §13.1.2: a write compares the state, so a client that read before the model changed can
// still write while the row is the same, and gets 412 once it changed.
#[test]
fn rfc9110_13_1_1_writes_compare_the_state_across_shapes() {
    let current = after_user(3).etag();
    let resource = Resource::current(Some(&current), None);
    let guarded = |tag: &EntityTag| {
        let value = tag.to_string();
        ConditionalHeaders::from_fields([(Condition::IfMatch, value.as_bytes())]).evaluate(MethodKind::Other, &resource)
    };
    assert_eq!(guarded(&before_user(3).etag()), Decision::Proceed);
    assert_eq!(
        guarded(&before_user(2).etag()),
        Decision::PreconditionFailed(Condition::IfMatch)
    );
    // A GET compares the whole tag: the old shape's copy is not the representation sent now (§13.1.2).
    let old = before_user(3).etag().to_string();
    let read = ConditionalHeaders::from_fields([(Condition::IfNoneMatch, old.as_bytes())]);
    assert_eq!(read.evaluate(MethodKind::GetOrHead, &resource), Decision::Proceed);
}
