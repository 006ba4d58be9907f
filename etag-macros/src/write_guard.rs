//! A PUT, PATCH or DELETE handler under `#[conditional]` must take a `Precondition`: the attribute validates
//! reads, and RFC 9110 §13.1.1 says an origin server MUST evaluate If-Match before performing the method.
//!
//! The macro sees the method only where the route attribute is written below it; the generated code refuses such
//! a request at run time in every case (`refuse_unevaluated_write`). POST is left to that run-time refusal, since
//! a POST that adds to a collection needs no precondition.

use proc_macro2::TokenTree;
use syn::visit::Visit;
use syn::{Attribute, FnArg, ItemFn, LitStr, Meta};

/// The route attributes that name the methods themselves.
const REPLACING_WRITES: [&str; 3] = ["put", "patch", "delete"];

/// An error on the route attribute of a PUT, PATCH or DELETE handler that takes no `Precondition`.
pub fn check_writes_evaluated(function: &ItemFn) -> syn::Result<()> {
    let Some((attribute, method)) = function.attrs.iter().find_map(replacing_write) else {
        return Ok(());
    };
    if function.sig.inputs.iter().any(takes_precondition) {
        return Ok(());
    }
    let message = format!(
        "a #[conditional] {method} handler must evaluate the request's preconditions (RFC 9110 §13.1.1): take a \
         `Precondition` argument and call its `check` inside the write's transaction; #[conditional] itself \
         validates reads only"
    );
    Err(syn::Error::new_spanned(attribute, message))
}

/// The attribute and the method it routes, where it routes PUT, PATCH or DELETE.
fn replacing_write(attribute: &Attribute) -> Option<(&Attribute, String)> {
    let Meta::List(list) = &attribute.meta else {
        return None;
    };
    let name = list.path.segments.last()?.ident.to_string();
    if REPLACING_WRITES.contains(&name.as_str()) {
        return Some((attribute, name.to_uppercase()));
    }
    if name != "route" {
        return None;
    }
    routed_methods(list.tokens.clone())
        .into_iter()
        .find(|method| REPLACING_WRITES.contains(&method.to_lowercase().as_str()))
        .map(|method| (attribute, method))
}

/// The values of `method = "..."` in `#[route(..)]`'s arguments.
fn routed_methods(tokens: proc_macro2::TokenStream) -> Vec<String> {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    tokens
        .windows(3)
        .filter_map(|window| match window {
            [
                TokenTree::Ident(key),
                TokenTree::Punct(equals),
                TokenTree::Literal(value),
            ] if key == "method" && equals.as_char() == '=' => syn::parse_str::<LitStr>(&value.to_string())
                .ok()
                .map(|value| value.value()),
            _ => None,
        })
        .collect()
}

/// Whether an argument's type names `Precondition` (as it is, or inside `Option<..>` or a tuple).
fn takes_precondition(argument: &FnArg) -> bool {
    struct Finder(bool);
    impl<'ast> Visit<'ast> for Finder {
        fn visit_path_segment(&mut self, segment: &'ast syn::PathSegment) {
            self.0 |= segment.ident == "Precondition";
            syn::visit::visit_path_segment(self, segment);
        }
    }
    let FnArg::Typed(argument) = argument else {
        return false;
    };
    let mut finder = Finder(false);
    finder.visit_type(&argument.ty);
    finder.0
}
