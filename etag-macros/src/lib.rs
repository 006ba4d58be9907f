//! The `#[conditional]` attribute of `etag-runtime`. Depend on `etag-runtime`, which re-exports it.

mod args;
mod expand;
mod output;

use proc_macro::TokenStream;

/// Makes an actix-web handler conditional: ETag, 304 Not Modified and 412 Precondition Failed per RFC 9110.
///
/// See the `etag-runtime` crate's documentation of `conditional` for the modes and arguments.
#[proc_macro_attribute]
pub fn conditional(args: TokenStream, item: TokenStream) -> TokenStream {
    expand::conditional(args.into(), item.into()).into()
}
