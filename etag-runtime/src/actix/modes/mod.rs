//! The modes of `#[conditional]`, one file each with its type and its impl; `private.rs` picks one from the
//! handler's output type. Every mode's `respond` is awaited by the generated code: a `Deferred` body must be, and
//! the others answer at once, with a ready [`Answer`].

mod deferring;
mod hashed;
mod never;
mod rendered;
mod tagged;
mod tagged_json;
mod tagged_responder;
mod unsupported;

pub use deferring::Deferring;
pub use hashed::{Hashed, HashedJsonValue};
pub use never::Never;
pub use rendered::Rendered;
pub use tagged::Tagged;
pub use tagged_json::TaggedJson;
pub use tagged_responder::TaggedResponder;
pub use unsupported::{Representable, Unsupported};

/// The response of a mode that needs no waiting, ready for the `.await` the macro writes after every mode.
pub type Answer = std::future::Ready<actix_web::HttpResponse>;
