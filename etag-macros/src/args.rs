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
            return read_once(&meta, &mut self.hash_limit, parse_hash_limit);
        }
        if meta.path.is_ident("hash") {
            return read_once(&meta, &mut self.hash, parse_hash);
        }
        if meta.path.is_ident("per_user") {
            return read_once(&meta, &mut self.per_user, parse_requester);
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
}

/// `hash_limit = BYTES`: a number of bytes that fits a `usize`.
fn parse_hash_limit(meta: &ParseNestedMeta) -> syn::Result<LitInt> {
    let value: LitInt = meta.value()?.parse()?;
    value.base10_parse::<usize>()?;
    Ok(value)
}

/// `per_user = REQUESTER`: the path of a static `Requester`. A string is the likeliest slip (the field's name
/// itself), so it gets an error that shows the declaration to write.
fn parse_requester(meta: &ParseNestedMeta) -> syn::Result<Path> {
    let value = meta.value()?;
    if value.peek(LitStr) {
        let field: LitStr = value.parse()?;
        let message = format!(
            "per_user takes a static `Requester`, not a field name: declare \
             `static REQUESTER: etag_runtime::actix::Requester = etag_runtime::actix::Requester::field({:?});` \
             and write `per_user = REQUESTER`",
            field.value()
        );
        return Err(syn::Error::new_spanned(field, message));
    }
    value.parse()
}

/// `hash = sha1|xxh3`: the `BodyHash` variant it names, spanned where the user wrote it.
fn parse_hash(meta: &ParseNestedMeta) -> syn::Result<Ident> {
    let name: Ident = meta.value()?.parse()?;
    let Some((_, variant)) = HASHES.iter().find(|(known, _)| name == known) else {
        let message = format!("unknown hash `{name}`; #[conditional] hashes with `sha1` (the default) or `xxh3`");
        return Err(syn::Error::new_spanned(name, message));
    };
    Ok(Ident::new(variant, name.span()))
}

/// Reads `key = ...` into `slot` with `read`, refusing a second one before reading it, with an error spanned on
/// the key. Shared by every argument of `#[conditional(..)]` and of `#[derive(ETag)]`'s `#[etag(..)]`.
pub fn read_once<T>(
    meta: &ParseNestedMeta,
    slot: &mut Option<T>,
    read: impl FnOnce(&ParseNestedMeta) -> syn::Result<T>,
) -> syn::Result<()> {
    if slot.is_some() {
        return Err(meta.error("this argument is given twice; keep one"));
    }
    *slot = Some(read(meta)?);
    Ok(())
}

/// Reads `key = "..."` into `slot`, refusing a second one and a value that `check` rejects, each with an error
/// spanned where the user wrote it. Shared by `#[conditional(..)]` and `#[derive(ETag)]`'s `#[etag(..)]`.
pub fn set_once(
    meta: &ParseNestedMeta,
    slot: &mut Option<LitStr>,
    check: impl Fn(&LitStr) -> syn::Result<()>,
) -> syn::Result<()> {
    read_once(meta, slot, |meta| {
        let value: LitStr = meta.value()?.parse()?;
        check(&value)?;
        Ok(value)
    })
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
