#![warn(missing_docs)]
#![forbid(unsafe_code)]
//! The `#[conditional]` attribute of `etag-runtime`. Depend on `etag-runtime`, which re-exports it.

mod args;
mod derive_etag;
mod expand;
mod head_route;
mod utoipa_path;
mod write_guard;

use proc_macro::TokenStream;

/// Makes an actix-web handler conditional: ETag, 304 Not Modified and 412 Precondition Failed per RFC 9110.
///
/// See the `etag-runtime` crate's documentation of `conditional` for the modes and arguments.
#[proc_macro_attribute]
pub fn conditional(args: TokenStream, item: TokenStream) -> TokenStream {
    expand::conditional(args.into(), item.into()).into()
}

/// `#[derive(ETag)]`: a model's entity tag from its `#[etag]` fields, its Last-Modified from its
/// `#[last_modified]` field.
///
/// See the `etag-runtime` crate's documentation of `ETag` for the attributes and the tag's form.
#[proc_macro_derive(ETag, attributes(etag, last_modified))]
pub fn derive_etag(item: TokenStream) -> TokenStream {
    derive_etag::derive(item.into()).into()
}
