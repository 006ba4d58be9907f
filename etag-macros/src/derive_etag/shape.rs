//! The digest of a model's definition that `#[derive(ETag)]` puts into its tags, so that a build that changes
//! what the model serializes to changes its tags too.
//!
//! The digest must be the same for the same source in every process, on every machine and with every toolchain,
//! so it is a walk of the parsed syntax, not of `to_string()`, whose spacing is not promised: each token is
//! written with its kind and its length, groups with their delimiter, and the spacing between punctuation is left
//! out. Nothing else goes in: no path, no time, no randomness. Doc comments are attributes other than `serde`,
//! and only `serde` attributes are read.

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::ToTokens;
use sha1::{Digest, Sha1};
use syn::{Attribute, DeriveInput, Fields};

/// Bumped whenever the walk changes, so that a new walk never gives an old digest to another definition.
const WALK_VERSION: &[u8] = b"etag-shape-1";

/// The hex digest (8 digits) of `input`'s name, generics, fields and serde attributes.
pub fn shape_digest(input: &DeriveInput, fields: &Fields) -> String {
    let mut walk = Walk(Sha1::new());
    walk.bytes(WALK_VERSION);
    walk.tokens(input.ident.to_token_stream());
    walk.tokens(input.generics.params.to_token_stream());
    walk.serde_attributes(&input.attrs);
    for (index, field) in fields.iter().enumerate() {
        walk.bytes(b"field");
        match &field.ident {
            Some(name) => walk.tokens(name.to_token_stream()),
            None => walk.bytes(index.to_string().as_bytes()),
        }
        walk.tokens(field.ty.to_token_stream());
        walk.serde_attributes(&field.attrs);
    }
    let digest = walk.0.finalize();
    digest[..4].iter().map(|byte| format!("{byte:02x}")).collect()
}

/// A hash being fed the parts of a definition, each framed by its length so that no two sequences run together.
struct Walk(Sha1);

impl Walk {
    fn bytes(&mut self, bytes: &[u8]) {
        self.0.update((bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
    }

    fn serde_attributes(&mut self, attributes: &[Attribute]) {
        for attribute in attributes.iter().filter(|attribute| attribute.path().is_ident("serde")) {
            self.bytes(b"serde");
            self.tokens(attribute.meta.to_token_stream());
        }
    }

    fn tokens(&mut self, tokens: TokenStream) {
        for token in tokens {
            match token {
                TokenTree::Ident(ident) => {
                    self.bytes(b"i");
                    self.bytes(ident.to_string().as_bytes());
                }
                TokenTree::Punct(punct) => {
                    self.bytes(b"p");
                    self.bytes(punct.as_char().to_string().as_bytes());
                }
                TokenTree::Literal(literal) => {
                    self.bytes(b"l");
                    self.bytes(literal.to_string().as_bytes());
                }
                TokenTree::Group(group) => {
                    self.bytes(delimiter_mark(group.delimiter()));
                    self.tokens(group.stream());
                    self.bytes(b"end");
                }
            }
        }
    }
}

fn delimiter_mark(delimiter: Delimiter) -> &'static [u8] {
    match delimiter {
        Delimiter::Parenthesis => b"(",
        Delimiter::Brace => b"{",
        Delimiter::Bracket => b"[",
        Delimiter::None => b"none",
    }
}

#[cfg(test)]
mod tests {
    use super::shape_digest;
    use syn::{Data, DeriveInput, parse_quote};

    fn digest(input: DeriveInput) -> String {
        let Data::Struct(data) = &input.data else {
            panic!("a struct")
        };
        shape_digest(&input, &data.fields)
    }

    // The same definition gives the same digest whatever its spacing, comments and doc comments.
    #[test]
    fn layout_and_docs_do_not_count() {
        let plain = digest(parse_quote! { struct User { id: i64, tags: Vec<Vec<u8>> } });
        let spaced = digest(parse_quote! {
            /// A user.
            #[derive(Debug)]
            pub struct User {
                /// Its id.
                pub id : i64,
                tags: Vec< Vec<u8> >,
            }
        });
        assert_eq!(plain, spaced);
        assert_eq!(plain.len(), 8);
        assert!(plain.bytes().all(|byte| byte.is_ascii_hexdigit()));
    }

    // Whatever changes the JSON a model is sent as changes the digest.
    #[test]
    fn what_changes_the_body_changes_the_digest() {
        let base = digest(parse_quote! { struct User { id: i64, name: String } });
        let changed = [
            digest(parse_quote! { struct User { id: i64, name: String, email: String } }),
            digest(parse_quote! { struct User { id: i64, full_name: String } }),
            digest(parse_quote! { struct User { id: i32, name: String } }),
            digest(parse_quote! { struct User { id: i64, #[serde(skip)] name: String } }),
            digest(parse_quote! { #[serde(rename_all = "camelCase")] struct User { id: i64, name: String } }),
            digest(parse_quote! { struct Account { id: i64, name: String } }),
            digest(parse_quote! { struct User { name: String, id: i64 } }),
        ];
        for (index, other) in changed.iter().enumerate() {
            assert_ne!(&base, other, "change {index}");
        }
    }

    // The digest is a pure function of the source: pinned here, so a change of the walk, a dependency or the
    // toolchain that moved it (and every deployed tag with it) fails this test rather than a deploy.
    #[test]
    fn digest_is_stable_across_builds() {
        let user = digest(parse_quote! { struct User { id: i64, #[serde(rename = "n")] name: String } });
        assert_eq!(user, "3acbfb70");
    }
}
