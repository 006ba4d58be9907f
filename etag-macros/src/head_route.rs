//! HEAD beside GET: `#[conditional]` above `#[get(..)]` turns it into `#[route(.., method = "GET", method =
//! "HEAD")]`.

use syn::{Attribute, Ident, Meta};

/// RFC 9110 §9.1: a general-purpose server supports HEAD, which actix's `#[get]` does not route. Placed above
/// `#[get(..)]`, the attribute turns it into `#[route(.., method = "GET", method = "HEAD")]`, with the same path
/// and options; below it, `#[get]` has already expanded and cannot be changed.
pub fn head_routed(attributes: &[Attribute]) -> (Vec<Attribute>, bool) {
    let mut bare_get = false;
    let attributes = attributes
        .iter()
        .map(|attribute| match get_as_get_and_head(attribute) {
            Some((routed, bare)) => {
                bare_get |= bare;
                routed
            }
            None => attribute.clone(),
        })
        .collect();
    (attributes, bare_get)
}

/// `#[get(..)]` as `#[route(.., method = "GET", method = "HEAD")]`, and whether it was written as a bare `get`.
fn get_as_get_and_head(attribute: &Attribute) -> Option<(Attribute, bool)> {
    let Meta::List(list) = &attribute.meta else {
        return None;
    };
    if list.path.segments.last()?.ident != "get" {
        return None;
    }
    // `get` imported by name is actix's: its `route` is reached through this crate, as the user may not have
    // imported it; a path (`actix_web::get`) keeps its prefix.
    let bare = list.path.segments.len() == 1;
    let mut path = list.path.clone();
    if bare {
        path = syn::parse_quote!(::etag_runtime::__private::actix_web::get);
    }
    let last = path.segments.last_mut()?;
    last.ident = Ident::new("route", last.ident.span());
    let arguments = &list.tokens;
    Some((
        syn::parse_quote!(#[#path(#arguments, method = "GET", method = "HEAD")]),
        bare,
    ))
}
