//! The `ETag` impl of a derive: the tag from the `#[etag]` fields, the date from the `#[last_modified]` one.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Generics, parse_quote_spanned};

use super::input::{FieldRef, Model, Shape};

pub fn impl_etag(model: &Model) -> TokenStream {
    let name = model.name;
    let generics = with_display_bounds(model);
    let (impl_generics, type_generics, where_clause) = generics.split_for_impl();
    let etag = etag_fn(model);
    let last_modified = model.last_modified.as_ref().map(last_modified_fn);
    let shape = shape_const(&model.shape);
    let (shape_impl_generics, _, shape_where_clause) = model.generics.split_for_impl();
    quote! {
        #[automatically_derived]
        impl #impl_generics ::etag_runtime::ETag for #name #type_generics #where_clause {
            #etag
            #last_modified
        }

        #[automatically_derived]
        impl #shape_impl_generics ::etag_runtime::__private::ModelShape for #name #type_generics #shape_where_clause {
            #shape
        }
    }
}

/// The model's `SHAPE`: its own digest, the digest of the model a stamp stands for, or none.
fn shape_const(shape: &Shape) -> TokenStream {
    let value = match shape {
        Shape::Own(digest) => quote!(#digest),
        Shape::Of(model) => quote_spanned!(model.span()=> <#model as ::etag_runtime::__private::ModelShape>::SHAPE),
        Shape::Omitted => quote!(""),
    };
    quote!(const SHAPE: &'static str = #value;)
}

/// An `ETag` impl for a type the derive refused, emitted beside the error so that the error is the only one.
pub fn fallback_impl(input: &syn::DeriveInput) -> TokenStream {
    let name = &input.ident;
    let (impl_generics, type_generics, where_clause) = input.generics.split_for_impl();
    quote! {
        impl #impl_generics ::etag_runtime::ETag for #name #type_generics #where_clause {
            fn etag(&self) -> ::etag_runtime::EntityTag {
                ::core::unreachable!("never compiled: #[derive(ETag)] reported an error for this type")
            }
        }

        impl #impl_generics ::etag_runtime::__private::ModelShape for #name #type_generics #where_clause {
            const SHAPE: &'static str = "";
        }
    }
}

/// The struct's generics, with each `#[etag]` field's type required to be `Display` (through `TagField`, whose
/// error says why): stated on the impl so that generic fields work, and spanned on the field's type so that an
/// error points there.
fn with_display_bounds(model: &Model) -> Generics {
    let mut generics = model.generics.clone();
    let where_clause = generics.make_where_clause();
    // A struct without type parameters needs no bound: `tag_part` states it where each field is read, with an
    // error that says why (a where clause on the impl would report the bare `Display` instead).
    if model.generics.type_params().next().is_none() {
        return generics;
    }
    for field in &model.tag_fields {
        let ty = field.ty;
        where_clause
            .predicates
            .push(parse_quote_spanned!(ty.span()=> #ty: ::etag_runtime::__private::TagField));
    }
    generics
}

fn etag_fn(model: &Model) -> TokenStream {
    let weak = model.weak;
    let prefix = model
        .prefix
        .as_ref()
        .map_or_else(|| quote!(""), |prefix| quote!(#prefix));
    let parts = model.tag_fields.iter().map(|FieldRef { member, ty }| {
        // Spanned on the field's type, so that a bound `tag_part` needs is reported on the field.
        quote_spanned!(ty.span()=> ::etag_runtime::__private::tag_part(&self.#member))
    });
    quote! {
        fn etag(&self) -> ::etag_runtime::EntityTag {
            ::etag_runtime::__private::derived_tag(
                #weak,
                #prefix,
                &[#(#parts),*],
                <Self as ::etag_runtime::__private::ModelShape>::SHAPE,
            )
        }
    }
}

fn last_modified_fn(field: &FieldRef) -> TokenStream {
    let FieldRef { member, ty } = field;
    let date = quote_spanned!(ty.span()=>
        <#ty as ::etag_runtime::__private::LastModifiedField>::last_modified(&self.#member)
    );
    quote! {
        fn last_modified(&self) -> ::core::option::Option<::std::time::SystemTime> {
            #date
        }
    }
}
