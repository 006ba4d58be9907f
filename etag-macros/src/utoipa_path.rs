//! `#[conditional]` above `#[utoipa::path(..)]` documents the route's conditional requests: it adds
//! `params(ReadPreconditions)` and `responses(ConditionalRead)` to that attribute (etag-runtime's `utoipa`
//! feature; without it the attribute is left as written).

use proc_macro2::{Delimiter, Group, TokenStream, TokenTree};
use quote::quote;
use syn::{Attribute, Meta};

/// The attributes, with any `#[utoipa::path(..)]` among them given the conditional read's parameters and
/// responses.
pub fn documented(attributes: Vec<Attribute>) -> Vec<Attribute> {
    attributes.into_iter().map(document_if_utoipa_path).collect()
}

fn document_if_utoipa_path(mut attribute: Attribute) -> Attribute {
    let Meta::List(list) = &mut attribute.meta else {
        return attribute;
    };
    // Only GET and HEAD are evaluated by `#[conditional]`; a handler documented as another method keeps its docs.
    if !is_utoipa_path(&list.path) || !documents_a_read(&list.tokens) {
        return attribute;
    }
    let mut tokens = list.tokens.clone();
    tokens = spliced(
        tokens,
        "params",
        quote!(::etag_runtime::openapi::ReadPreconditions),
        Place::Last,
    );
    // First, so that a status the user documents (say, a 400 for a malformed id) replaces this crate's text for
    // it: utoipa inserts responses in order, and a later one for the same status wins.
    tokens = spliced(
        tokens,
        "responses",
        quote!(::etag_runtime::openapi::ConditionalRead),
        Place::First,
    );
    list.tokens = tokens;
    attribute
}

/// `utoipa::path` or `::utoipa::path`: a bare `path` could be anything the user imported.
fn is_utoipa_path(path: &syn::Path) -> bool {
    let names: Vec<String> = path.segments.iter().map(|segment| segment.ident.to_string()).collect();
    names == ["utoipa", "path"]
}

/// Whether the operation is GET or HEAD: `get`, `head`, or `method(..)` naming either.
fn documents_a_read(arguments: &TokenStream) -> bool {
    let is_read = |token: &TokenTree| matches!(token, TokenTree::Ident(name) if name == "get" || name == "head");
    top_level_items(arguments.clone())
        .iter()
        .any(|item| match item.as_slice() {
            [single] => is_read(single),
            [TokenTree::Ident(name), TokenTree::Group(methods)] if name == "method" => {
                methods.stream().into_iter().any(|token| is_read(&token))
            }
            _ => false,
        })
}

/// Where in a list an entry goes.
#[derive(Clone, Copy, PartialEq)]
enum Place {
    First,
    Last,
}

/// `arguments` with `entry` added to its `key(..)` list, or with `key(entry)` added when it has none.
fn spliced(arguments: TokenStream, key: &str, entry: TokenStream, place: Place) -> TokenStream {
    let mut items = top_level_items(arguments);
    match items.iter_mut().find_map(|item| list_named(item, key)) {
        Some(group) => {
            let mut entries = top_level_items(group.stream());
            let entry = entry.into_iter().collect();
            match place {
                Place::First => entries.insert(0, entry),
                Place::Last => entries.push(entry),
            }
            let mut widened = Group::new(Delimiter::Parenthesis, joined(entries));
            widened.set_span(group.span());
            *group = widened;
        }
        None => {
            let key = proc_macro2::Ident::new(key, proc_macro2::Span::call_site());
            items.push(quote!(#key(#entry)).into_iter().collect());
        }
    }
    joined(items)
}

/// The comma-separated items of an attribute's arguments; commas inside groups belong to their group.
fn top_level_items(arguments: TokenStream) -> Vec<Vec<TokenTree>> {
    let mut items = vec![Vec::new()];
    for token in arguments {
        match &token {
            TokenTree::Punct(punct) if punct.as_char() == ',' => items.push(Vec::new()),
            _ => items.last_mut().expect("starts with one item").push(token),
        }
    }
    items.retain(|item| !item.is_empty());
    items
}

/// The `( .. )` of an item written `key( .. )`.
fn list_named<'a>(item: &'a mut [TokenTree], key: &str) -> Option<&'a mut Group> {
    match item {
        [TokenTree::Ident(name), TokenTree::Group(group)]
            if name == key && group.delimiter() == Delimiter::Parenthesis =>
        {
            Some(group)
        }
        _ => None,
    }
}

fn joined(items: Vec<Vec<TokenTree>>) -> TokenStream {
    let mut tokens = TokenStream::new();
    for (index, item) in items.into_iter().enumerate() {
        if index > 0 {
            tokens.extend(quote!(,));
        }
        tokens.extend(item);
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spliced_text(arguments: TokenStream) -> String {
        let attribute: Attribute = syn::parse_quote!(#[utoipa::path(#arguments)]);
        let documented = document_if_utoipa_path(attribute);
        quote!(#documented).to_string().replace(' ', "")
    }

    #[test]
    fn adds_both_lists_when_absent() {
        let text = spliced_text(quote!(get, path = "/a"));
        assert!(
            text.contains("params(::etag_runtime::openapi::ReadPreconditions)"),
            "{text}"
        );
        assert!(
            text.contains("responses(::etag_runtime::openapi::ConditionalRead)"),
            "{text}"
        );
    }

    #[test]
    fn extends_the_lists_already_written() {
        let text = spliced_text(quote!(
            get,
            path = "/a",
            params(("id" = i64, Path)),
            responses((status = 200, body = String),)
        ));
        assert!(
            text.contains(r#"params(("id"=i64,Path),::etag_runtime::openapi::ReadPreconditions)"#),
            "{text}"
        );
        assert!(
            text.contains(r#"responses(::etag_runtime::openapi::ConditionalRead,(status=200,body=String))"#),
            "{text}"
        );
        assert_eq!(text.matches("params").count(), 1, "{text}");
    }

    #[test]
    fn leaves_operations_other_than_get_and_head_alone() {
        for arguments in [quote!(post, path = "/a"), quote!(method(put, patch), path = "/a")] {
            let text = spliced_text(arguments);
            assert!(!text.contains("etag_runtime"), "{text}");
        }
        assert!(spliced_text(quote!(method(head), path = "/a")).contains("ConditionalRead"));
    }

    #[test]
    fn leaves_other_attributes_alone() {
        let attribute: Attribute = syn::parse_quote!(#[path(get)]);
        let before = quote!(#attribute).to_string();
        let after = document_if_utoipa_path(attribute);
        assert_eq!(quote!(#after).to_string(), before);
    }
}
