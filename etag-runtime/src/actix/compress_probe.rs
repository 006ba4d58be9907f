//! Which content codings actix's `Compress` middleware applies in this build, found once by running it.
//!
//! `Compress` negotiates only among the codings compiled into actix-web (its cargo features `compress-brotli`,
//! `compress-gzip` and `compress-zstd`, which the application chooses and cargo unifies across the build), and
//! a library cannot read another crate's features. So the first conditional response runs the real
//! middleware, from this very build, over a small JSON body, once per coding actix knows, offering that coding
//! alone; a coding belongs to the set when the response comes back with it as its Content-Encoding.
//!
//! Why this cannot drift from what `Compress` does: the set is not a copy of actix's feature list but the
//! observed output of `Compress` and of actix-http's encoder, so a coding is in it exactly when `Compress` can
//! produce it. The choice per request is then made by [`AcceptEncoding::negotiate`] over that set plus
//! identity, the same call with the same set that `Compress` makes (`actix/coding.rs`).
//!
//! [`AcceptEncoding::negotiate`]: actix_web::http::header::AcceptEncoding::negotiate

use std::future::Future;
use std::pin::pin;
use std::sync::OnceLock;
use std::task::{Context, Poll, Waker};

use actix_web::HttpResponse;
use actix_web::dev::{Service, ServiceRequest, Transform, fn_service};
use actix_web::http::header::{self, ContentEncoding, Encoding};
use actix_web::middleware::Compress;
use actix_web::test::TestRequest;

/// Every coding actix-web can be built with, strongest preference first.
const KNOWN: [ContentEncoding; 4] = [
    ContentEncoding::Brotli,
    ContentEncoding::Zstd,
    ContentEncoding::Gzip,
    ContentEncoding::Deflate,
];

/// A body `Compress` would encode: JSON, as the conditional modes send, and large enough that a minimum-size
/// rule, should actix ever add one below 2 KiB, would not hide a coding from the probe.
const PROBE_BODY_ITEMS: usize = 1024; // "[1,1,...,1]": 2 KiB

/// The codings `Compress` applies in this build, as `Encoding`s ready for negotiation.
pub(crate) fn compress_codings() -> &'static [Encoding] {
    static CODINGS: OnceLock<Vec<Encoding>> = OnceLock::new();
    CODINGS.get_or_init(|| {
        KNOWN
            .into_iter()
            .filter(|&coding| compress_applies(coding))
            .map(Encoding::Known)
            .collect()
    })
}

/// The same codings by name, the suffixes of a strong tag's coding forms (`validators/coding.rs`).
pub(crate) fn coding_names() -> &'static [&'static str] {
    static NAMES: OnceLock<Vec<&'static str>> = OnceLock::new();
    NAMES.get_or_init(|| {
        compress_codings()
            .iter()
            .filter_map(|coding| match coding {
                Encoding::Known(coding) => Some(coding.as_str()),
                _ => None,
            })
            .collect()
    })
}

/// Whether `Compress` encodes a JSON 200 with `coding` when the request offers that coding alone.
fn compress_applies(coding: ContentEncoding) -> bool {
    let body = format!("[{}1]", "1,".repeat(PROBE_BODY_ITEMS));
    let service = fn_service(move |request: ServiceRequest| {
        let response = HttpResponse::Ok().content_type("application/json").body(body.clone());
        std::future::ready(Ok::<_, actix_web::Error>(request.into_response(response)))
    });
    // Not ready would mean actix changed how `Compress` runs (see `poll_ready`); the tests over real HTTP,
    // which compare every tag with the Content-Encoding sent, then fail.
    let Some(Ok(middleware)) = poll_ready(Compress::default().new_transform(service)) else {
        return false;
    };
    let request = TestRequest::default()
        .insert_header((header::ACCEPT_ENCODING, coding.as_str()))
        .to_srv_request();
    match poll_ready(middleware.call(request)) {
        Some(Ok(response)) => response
            .headers()
            .get(header::CONTENT_ENCODING)
            .is_some_and(|sent| sent.as_bytes() == coding.as_str().as_bytes()),
        _ => false,
    }
}

/// The result of a future that is ready on its first poll. Everything the probe polls is: the transform is
/// actix's `Ready`, the service answers with `std::future::ready`, and `Compress` maps that answer without
/// waiting on anything else.
fn poll_ready<F: Future>(future: F) -> Option<F::Output> {
    match pin!(future).poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(output) => Some(output),
        Poll::Pending => None,
    }
}
