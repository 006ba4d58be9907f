//! What a `#[derive(ETag)]` struct says: the fields its tag is made of, whether the tag is weak, an optional
//! prefix, and the field that holds the modification date. Every mistake is an error spanned on its cause.

use syn::meta::ParseNestedMeta;
use syn::{Attribute, Data, DeriveInput, Field, Fields, Generics, Ident, LitBool, LitStr, Member, Path, Type};

use crate::args::{read_once, set_once};

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
    /// Where the tag's shape digest comes from.
    pub shape: Shape,
}

/// The shape digest a model's tags carry (`shape.rs`).
pub enum Shape {
    /// The digest of this struct's definition.
    Own(String),
    /// `#[etag(stands_for = User)]`: a stamp carries the digest of the model it stands for.
    Of(Path),
    /// `#[etag(shape = false)]`: none; the tag is the fields alone.
    Omitted,
}

/// A field, by the member that reaches it (`self.name` or `self.0`) and its type.
pub struct FieldRef<'a> {
    pub member: Member,
    pub ty: &'a Type,
}

impl<'a> Model<'a> {
    pub fn read(input: &'a DeriveInput) -> syn::Result<Self> {
        let fields = struct_fields(input)?;
        let options = StructOptions::read(&input.attrs)?;
        let shape = match (options.stands_for, options.without_shape) {
            (Some(model), None) => Shape::Of(model),
            (None, Some(_)) => Shape::Omitted,
            (None, None) => Shape::Own(super::shape::shape_digest(input, fields)),
            (Some(_), Some(without)) => {
                let message = "a stamp takes the shape of the model it stands for; `shape = false` cannot go with it";
                return Err(syn::Error::new_spanned(without, message));
            }
        };
        let mut model = Model {
            name: &input.ident,
            generics: &input.generics,
            prefix: options.prefix,
            tag_fields: Vec::new(),
            weak: false,
            last_modified: None,
            shape,
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

/// What `#[etag(..)]` on the struct says.
#[derive(Default)]
struct StructOptions {
    /// `prefix = ".."`: written before the fields' values.
    prefix: Option<LitStr>,
    /// `stands_for = Model`: the model this stamp stands for.
    stands_for: Option<Path>,
    /// `shape = false`, kept for its span.
    without_shape: Option<LitBool>,
}

impl StructOptions {
    fn read(attributes: &[Attribute]) -> syn::Result<Self> {
        let mut options = StructOptions::default();
        for attribute in attributes.iter().filter(|attribute| attribute.path().is_ident("etag")) {
            attribute.parse_nested_meta(|meta| options.read_one(meta))?;
        }
        Ok(options)
    }

    fn read_one(&mut self, meta: ParseNestedMeta) -> syn::Result<()> {
        if meta.path.is_ident("prefix") {
            return set_once(&meta, &mut self.prefix, check_prefix);
        }
        if meta.path.is_ident("stands_for") {
            return read_once(&meta, &mut self.stands_for, |meta| meta.value()?.parse());
        }
        if meta.path.is_ident("shape") {
            return read_once(&meta, &mut self.without_shape, read_shape_false);
        }
        Err(meta.error(
            "unknown key; #[etag(..)] on a struct takes `prefix = \"...\"`, `stands_for = Model` or `shape = false`",
        ))
    }
}

/// `shape = false`: `true` is refused, since it says what leaving the key out says.
fn read_shape_false(meta: &ParseNestedMeta) -> syn::Result<LitBool> {
    let value: LitBool = meta.value()?.parse()?;
    if value.value {
        let message = "the shape is in the tag by default; write `shape = false` to leave it out, or nothing";
        return Err(syn::Error::new_spanned(value, message));
    }
    Ok(value)
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
