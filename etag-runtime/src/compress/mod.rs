//! Which content codings actix's `Compress` produces in this build. Its own layer, below the evaluator, because
//! both the precondition evaluator (which `+coding` suffixes name a state) and the actix integration (which
//! coding a response gets) need the answer, and the evaluator may not use the actix layer.

mod probe;

pub(crate) use probe::{coding_names, compress_codings};
