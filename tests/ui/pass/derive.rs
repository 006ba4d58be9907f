//! `#[derive(ETag)]` on the struct shapes it accepts: named and tuple fields, generics with their own bounds, a
//! prefix, weak tags, optional dates, and names in scope that shadow what the derive expands to.
use std::fmt::Display;
use std::time::SystemTime;

use etag_runtime::ETag;
use etag_runtime::validators::ModelShape;

// Shadowing: the expansion must name none of these unqualified.
#[allow(dead_code)]
struct EntityTag;
#[allow(dead_code)]
struct Option;
#[allow(dead_code)]
mod core {}

#[derive(ETag)]
#[etag(prefix = "doc-")]
struct Named {
    #[etag]
    id: u64,
    #[etag(weak)]
    revision: String,
    #[last_modified]
    changed: ::core::option::Option<SystemTime>,
}

#[derive(ETag)]
struct Tuple(#[etag] u32, #[last_modified] SystemTime);

#[derive(ETag)]
struct Generic<V: Clone, W>
where
    W: Copy,
{
    #[etag]
    version: V,
    #[etag]
    other: W,
}

fn tag_of<T: ETag>(model: &T) -> String {
    model.etag().to_string()
}

fn show<V: Display + Clone, W: Display + Copy>(model: Generic<V, W>) -> String {
    tag_of(&model)
}

fn main() {
    let named = Named { id: 1, revision: "r 2".into(), changed: None };
    assert_eq!(tag_of(&named), format!(r#"W/"doc-1.r%202+s.{}""#, Named::SHAPE));
    assert_eq!(named.last_modified(), None);
    let tuple = Tuple(5, SystemTime::UNIX_EPOCH);
    assert_eq!(tag_of(&tuple), format!(r#""5+s.{}""#, Tuple::SHAPE));
    let generic = show(Generic { version: 3u8, other: 'x' });
    assert_eq!(generic, format!(r#""3.x+s.{}""#, Generic::<u8, char>::SHAPE));
}
