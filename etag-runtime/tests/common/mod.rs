//! Helpers shared by the runtime's test files: a request's fields, the methods by name, an evaluation. They use
//! the core alone, so these tests run without the `actix` feature.
#![allow(dead_code, reason = "each test file uses a different part")]

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use etag_runtime::EntityTag;
use etag_runtime::preconditions::{Condition, ConditionalHeaders, Decision, MethodKind, Policy, Resource};

/// A request method by its name, as the tests write them (`Method::PUT`); the evaluator sees its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Method(&'static str);

impl Method {
    pub const GET: Method = Method("GET");
    pub const HEAD: Method = Method("HEAD");
    pub const POST: Method = Method("POST");
    pub const PUT: Method = Method("PUT");
    pub const PATCH: Method = Method("PATCH");
    pub const DELETE: Method = Method("DELETE");
    pub const OPTIONS: Method = Method("OPTIONS");
    pub const CONNECT: Method = Method("CONNECT");
    pub const TRACE: Method = Method("TRACE");
}

impl From<&Method> for MethodKind {
    fn from(method: &Method) -> Self {
        MethodKind::from_name(method.0)
    }
}

impl From<Method> for MethodKind {
    fn from(method: Method) -> Self {
        MethodKind::from_name(method.0)
    }
}

/// The request's preconditions from `(name, raw value)` pairs; a name given twice gives two lines of one field.
/// Other fields are left out, as a server's adapter leaves them.
pub fn fields<'h>(lines: &[(&str, &'h [u8])]) -> ConditionalHeaders<'h> {
    ConditionalHeaders::from_fields(
        lines
            .iter()
            .filter_map(|(name, value)| Some((Condition::from_name(name)?, *value))),
    )
}

pub fn strong(opaque: &str) -> EntityTag {
    EntityTag::strong(opaque).expect("valid test tag")
}

pub fn weak(opaque: &str) -> EntityTag {
    EntityTag::weak(opaque).expect("valid test tag")
}

/// 2001-09-09T01:46:40Z plus `offset` seconds: a round, well-known instant to build dates around.
pub fn at(offset: i64) -> SystemTime {
    let base = UNIX_EPOCH + Duration::from_secs(1_000_000_000);
    if offset >= 0 {
        base + Duration::from_secs(offset as u64)
    } else {
        base - Duration::from_secs(offset.unsigned_abs())
    }
}

/// The IMF-fixdate of [`at`]`(offset)`, leaked so that tests can put it in a `&[(&str, &[u8])]` literal.
pub fn date(offset: i64) -> &'static str {
    etag_runtime::HttpDate::from(at(offset)).to_string().leak()
}

/// The codings the evaluator is told this server can send, as the actix layer tells it in a gzip build.
pub const CODINGS: &[&str] = &["gzip"];

/// Evaluates the request fields against a resource that exists with `etag` and `last_modified`.
pub fn decide(
    method: Method,
    lines: &[(&str, &[u8])],
    etag: Option<&EntityTag>,
    last_modified: Option<SystemTime>,
) -> Decision {
    let resource = Resource::current(etag, last_modified).with_codings(CODINGS);
    fields(lines).evaluate(method, &resource)
}

/// Evaluates the request fields against a resource with no current representation.
pub fn decide_missing(method: Method, lines: &[(&str, &[u8])]) -> Decision {
    fields(lines).evaluate(method, &Resource::missing().with_codings(CODINGS))
}

/// Evaluates with a policy, against an existing resource tagged `"v1"`.
pub fn decide_with(method: Method, lines: &[(&str, &[u8])], policy: Policy) -> Decision {
    let current = strong("v1");
    let resource = Resource::current(Some(&current), None).with_codings(CODINGS);
    fields(lines).evaluate_with(method, &resource, policy)
}
