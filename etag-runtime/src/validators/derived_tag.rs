//! The entity tag `#[derive(ETag)]` builds from a model's `#[etag]` fields.
//!
//! Each field's `Display` text is written with every byte that is not plainly safe in a tag escaped as `%XX`
//! (its hex value), and the fields are joined with `.`, after the struct's prefix if it has one:
//! `#[etag] id: 7, #[etag] name: "a b"` gives `"7.a%20b"`. Escaped are `%` and `.` themselves (so that the
//! encoding can be undone, and different field values, or tuples of them, never give the same tag), `"`,
//! which cannot appear in a tag, `+`, which starts a content-coding suffix (`"v3+gzip"`), `,`, which naive list
//! parsers split on, and everything outside visible ASCII: spaces, controls and every byte of a non-ASCII
//! character. Any value thus gives a valid tag, and building one never panics.
//!
//! After the fields comes the model's shape (`+s.` and a digest of the struct's definition, see [`ModelShape`]),
//! unless the model opted out: `"v7+s.1f2e3d4c"`. The state the tag names is the text before it
//! (`tag_grammar.rs`).
//!
//! One allocation per tag. A tag of up to 64 bytes, nearly all of them, is written once into a buffer on the
//! stack and copied into the tag's own text, of its size; a longer one is counted in a first pass and written
//! into a text of that size in a second.

use std::fmt::{self, Display, Write};
use std::time::SystemTime;

use super::entity_tag::EntityTag;
use super::escaping::{Counter, EscapedWrite, Escaper, ShortBuffer, Sink};
use super::tag_grammar::FacetKind;

/// The tag of `parts` after `prefix`, then the model's `shape` facet unless it is empty. The derive checks that
/// `prefix` needs no escaping, so it is copied in one piece; it still goes through the escaper, because this
/// function is public (`__private`) and a tag must hold only `etagc` whoever calls it. `shape` is the derive's own
/// hex digest.
pub fn derived_tag(weak: bool, prefix: &'static str, parts: &[&dyn Display], shape: &'static str) -> EntityTag {
    let mut short = ShortBuffer::default();
    let _ = Escaper(&mut short).write_str(prefix);
    write_parts(&mut Escaper(&mut short), parts);
    write_shape(&mut short, shape);
    match short.as_str() {
        Some(text) => EntityTag::from_valid(weak, text),
        None => written_in_two_passes(weak, prefix, parts, shape),
    }
}

fn written_in_two_passes(weak: bool, prefix: &'static str, parts: &[&dyn Display], shape: &'static str) -> EntityTag {
    let mut counter = Counter(0);
    let _ = counter.write_str(prefix);
    write_parts(&mut counter, parts);
    let shape_length = if shape.is_empty() {
        0
    } else {
        SHAPE_MARK.len() + shape.len()
    };
    EntityTag::written(weak, counter.0 + shape_length, |field| {
        let _ = Escaper(&mut *field).write_str(prefix);
        write_parts(&mut Escaper(&mut *field), parts);
        write_shape(field, shape);
    })
}

/// What starts the shape facet, from the grammar's one table of kinds (`tag_grammar.rs`).
const SHAPE_MARK: &str = FacetKind::Shape.mark();

/// The shape facet, when there is one. The digest is the derive's hex, so it is written as it is; anything else
/// would be a caller of `__private` breaking the grammar, and is escaped like a field.
fn write_shape(out: &mut impl Sink, shape: &str) {
    if shape.is_empty() {
        return;
    }
    out.push_str(SHAPE_MARK);
    let _ = Escaper(out).write_str(shape);
}

/// What a derived model's shape digest is: 8 hex digits of a hash of the struct's definition, as written.
///
/// `#[derive(ETag)]` provides it and puts it into every tag the model makes, so that a build that changes the
/// model (a field added, renamed or of another type, a serde attribute changed) changes its tags, and clients and
/// caches fetch the new body instead of revalidating the old one. A stamp (`#[etag(stands_for = User)]`) takes the
/// digest of the model it stands for. An empty digest means the model opted out (`#[etag(shape = false)]`).
///
/// The digest is a walk of the parsed definition: the struct's name and generics, each field's name and type,
/// and the `serde` attributes of the struct and its fields. Spacing, comments and doc comments do not count, and
/// nothing of the machine, the toolchain or the build path does: the same source gives the same tag everywhere.
/// What the walk cannot see is listed in the guide on representations (`crate::guide::representations`).
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no shape digest: it does not derive `ETag`",
    label = "a stamp stands for a model that derives `ETag`",
    note = "derive `ETag` on `{Self}`, or give the stamp its own shape by leaving out `stands_for`"
)]
pub trait ModelShape {
    /// The digest, or `""` for a model that opted out.
    const SHAPE: &'static str;
}

fn write_parts(out: &mut impl EscapedWrite, parts: &[&dyn Display]) {
    for (index, part) in parts.iter().enumerate() {
        if index > 0 {
            out.separator();
        }
        // Writing into a String or a counter cannot fail; a `Display` impl that fails only shortens its part.
        let _ = write!(out, "{part}");
    }
}

/// The types an `#[etag]` field may have: any `Display` type, whose text goes into the tag.
#[diagnostic::on_unimplemented(
    message = "an #[etag] field is written into the tag with `Display`, which `{Self}` does not implement",
    label = "this field's type",
    note = "mark a field whose text changes with the state, such as a version number or an update counter",
    note = "or implement `Display` for the type, or implement `ETag::etag` by hand for a tag of another shape"
)]
pub trait TagField: fmt::Display {}

impl<T: fmt::Display + ?Sized> TagField for T {}

/// An `#[etag]` field as the text the derived tag writes.
pub fn tag_part<T: TagField>(value: &T) -> &dyn fmt::Display {
    value
}

/// The types `#[last_modified]` accepts.
#[diagnostic::on_unimplemented(
    message = "#[last_modified] goes on a field of type `SystemTime` or `Option<SystemTime>`, not `{Self}`",
    label = "this field's type",
    note = "convert the field to `std::time::SystemTime`, or implement `ETag::last_modified` by hand"
)]
pub trait LastModifiedField {
    /// The field's value as a modification time.
    fn last_modified(&self) -> Option<SystemTime>;
}

impl LastModifiedField for SystemTime {
    fn last_modified(&self) -> Option<SystemTime> {
        Some(*self)
    }
}

impl LastModifiedField for Option<SystemTime> {
    fn last_modified(&self) -> Option<SystemTime> {
        *self
    }
}

#[cfg(test)]
mod tests {
    use super::derived_tag;

    // RFC 9110 §8.8.3: whatever the values, the opaque part holds only etagc, and escaping is exact.
    #[test]
    fn rfc9110_8_8_3_escapes_to_etagc() {
        let tag = derived_tag(false, "v", &[&7, &"a b\"c%d.e+f,g", &"é"], "");
        assert_eq!(tag.opaque(), "v7.a%20b%22c%25d%2Ee%2Bf%2Cg.%C3%A9");
        assert!(!tag.is_weak());
        assert!(derived_tag(true, "", &[&-1], "").is_weak());
        assert_eq!(derived_tag(true, "", &[&-1], "").opaque(), "-1");
    }

    // RFC 9110 §8.8.3: a prefix the derive would refuse is escaped too, on both paths, so no caller can put a CR,
    // LF or quote in a tag (its header value is not validated again).
    #[test]
    fn rfc9110_8_8_3_prefix_is_escaped_when_it_must_be() {
        assert_eq!(derived_tag(false, "a\r\nb\"", &[&1], "").opaque(), "a%0D%0Ab%221");
        let long = "x".repeat(70);
        assert_eq!(derived_tag(false, "a\n", &[&long], "").opaque(), format!("a%0A{long}"));
        assert_eq!(derived_tag(false, "items-v1-n", &[&7], "").opaque(), "items-v1-n7");
    }

    // A tag longer than the stack buffer takes the two-pass path, with the same text.
    #[test]
    fn long_tags_are_written_whole() {
        let long = "é".repeat(40);
        let tag = derived_tag(false, "p", &[&long, &1], "");
        assert_eq!(tag.opaque(), format!("p{}.1", "%C3%A9".repeat(40)));
        let exactly_64 = "x".repeat(63);
        assert_eq!(derived_tag(false, "p", &[&exactly_64], "").opaque().len(), 64);
    }

    // RFC 9110 §8.8.3: the shape comes after the fields on both paths, and is a facet the state parse takes off.
    #[test]
    fn rfc9110_8_8_3_shape_follows_the_fields() {
        let short = derived_tag(false, "v", &[&7], "1f2e3d4c");
        assert_eq!(short.opaque(), "v7+s.1f2e3d4c");
        let long = "x".repeat(70);
        assert_eq!(
            derived_tag(true, "v", &[&long], "1f2e3d4c").opaque(),
            format!("v{long}+s.1f2e3d4c")
        );
        let state = short.as_ref().state(&[]);
        assert_eq!(state.opaque, b"v7");
        assert_eq!(derived_tag(false, "v", &[&7], "a+b\n").opaque(), "v7+s.a%2Bb%0A");
    }

    // One allocation on the long path: the counting pass predicts exactly what the writing pass writes.
    #[test]
    fn counted_length_is_written_length() {
        use super::{Counter, Escaper, write_parts};
        let inputs: [&[&dyn std::fmt::Display]; 3] = [&[&u64::MAX, &"\u{1f600} and \t"], &[&""], &[&1.5, &'%', &"..."]];
        for parts in inputs {
            let mut counter = Counter(0);
            write_parts(&mut counter, parts);
            let mut written = String::new();
            write_parts(&mut Escaper(&mut written), parts);
            assert_eq!(counter.0, written.len(), "{written}");
        }
    }
}
