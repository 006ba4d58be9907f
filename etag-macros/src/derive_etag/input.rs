//! What a `#[derive(ETag)]` struct says: the fields its tag is made of, whether the tag is weak, an optional
//! prefix, and the field that holds the modification date. Every mistake is an error spanned on its cause.

use syn::meta::ParseNestedMeta;
use syn::{Attribute, Data, DeriveInput, Field, Fields, Generics, Ident, LitStr, Member, Type};

use crate::args::set_once;

/// The struct, read.
pub struct Model<'a> {
    pub name: &'a Ident,
    pub generics: &'a Generics,
    /// `#[etag(prefix = "..")]` on the struct: written before the fields' values.
    pub prefix: Option<LitStr>,
    /// The `#[etag]` fields, in declaration order.
    pub tag_fields: Vec<FieldRef<'a>>,
    /// Whether any `#[etag]` field says `weak`.
    pub weak: bool,
    pub last_modified: Option<FieldRef<'a>>,
}

/// A field, by the member that reaches it (`self.name` or `self.0`) and its type.
pub struct FieldRef<'a> {
    pub member: Member,
    pub ty: &'a Type,
}

impl<'a> Model<'a> {
    pub fn read(input: &'a DeriveInput) -> syn::Result<Self> {
        let fields = struct_fields(input)?;
        let mut model = Model {
            name: &input.ident,
            generics: &input.generics,
            prefix: struct_prefix(&input.attrs)?,
            tag_fields: Vec::new(),
            weak: false,
            last_modified: None,
        };
        for (index, field) in fields.iter().enumerate() {
            model.read_field(index, field)?;
        }
        if model.tag_fields.is_empty() {
            let message = "#[derive(ETag)] needs at least one field marked #[etag]: the fields whose every change \
                           must give a new entity tag, such as a version number";
            return Err(syn::Error::new_spanned(&input.ident, message));
        }
        Ok(model)
    }

    fn read_field(&mut self, index: usize, field: &'a Field) -> syn::Result<()> {
        let reference = || FieldRef {
            member: field.ident.clone().map_or_else(|| Member::from(index), Member::from),
            ty: &field.ty,
        };
        for attribute in &field.attrs {
            if attribute.path().is_ident("etag") {
                self.weak |= field_options(attribute)?;
                self.tag_fields.push(reference());
            } else if attribute.path().is_ident("last_modified") {
                attribute.meta.require_path_only()?;
                if self.last_modified.is_some() {
                    let message = "only one field can be #[last_modified]: keep it on the field that holds the \
                                   representation's last change";
                    return Err(syn::Error::new_spanned(attribute, message));
                }
                self.last_modified = Some(reference());
            }
        }
        Ok(())
    }
}

fn struct_fields(input: &DeriveInput) -> syn::Result<&Fields> {
    let message = "#[derive(ETag)] works on structs, whose fields give the tag; for an enum or a union, implement \
                   `etag_runtime::ETag` by hand";
    match &input.data {
        Data::Struct(data) => Ok(&data.fields),
        Data::Enum(data) => Err(syn::Error::new_spanned(data.enum_token, message)),
        Data::Union(data) => Err(syn::Error::new_spanned(data.union_token, message)),
    }
}

/// `#[etag]` or `#[etag(weak)]` on a field: whether it asks for a weak tag.
fn field_options(attribute: &Attribute) -> syn::Result<bool> {
    if matches!(attribute.meta, syn::Meta::Path(_)) {
        return Ok(false);
    }
    let mut weak = false;
    attribute.parse_nested_meta(|meta| {
        if !meta.path.is_ident("weak") {
            return Err(meta.error("unknown key; a field's #[etag(..)] takes `weak`"));
        }
        if weak {
            return Err(meta.error("`weak` is given twice; keep one"));
        }
        weak = true;
        Ok(())
    })?;
    Ok(weak)
}

/// `#[etag(prefix = "..")]` on the struct, at most once.
fn struct_prefix(attributes: &[Attribute]) -> syn::Result<Option<LitStr>> {
    let mut prefix = None;
    for attribute in attributes.iter().filter(|attribute| attribute.path().is_ident("etag")) {
        attribute.parse_nested_meta(|meta| read_prefix(meta, &mut prefix))?;
    }
    Ok(prefix)
}

fn read_prefix(meta: ParseNestedMeta, prefix: &mut Option<LitStr>) -> syn::Result<()> {
    if !meta.path.is_ident("prefix") {
        return Err(meta.error("unknown key; #[etag(..)] on a struct takes `prefix = \"...\"`"));
    }
    set_once(&meta, prefix, check_prefix)
}

/// A prefix is written into the tag as it is, so it must be visible ASCII other than `"`, and hold no `+`
/// (which starts a content-coding suffix) and no `%` or `.` (which the field values use).
fn check_prefix(value: &LitStr) -> syn::Result<()> {
    let text = value.value();
    let valid = text
        .bytes()
        .all(|b| (b'!'..=b'~').contains(&b) && !matches!(b, b'"' | b'+' | b'%' | b'.' | b','));
    if valid {
        Ok(())
    } else {
        let message = "a prefix holds visible ASCII characters other than `\"`, `+`, `%`, `.` and `,`";
        Err(syn::Error::new_spanned(value, message))
    }
}
