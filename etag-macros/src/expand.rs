//! Rewrites `async fn handler(args) -> Output { body }` into a handler that answers conditionally.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{FnArg, Ident, ItemFn, ReturnType, Type};

use crate::args::Args;
use crate::head_route::head_routed;
use crate::utoipa_path;
use crate::write_guard::check_writes_evaluated;

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
        Err(error) => with_error(as_written(&function).into_token_stream(), error),
    }
}

/// The handler as written, made `async` if it was not: registered with actix (`web::get().to(handler)`,
/// `#[get]`), a plain `fn` would add actix's long `Handler` error to the attribute's own.
fn as_written(function: &ItemFn) -> ItemFn {
    let mut function = function.clone();
    function.sig.asyncness.get_or_insert_with(Default::default);
    function
}

/// The user's item beside the error, so one mistake gives one error and IDEs keep working.
fn with_error(item: TokenStream, error: syn::Error) -> TokenStream {
    let error = error.into_compile_error();
    quote!(#item #error)
}

fn output_type(function: &ItemFn) -> syn::Result<&Type> {
    match &function.sig.output {
        ReturnType::Type(_, ty) => Ok(ty),
        ReturnType::Default => Err(syn::Error::new_spanned(
            &function.sig,
            "a #[conditional] handler returns the representation to tag: add `-> impl Responder`, `-> Json<T>`, \
             `-> HttpResponse` or another output type",
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
    check_writes_evaluated(function)?;
    let output = output_type(function)?;
    let mut outer = function.clone();
    let (attributes, bare_get) = head_routed(&function.attrs);
    // etag-runtime's `utoipa` feature turns this one on: without it, `#[utoipa::path]` is left as written.
    outer.attrs = if cfg!(feature = "utoipa") {
        utoipa_path::documented(attributes)
    } else {
        attributes
    };
    // `get` imported by name is no longer expanded; naming it here keeps its import from looking unused.
    let keep_get_import = bare_get.then(|| {
        quote!(
            #[allow(unused_imports)]
            use get as _;
        )
    });
    outer.sig.output = syn::parse2(quote!(-> ::etag_runtime::__private::actix_web::HttpResponse))?;
    let run_body = if contains_impl_trait(output) {
        run_in_inner_fn(function, &mut outer)?
    } else {
        let body = &function.block;
        quote!(::etag_runtime::__private::typed::<#output, _>(async move #body).await)
    };
    let request = quote!(__etag_request: ::etag_runtime::__private::actix_web::HttpRequest);
    outer.sig.inputs.insert(0, syn::parse2(request)?);
    let options = options(args);
    let peel = peel(output);
    let branches = branches(&respond(output));
    // Every answer leaves through `finished`, which gives an error the route's Vary and keeps caches from
    // storing it; so the steps that answer early break out of the labelled block rather than return.
    outer.block = syn::parse2(quote!({
        #keep_get_import
        let __etag_options = #options;
        let mut __etag_response = '__etag_answer: {
            // A write whose precondition nothing evaluates (RFC 9110 §13.1.1), or a requester that cannot be
            // read, is refused before the handler's body runs.
            if let ::core::option::Option::Some(refused) =
                ::etag_runtime::__private::refuse_before_running(&__etag_request, &__etag_options)
            {
                break '__etag_answer refused;
            }
            let __etag_output = #run_body;
            #peel
            #branches
        };
        ::etag_runtime::__private::finished(&mut __etag_response, &__etag_options);
        __etag_response
    }))?;
    Ok(quote!(#outer))
}

/// An `impl Trait` output cannot be named in a `let`, so the handler's body runs in an inner `async fn` with the
/// original signature; the outer function takes each argument under a plain name and passes it on, so that
/// argument patterns (`web::Path((a, b)): web::Path<(u32, u32)>`) stay in the inner function.
fn run_in_inner_fn(function: &ItemFn, outer: &mut ItemFn) -> syn::Result<TokenStream> {
    let mut inner = function.clone();
    inner.attrs.clear();
    inner.vis = syn::Visibility::Inherited;
    inner.sig.ident = Ident::new("__etag_handler", Span::mixed_site());
    let mut names = Vec::new();
    for (index, input) in outer.sig.inputs.iter_mut().enumerate() {
        if let FnArg::Typed(argument) = input {
            let name = Ident::new(&format!("__etag_argument_{index}"), Span::mixed_site());
            argument.attrs.clear();
            *argument.pat = syn::parse::Parser::parse2(syn::Pat::parse_single, quote!(#name))?;
            names.push(name);
        }
    }
    let inner_name = &inner.sig.ident;
    // The outer function's type and const parameters, passed on explicitly: the inner function declares its own,
    // which its arguments alone may not determine.
    let parameters: Vec<TokenStream> = function
        .sig
        .generics
        .params
        .iter()
        .filter_map(|parameter| match parameter {
            syn::GenericParam::Type(ty) => Some(ty.ident.to_token_stream()),
            syn::GenericParam::Const(constant) => Some(constant.ident.to_token_stream()),
            _ => None,
        })
        .collect();
    let turbofish = (!parameters.is_empty()).then(|| quote!(::<#(#parameters),*>));
    Ok(quote!({
        #inner
        #inner_name #turbofish(#(#names),*).await
    }))
}

fn contains_impl_trait(ty: &Type) -> bool {
    struct Finder(bool);
    impl<'ast> syn::visit::Visit<'ast> for Finder {
        fn visit_type_impl_trait(&mut self, _: &'ast syn::TypeImplTrait) {
            self.0 = true;
        }
    }
    let mut finder = Finder(false);
    syn::visit::Visit::visit_type(&mut finder, ty);
    finder.0
}

/// Takes the value out of `Result` (an `Err` is answered as the handler's error, untouched), out of `Option`
/// (`None` is actix's 404) and out of `(value, StatusCode)` (a status other than 200 is answered as actix
/// answers it, untouched), by the output's type rather than its spelling, so that aliases are seen through (see
/// `__private`). Only each method's name carries the output's span, so that a bound it needs is reported on the
/// output type while the locals and the label keep the macro's own hygiene.
fn peel(output: &Type) -> TokenStream {
    let step = |name: &str| {
        let method = Ident::new(name, output.span());
        // The handler's `Err` may be a 304 of its own check, which gets the route's fields.
        let options = (name == "__etag_peel_result").then(|| quote!(&__etag_options,));
        quote!(
            let __etag_output = match (&&&::etag_runtime::__private::Peel::of(&__etag_output))
                .#method(&__etag_request, #options __etag_output)
            {
                ::etag_runtime::__private::Peeled::Value(value) => value,
                ::etag_runtime::__private::Peeled::Answered(response) => break '__etag_answer response,
            };
        )
    };
    let steps = ["__etag_peel_result", "__etag_peel_option", "__etag_peel_status"].map(step);
    quote!(
        #[allow(unused_imports)]
        use ::etag_runtime::__private::{
            PeelEither as _, PeelErrResult as _, PeelOneBranch as _, PeelOption as _, PeelOptionSome as _,
            PeelResult as _, PeelStatus as _, PeelStatusJson as _, PeelStatusResponder as _,
        };
        #(#steps)*
    )
}

/// Each side of an `Either` (or the value itself) answered in the mode of its own type. The two answers are one
/// future awaited once, so that the handler's future holds one of them at a time and is no larger than it was
/// with one mode.
fn branches(respond: &TokenStream) -> TokenStream {
    quote!(
        let __etag_branch =
            (&&&::etag_runtime::__private::Peel::of(&__etag_output)).__etag_peel_either(__etag_output);
        let __etag_answer = match __etag_branch {
            ::etag_runtime::__private::Branch::Left(__etag_output) => {
                ::etag_runtime::__private::OneOf::Left({ #respond })
            }
            // `Infallible` where the output is not an `Either`: never taken.
            #[allow(unreachable_patterns)]
            ::etag_runtime::__private::Branch::Right(__etag_output) => {
                ::etag_runtime::__private::OneOf::Right({ #respond })
            }
        };
        __etag_answer.await
    )
}

/// The attribute's arguments, as the runtime's `Options`.
fn options(args: &Args) -> TokenStream {
    let option = |value: &Option<syn::LitStr>| match value {
        Some(value) => quote!(::core::option::Option::Some(#value)),
        None => quote!(::core::option::Option::None),
    };
    let (cache_control, vary) = (option(&args.cache_control), option(&args.vary));
    let hash = match &args.hash {
        Some(variant) => quote!(::etag_runtime::BodyHash::#variant),
        None => quote!(::etag_runtime::BodyHash::Sha1),
    };
    let hash_limit = match &args.hash_limit {
        Some(limit) => quote!(#limit),
        None => quote!(::etag_runtime::__private::DEFAULT_HASH_LIMIT),
    };
    let requester = match &args.per_user {
        // Spanned on the path, so that a value that is not a `&'static Requester` is an error there.
        Some(path) => quote_spanned!(path.span()=> ::core::option::Option::Some(&#path)),
        None => quote!(::core::option::Option::None),
    };
    quote!(::etag_runtime::__private::Options {
        cache_control: #cache_control,
        vary: #vary,
        hash_limit: #hash_limit,
        hash: #hash,
        requester: #requester,
    })
}

/// Picks the mode for the value's type (see `__private`); errors point at the output type.
fn respond(output: &Type) -> TokenStream {
    let probe = quote!((&&&&&&::etag_runtime::__private::Probe::of(&__etag_output)));
    quote_spanned!(output.span()=>
        #[allow(unused_imports)]
        use ::etag_runtime::__private::{
            DeferredKind as _, HashedJsonKind as _, HashedKind as _, NeverKind as _, RenderedKind as _,
            TaggedJsonKind as _, TaggedKind as _, TaggedResponderKind as _, UnsupportedKind as _,
        };
        #probe.__etag_kind().respond(&__etag_request, __etag_output, &__etag_options)
    )
}
