//! `#[derive(ETag)]`: a model's `ETag` impl from its fields. `input.rs` reads and checks the struct and its
//! attributes; `shape.rs` digests its definition; `expand.rs` writes the impls.

mod expand;
mod input;
mod shape;

use proc_macro2::TokenStream;

pub fn derive(item: TokenStream) -> TokenStream {
    let derive_input: syn::DeriveInput = match syn::parse2(item) {
        Ok(derive_input) => derive_input,
        Err(error) => return error.into_compile_error(),
    };
    match input::Model::read(&derive_input) {
        Ok(model) => expand::impl_etag(&model),
        // A derive adds items beside the struct, which stays. Beside the error goes an impl that is never run
        // (the crate does not compile), so that code calling `.etag()` on the type raises nothing more: one
        // mistake, one error.
        Err(error) => {
            let error = error.into_compile_error();
            let fallback = expand::fallback_impl(&derive_input);
            quote::quote!(#error #fallback)
        }
    }
}
