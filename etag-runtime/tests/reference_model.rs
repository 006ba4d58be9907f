//! Property tests: the evaluator against a plain reference model written from the text of RFC 9110 §13.1 and
//! §13.2.2, over random methods, resource states and request fields, spread over random header layouts.

#![allow(
    clippy::collapsible_if,
    reason = "the model mirrors the RFC sentence by sentence, one if per sentence"
)]

mod common;

use common::{Method, fields};
use etag_runtime::preconditions::{Condition, Decision, Resource};
use etag_runtime::{EntityTag, HttpDate};
use proptest::prelude::*;

#[derive(Debug, Clone)]
struct Tag {
    weak: bool,
    opaque: &'static str,
}

#[derive(Debug, Clone)]
enum TagField {
    Star,
    Tags(Vec<Tag>),
    Garbage(&'static str),
}

#[derive(Debug, Clone)]
enum DateField {
    Valid(i64),
    Invalid,
}

#[derive(Debug, Clone)]
struct Request {
    method: Method,
    if_match: Option<TagField>,
    if_none_match: Option<TagField>,
    if_modified_since: Option<DateField>,
    if_unmodified_since: Option<DateField>,
}

#[derive(Debug, Clone)]
struct State {
    exists: bool,
    etag: Option<Tag>,
    last_modified: Option<i64>,
}

const BASE: i64 = 1_700_000_000;

fn tag() -> impl Strategy<Value = Tag> {
    (any::<bool>(), prop::sample::select(vec!["a", "b", "a,b", "", "é"]))
        .prop_map(|(weak, opaque)| Tag { weak, opaque })
}

fn tag_field() -> impl Strategy<Value = TagField> {
    prop_oneof![
        1 => Just(TagField::Star),
        4 => prop::collection::vec(tag(), 0..4).prop_map(TagField::Tags),
        1 => prop::sample::select(vec!["a", "w/\"a\"", "\"a\" \"b\"", "*, \"a\"", "\"a", "\"a b\""]).prop_map(TagField::Garbage),
    ]
}

fn date_field() -> impl Strategy<Value = DateField> {
    prop_oneof![4 => (-2i64..=2).prop_map(|d| DateField::Valid(BASE + d)), 1 => Just(DateField::Invalid)]
}

fn request() -> impl Strategy<Value = Request> {
    let methods = vec![
        Method::GET,
        Method::HEAD,
        Method::PUT,
        Method::POST,
        Method::DELETE,
        Method::PATCH,
        Method::OPTIONS,
    ];
    (
        prop::sample::select(methods),
        prop::option::of(tag_field()),
        prop::option::of(tag_field()),
        prop::option::of(date_field()),
        prop::option::of(date_field()),
    )
        .prop_map(
            |(method, if_match, if_none_match, if_modified_since, if_unmodified_since)| Request {
                method,
                if_match,
                if_none_match,
                if_modified_since,
                if_unmodified_since,
            },
        )
}

fn state() -> impl Strategy<Value = State> {
    (any::<bool>(), prop::option::of(tag()), prop::option::of(-2i64..=2)).prop_map(|(exists, etag, lm)| State {
        exists,
        etag: etag.filter(|_| exists),
        last_modified: lm.map(|d| BASE + d).filter(|_| exists),
    })
}

/// Renders a tag list into one or more header lines, with random whitespace and empty elements.
fn render_list(field: &TagField, layout: &[u8]) -> Vec<String> {
    let elements: Vec<String> = match field {
        TagField::Star => return vec![" * ".into()],
        TagField::Garbage(text) => return vec![(*text).into()],
        TagField::Tags(tags) => tags
            .iter()
            .map(|t| format!("{}\"{}\"", if t.weak { "W/" } else { "" }, t.opaque))
            .collect(),
    };
    let mut lines = vec![String::new()];
    for (i, element) in elements.iter().enumerate() {
        let style = layout.get(i).copied().unwrap_or(0);
        if style % 3 == 0 && !lines.last().unwrap().is_empty() {
            lines.push(String::new());
        }
        let line = lines.last_mut().unwrap();
        let separator = [",", ", ", ",\t", " ,, "][usize::from(style % 4)];
        if !line.is_empty() {
            line.push_str(separator);
        }
        line.push_str(element);
    }
    lines
}

fn render(request: &Request, layout: &[u8]) -> Vec<(&'static str, String)> {
    let mut headers = Vec::new();
    let mut put = |name: &'static str, value: String| headers.push((name, value));
    for (name, field) in [
        ("if-match", &request.if_match),
        ("if-none-match", &request.if_none_match),
    ] {
        for line in field.iter().flat_map(|f| render_list(f, layout)) {
            put(name, line);
        }
    }
    for (name, field) in [
        ("if-modified-since", &request.if_modified_since),
        ("if-unmodified-since", &request.if_unmodified_since),
    ] {
        match field {
            Some(DateField::Valid(seconds)) => put(name, HttpDate::from_unix_seconds(*seconds).to_string()),
            Some(DateField::Invalid) => put(name, "not a date".into()),
            None => {}
        }
    }
    headers
}

// ---- The reference model: the RFC's sentences, one by one, with no sharing of code with the crate. ----

fn strong_match(a: &Tag, b: &Tag) -> bool {
    !a.weak && !b.weak && a.opaque == b.opaque
}

fn weak_match(a: &Tag, b: &Tag) -> bool {
    a.opaque == b.opaque
}

/// §13.1.1. `None` means the field is malformed.
fn if_match_true(field: &TagField, state: &State) -> Option<bool> {
    match field {
        TagField::Garbage(_) => None,
        TagField::Star => Some(state.exists),
        TagField::Tags(tags) => Some(
            state.exists
                && state
                    .etag
                    .as_ref()
                    .is_some_and(|cur| tags.iter().any(|t| strong_match(t, cur))),
        ),
    }
}

/// §13.1.2. `None` means the field is malformed.
fn if_none_match_true(field: &TagField, state: &State) -> Option<bool> {
    match field {
        TagField::Garbage(_) => None,
        TagField::Star => Some(!state.exists),
        TagField::Tags(tags) => Some(
            !(state.exists
                && state
                    .etag
                    .as_ref()
                    .is_some_and(|cur| tags.iter().any(|t| weak_match(t, cur)))),
        ),
    }
}

fn reference(request: &Request, state: &State) -> Decision {
    let get_or_head = request.method == Method::GET || request.method == Method::HEAD;
    if request.method == Method::OPTIONS {
        return Decision::Proceed; // §13.2.1
    }
    // Step 1.
    if let Some(field) = &request.if_match {
        match if_match_true(field, state) {
            None => return Decision::Malformed(Condition::IfMatch, malformed_kind(field)),
            Some(false) => return Decision::PreconditionFailed(Condition::IfMatch),
            Some(true) => {}
        }
    } else if let Some(DateField::Valid(date)) = request.if_unmodified_since {
        // Step 2, with §13.1.4's "ignore without a modification date".
        if let Some(last_modified) = state.last_modified {
            if last_modified > date {
                return Decision::PreconditionFailed(Condition::IfUnmodifiedSince);
            }
        }
    }
    // Step 3.
    if let Some(field) = &request.if_none_match {
        match if_none_match_true(field, state) {
            None if get_or_head => return Decision::Proceed,
            None => return Decision::Malformed(Condition::IfNoneMatch, malformed_kind(field)),
            Some(false) if get_or_head => return Decision::NotModified,
            Some(false) => return Decision::PreconditionFailed(Condition::IfNoneMatch),
            Some(true) => return Decision::Proceed,
        }
    }
    // Step 4.
    if get_or_head {
        if let (Some(DateField::Valid(date)), Some(last_modified)) = (&request.if_modified_since, state.last_modified) {
            if last_modified <= *date {
                return Decision::NotModified;
            }
        }
    }
    Decision::Proceed
}

fn malformed_kind(field: &TagField) -> etag_runtime::preconditions::ListError {
    use etag_runtime::preconditions::ListError::*;
    match field {
        TagField::Garbage("*, \"a\"") => StarNotAlone,
        TagField::Garbage("\"a") | TagField::Garbage("\"a b\"") => BadTagCharacter,
        _ => NotAnEntityTag,
    }
}

fn evaluate(request: &Request, state: &State, layout: &[u8]) -> Decision {
    let headers = render(request, layout);
    let etag = state.etag.as_ref().map(|t| {
        if t.weak {
            EntityTag::weak(t.opaque)
        } else {
            EntityTag::strong(t.opaque)
        }
        .unwrap()
    });
    let last_modified = state.last_modified.map(|s| HttpDate::from_unix_seconds(s).into());
    let resource = if state.exists {
        Resource::current(etag.as_ref(), last_modified)
    } else {
        Resource::missing()
    };
    let lines: Vec<(&str, &[u8])> = headers.iter().map(|(name, value)| (*name, value.as_bytes())).collect();
    fields(&lines).evaluate(request.method, &resource)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    // RFC 9110 §13.2.2 (all steps), §13.1.1-§13.1.4, §13.2.1, §5.3 and §5.6.1.2: the evaluator agrees with the
    // reference model on every generated request, whatever the layout of its header lines.
    #[test]
    fn rfc9110_13_2_2_evaluator_agrees_with_reference(request in request(), state in state(), layout in prop::collection::vec(any::<u8>(), 4)) {
        prop_assert_eq!(evaluate(&request, &state, &layout), reference(&request, &state));
    }
}
