//! The attribute's arguments: `cache_control = "..."`, `vary = "..."`, `hash_limit = BYTES`, `hash = sha1|xxh3`,
//! `per_user = REQUESTER`.

use proc_macro2::TokenStream;
use syn::meta::ParseNestedMeta;
use syn::{Ident, LitInt, LitStr, Path};

#[derive(Default)]
pub struct Args {
    pub cache_control: Option<LitStr>,
    pub vary: Option<LitStr>,
    /// The largest body the Responder mode hashes.
    pub hash_limit: Option<LitInt>,
    /// The body hash, by the name of its `BodyHash` variant.
    pub hash: Option<Ident>,
    /// `per_user = REQUESTER`: the static `Requester` that names who asks.
    pub per_user: Option<Path>,
}

/// The names `hash = ..` takes, and the `BodyHash` variant each stands for.
const HASHES: [(&str, &str); 2] = [("sha1", "Sha1"), ("xxh3", "Xxh3")];

impl Args {
    pub fn parse(tokens: TokenStream) -> syn::Result<Self> {
        let mut args = Args::default();
        let parser = syn::meta::parser(|meta| args.parse_one(meta));
        syn::parse::Parser::parse2(parser, tokens)?;
        Ok(args)
    }

    fn parse_one(&mut self, meta: ParseNestedMeta) -> syn::Result<()> {
        if meta.path.is_ident("hash_limit") {
            return self.parse_hash_limit(&meta);
        }
        if meta.path.is_ident("hash") {
            return self.parse_hash(&meta);
        }
        if meta.path.is_ident("per_user") {
            if self.per_user.is_some() {
                return Err(meta.error("this argument is given twice; keep one"));
            }
            self.per_user = Some(meta.value()?.parse()?);
            return Ok(());
        }
        let slot = if meta.path.is_ident("cache_control") {
            &mut self.cache_control
        } else if meta.path.is_ident("vary") {
            &mut self.vary
        } else {
            return Err(
                meta.error(
                    "unknown argument; #[conditional] takes `cache_control = \"...\"`, `vary = \"...\"`, `hash_limit = BYTES`, `hash = sha1` or `hash = xxh3`, and `per_user = REQUESTER`",
                ),
            );
        };
        set_once(&meta, slot, check_header_value)
    }

    fn parse_hash_limit(&mut self, meta: &ParseNestedMeta) -> syn::Result<()> {
        if self.hash_limit.is_some() {
            return Err(meta.error("this argument is given twice; keep one"));
        }
        let value: LitInt = meta.value()?.parse()?;
        value.base10_parse::<usize>()?;
        self.hash_limit = Some(value);
        Ok(())
    }

    fn parse_hash(&mut self, meta: &ParseNestedMeta) -> syn::Result<()> {
        if self.hash.is_some() {
            return Err(meta.error("this argument is given twice; keep one"));
        }
        let name: Ident = meta.value()?.parse()?;
        let Some((_, variant)) = HASHES.iter().find(|(known, _)| name == known) else {
            let message = format!("unknown hash `{name}`; #[conditional] hashes with `sha1` (the default) or `xxh3`");
            return Err(syn::Error::new_spanned(name, message));
        };
        self.hash = Some(Ident::new(variant, name.span()));
        Ok(())
    }
}

/// Reads `key = "..."` into `slot`, refusing a second one and a value that `check` rejects, each with an error
/// spanned where the user wrote it. Shared by `#[conditional(..)]` and `#[derive(ETag)]`'s `#[etag(..)]`.
pub fn set_once(
    meta: &ParseNestedMeta,
    slot: &mut Option<LitStr>,
    check: impl Fn(&LitStr) -> syn::Result<()>,
) -> syn::Result<()> {
    if slot.is_some() {
        return Err(meta.error("this argument is given twice; keep one"));
    }
    let value: LitStr = meta.value()?.parse()?;
    check(&value)?;
    *slot = Some(value);
    Ok(())
}

/// A header value must be visible ASCII, spaces or tabs: checked here so a typo is a compile error.
fn check_header_value(value: &LitStr) -> syn::Result<()> {
    let text = value.value();
    let valid = !text.trim().is_empty() && text.bytes().all(|b| b == b'\t' || (b' '..=b'~').contains(&b));
    if valid {
        Ok(())
    } else {
        Err(syn::Error::new_spanned(
            value,
            "not a valid header value: use visible ASCII characters, not empty",
        ))
    }
}
