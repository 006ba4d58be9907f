//! The benchmark server: the same pages of items through a plain actix handler, through `#[conditional]` in
//! hashing mode (SHA-1 and xxh3), with a model tag, with validators before the body (`Deferred`) and on an
//! `HttpResponse`, through the `Conditional` middleware (SHA-1 and xxh3), and through the third-party
//! actix-middleware-etag (`/peer`). `scripts/bench-http.sh` drives it with wrk.
//!
//! etag-actix-middleware, the other body-hashing middleware, is not here: it depends on actix-web with its
//! default features, which would add brotli and zstd to `Compress` in every example and test of this package
//! (cargo unifies features per build), and the users example's contract is a gzip-only build.
//!
//! ```sh
//! cargo run --release --example bench_server -- --addr 127.0.0.1:8081 --workers 1
//! ```

mod items;

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;

use actix_web::web::{self, Json};
use actix_web::{App, HttpResponse, HttpServer};
use clap::{Parser, ValueEnum};
use etag_runtime::{BodyHash, Conditional, Deferred, EntityTag, conditional};

use crate::items::{Item, Page, TaggedPage};

/// The baseline: actix's own `Json`, no validators.
async fn plain(items: web::Data<Arc<[Item]>>, n: web::Path<usize>) -> Json<Page> {
    Json(Page::first(&items, *n))
}

/// Hashing mode: serialized once, the ETag is the SHA-1 of those bytes.
#[conditional]
async fn hashed(items: web::Data<Arc<[Item]>>, n: web::Path<usize>) -> Json<Page> {
    Json(Page::first(&items, *n))
}

/// Hashing mode with xxh3-128 in place of SHA-1.
#[conditional(hash = xxh3)]
async fn hashed_xxh3(items: web::Data<Arc<[Item]>>, n: web::Path<usize>) -> Json<Page> {
    Json(Page::first(&items, *n))
}

/// Responder mode: the page's JSON bytes in an `HttpResponse`, hashed after rendering. The limit lets the
/// 10,000-item page (about 1.2 MB) be hashed too.
#[conditional(hash_limit = 16_777_216)]
async fn responder(items: web::Data<Arc<[Item]>>, n: web::Path<usize>) -> HttpResponse {
    let body = serde_json::to_vec(&Page::first(&items, *n)).unwrap_or_default();
    HttpResponse::Ok().content_type("application/json").body(body)
}

/// Model mode: the tag comes from the data set's version; a 304 serializes nothing.
#[conditional]
async fn tagged(items: web::Data<Arc<[Item]>>, n: web::Path<usize>) -> Json<TaggedPage> {
    Json(TaggedPage::first(&items, *n))
}

/// Validators before the work: the tag from the data set's version (a constant here, as a change counter read in
/// one query would give), the page built and serialized only when a body goes out.
#[conditional]
async fn deferred(items: web::Data<Arc<[Item]>>, n: web::Path<usize>) -> Deferred {
    let n = n.into_inner();
    let tag = EntityTag::strong(format!("items-v1-n{n}")).expect("digits are etagc");
    Deferred::json(tag, async move { Page::first(&items, n) })
}

/// Serves pages of items each way above for `scripts/bench-http.sh`.
#[derive(Parser)]
#[command(name = "bench_server")]
struct Args {
    /// Where to listen.
    #[arg(long, value_name = "IP:PORT", default_value = "127.0.0.1:8081")]
    addr: SocketAddr,

    /// actix worker threads; the benchmark uses one, so that wrk has the other core.
    #[arg(long, value_name = "N", default_value_t = 1)]
    workers: usize,

    /// The case whose scope is registered first, so that routing costs it no failed match
    /// (`scripts/bench-instructions.sh` gives the case it counts).
    #[arg(long, value_enum)]
    first: Option<Case>,
}

/// The routes, each under a scope of its name, registered in this order (clap lists the variants).
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Case {
    Plain,
    Hashed,
    HashedXxh3,
    Tagged,
    Deferred,
    Responder,
    Middleware,
    MiddlewareXxh3,
    Peer,
}

impl Case {
    fn register(self, config: &mut web::ServiceConfig) {
        let route = "/{n}";
        match self {
            Case::Plain => config.service(web::scope("/plain").route(route, web::get().to(plain))),
            Case::Hashed => config.service(web::scope("/hashed").route(route, web::get().to(hashed))),
            Case::HashedXxh3 => config.service(web::scope("/hashed-xxh3").route(route, web::get().to(hashed_xxh3))),
            Case::Tagged => config.service(web::scope("/tagged").route(route, web::get().to(tagged))),
            Case::Deferred => config.service(web::scope("/deferred").route(route, web::get().to(deferred))),
            Case::Responder => config.service(web::scope("/responder").route(route, web::get().to(responder))),
            // The plain handler, made conditional by a middleware: this crate's, then the third-party peer's.
            Case::Middleware => config.service(
                web::scope("/middleware")
                    .wrap(Conditional::default().hash_limit(16 << 20))
                    .route(route, web::get().to(plain)),
            ),
            Case::MiddlewareXxh3 => config.service(
                web::scope("/middleware-xxh3")
                    .wrap(Conditional::default().hash_limit(16 << 20).hash(BodyHash::Xxh3))
                    .route(route, web::get().to(plain)),
            ),
            Case::Peer => config.service(
                web::scope("/peer")
                    .wrap(actix_middleware_etag::Etag::default())
                    .route(route, web::get().to(plain)),
            ),
        };
    }
}

#[actix_web::main]
async fn main() -> io::Result<()> {
    let args = Args::parse();
    let items = web::Data::new(items::build());
    let first = args.first;
    let server = HttpServer::new(move || {
        App::new().app_data(items.clone()).configure(|config| {
            // One scope per case: a static prefix is matched without a regex. actix tries the scopes in order,
            // so each one registered before a case costs that case a failed match; `--first` puts the case being
            // measured ahead of the others.
            for case in first.iter().copied().chain(
                Case::value_variants()
                    .iter()
                    .copied()
                    .filter(|case| Some(*case) != first),
            ) {
                case.register(config);
            }
        })
    })
    .workers(args.workers)
    .bind(args.addr)?;
    for addr in server.addrs() {
        println!("listening on http://{addr}");
    }
    server.run().await
}
