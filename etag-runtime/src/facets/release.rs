//! The application's release, in every tag this crate makes from the application's validators.
//!
//! A model's tag follows its row, and a `Deferred` tag whatever the handler reads, so a deploy that changes what a
//! row is rendered to (a template, a serializer, a helper) would keep old tags validating new bodies. The release
//! facet (`+r.` and a digest of the release id) changes them all at once. It goes into model and `Deferred` tags,
//! not into hashed ones, which follow the bytes already, nor into tags a handler sets itself, which are the
//! handler's to make; and not into `ETag::etag`, which stays a pure function of the model. Writes compare the
//! state, not the release (`validators/tag_grammar.rs`), so a client that read from the previous release can
//! still write while the row is unchanged.

use std::fmt;
use std::sync::OnceLock;

use crate::hashing::digest_hex;
use crate::validators::{EntityTag, Facet, FacetKind, representation_tag};

/// The environment variable read for the release when the application set none in code.
pub const RELEASE_VARIABLE: &str = "ETAG_RELEASE";

/// The release, fixed at the first of [`set_release`] or the first tag made.
static RELEASE: OnceLock<Option<Release>> = OnceLock::new();

/// A release id and the facet that stands for it in tags.
struct Release {
    id: String,
    facet: Facet,
}

impl Release {
    /// The release `id`, or none for an empty one. Its facet is 8 hex digits of the id's SHA-1, so that any id
    /// gives a short valid facet and two ids practically never share one.
    fn of(id: &str) -> Option<Release> {
        let facet = Facet::new(FacetKind::Release, &digest_hex(&[id.as_bytes()], 4));
        (!id.is_empty()).then(|| Release {
            id: id.to_owned(),
            facet,
        })
    }
}

/// Sets the application's release id (a version, a commit, a deploy id): every model and `Deferred` tag this
/// process sends carries it, so that a deploy that changes what is sent changes the tags too. Call it once, at
/// start, before the server answers; every instance of one release must be given the same id, so that they send
/// the same tags. Without a call, the id is read from the `ETAG_RELEASE` environment variable when the first tag
/// is made; without either, tags carry no release. An empty id is no release.
///
/// ```
/// etag_runtime::facets::set_release("2026.12.1").expect("set once, at start");
/// assert!(etag_runtime::facets::set_release("2026.12.2").is_err());
/// assert_eq!(etag_runtime::facets::release(), Some("2026.12.1"));
/// ```
pub fn set_release(id: &str) -> Result<(), ReleaseAlreadySet> {
    let mut set_here = false;
    RELEASE.get_or_init(|| {
        set_here = true;
        Release::of(id)
    });
    if set_here { Ok(()) } else { Err(ReleaseAlreadySet) }
}

/// The release id in force (set in code, or read from the environment), if any.
pub fn release() -> Option<&'static str> {
    current().map(|release| release.id.as_str())
}

/// `tag`, from the application's validators, as this process sends it: with the release, if there is one.
pub(crate) fn with_release(tag: EntityTag) -> EntityTag {
    match current_release() {
        Some(release) => representation_tag(tag, std::slice::from_ref(release), None),
        None => tag,
    }
}

/// The release facet of this process, if it has a release.
#[inline]
pub(crate) fn current_release() -> Option<&'static Facet> {
    current().map(|release| &release.facet)
}

#[inline]
fn current() -> Option<&'static Release> {
    RELEASE
        .get_or_init(|| Release::of(&std::env::var(RELEASE_VARIABLE).unwrap_or_default()))
        .as_ref()
}

/// [`set_release`] was called after the release was fixed, by an earlier call or by the first tag made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReleaseAlreadySet;

impl fmt::Display for ReleaseAlreadySet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the release is already set: set it once, at start, before the first response is made")
    }
}

impl std::error::Error for ReleaseAlreadySet {}
