//! The shapes of handler output the macro understands: `T`, `Json<T>`, `Result<T, E>`, `Result<Json<T>, E>`.

use syn::{GenericArgument, PathArguments, Type};

/// How to get from the handler's output to the value to tag.
pub struct Shape {
    /// `Result<_, E>` (or a one-argument `Result<_>` alias such as `actix_web::Result`): errors pass through.
    pub fallible: bool,
    /// `Json<T>` inside: the value is its `.0`.
    pub json: bool,
}

impl Shape {
    pub fn of(output: &Type) -> Self {
        match generic_argument(output, "Result") {
            Some(ok) => Shape {
                fallible: true,
                json: generic_argument(ok, "Json").is_some(),
            },
            None => Shape {
                fallible: false,
                json: generic_argument(output, "Json").is_some(),
            },
        }
    }
}

/// If `ty` is a path whose last segment is `name<A, ...>`, its first type argument `A`.
fn generic_argument<'a>(ty: &'a Type, name: &str) -> Option<&'a Type> {
    let Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    if last.ident != name {
        return None;
    }
    let PathArguments::AngleBracketed(arguments) = &last.arguments else {
        return None;
    };
    arguments.args.iter().find_map(|argument| match argument {
        GenericArgument::Type(ty) => Some(ty),
        _ => None,
    })
}
