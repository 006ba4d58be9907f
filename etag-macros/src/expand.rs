//! Rewrites `async fn handler(args) -> Output { body }` into a handler that answers conditionally.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{FnArg, ItemFn, ReturnType, Type};

use crate::args::Args;
use crate::output::Shape;

pub fn conditional(args: TokenStream, item: TokenStream) -> TokenStream {
    let function: ItemFn = match syn::parse2(item.clone()) {
        Ok(function) => function,
        Err(_) => {
            let message = "#[conditional] goes on an `async fn` handler";
            return with_error(item, syn::Error::new(Span::call_site(), message));
        }
    };
    match Args::parse(args).and_then(|args| rewrite(&function, &args)) {
        Ok(tokens) => tokens,
        Err(error) => with_error(quote!(#function), error),
    }
}

/// The user's item unchanged beside the error, so one mistake gives one error and IDEs keep working.
fn with_error(item: TokenStream, error: syn::Error) -> TokenStream {
    let error = error.into_compile_error();
    quote!(#item #error)
}

fn output_type(function: &ItemFn) -> syn::Result<&Type> {
    match &function.sig.output {
        ReturnType::Type(_, ty) if !matches!(**ty, Type::ImplTrait(_)) => Ok(ty),
        ReturnType::Type(_, ty) => Err(syn::Error::new_spanned(
            ty,
            "#[conditional] needs the concrete output type (`T`, `Json<T>` or `Result<..>`), not `impl Trait`",
        )),
        ReturnType::Default => Err(syn::Error::new_spanned(
            &function.sig,
            "a #[conditional] handler returns the representation to tag: add `-> Json<T>` (or `T`, `Result<..>`)",
        )),
    }
}

fn check_signature(function: &ItemFn) -> syn::Result<()> {
    if function.sig.asyncness.is_none() {
        return Err(syn::Error::new_spanned(
            function.sig.fn_token,
            "#[conditional] handlers must be `async fn`",
        ));
    }
    if let Some(FnArg::Receiver(receiver)) = function.sig.inputs.first() {
        let message = "#[conditional] handlers are free functions: a `self` receiver cannot be an actix extractor";
        return Err(syn::Error::new_spanned(receiver, message));
    }
    Ok(())
}

fn rewrite(function: &ItemFn, args: &Args) -> syn::Result<TokenStream> {
    check_signature(function)?;
    let output = output_type(function)?;
    let shape = Shape::of(output);
    let mut outer = function.clone();
    let request = quote!(__etag_request: ::etag_runtime::__private::actix_web::HttpRequest);
    outer.sig.inputs.insert(0, syn::parse2(request)?);
    outer.sig.output = syn::parse2(quote!(-> ::etag_runtime::__private::actix_web::HttpResponse))?;
    let body = &function.block;
    let unwrap = unwrap_value(&shape, output);
    let respond = respond(args, output);
    outer.block = syn::parse2(quote!({
        let __etag_output: #output = ::etag_runtime::__private::typed::<#output, _>(async move #body).await;
        #unwrap
        #respond
    }))?;
    Ok(quote!(#outer))
}

/// Takes the value out of `Result` and `Json`; an `Err` is answered as the handler's error, untouched.
fn unwrap_value(shape: &Shape, output: &Type) -> TokenStream {
    let unwrap_result = shape.fallible.then(|| {
        quote_spanned!(output.span()=>
            let __etag_output = match __etag_output {
                ::core::result::Result::Ok(value) => value,
                ::core::result::Result::Err(error) => {
                    return ::etag_runtime::__private::actix_web::HttpResponse::from_error(error);
                }
            };
        )
    });
    let unwrap_json = shape
        .json
        .then(|| quote!(let __etag_output = __etag_output.into_inner();));
    quote!(#unwrap_result #unwrap_json)
}

/// Picks the mode for the value's type and builds the response; errors point at the output type.
fn respond(args: &Args, output: &Type) -> TokenStream {
    let option = |value: &Option<syn::LitStr>| match value {
        Some(value) => quote!(::core::option::Option::Some(#value)),
        None => quote!(::core::option::Option::None),
    };
    let (cache_control, vary) = (option(&args.cache_control), option(&args.vary));
    quote_spanned!(output.span()=>
        #[allow(unused_imports)]
        use ::etag_runtime::__private::{HashedKind as _, TaggedKind as _, UnsupportedKind as _};
        let __etag_options = ::etag_runtime::__private::Options { cache_control: #cache_control, vary: #vary };
        let __etag_probe = ::etag_runtime::__private::Probe::of(&__etag_output);
        (&&__etag_probe).__etag_kind().respond(&__etag_request, __etag_output, &__etag_options)
    )
}
