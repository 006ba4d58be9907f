//! The bench server's plain handler, bare (`/peer2-plain`, the baseline of this build) and behind etag-actix-middleware 0.2 (`/peer2`, strong tags
//! of xxh3), over the same items as `examples/bench_server`. See `Cargo.toml` for why it is a build of its own.
//!
//! ```sh
//! cargo run --release --manifest-path peers/peer2-server/Cargo.toml -- --addr 127.0.0.1:8082 --workers 1
//! ```

// Shared with bench_server, whose tagged model this server has no route for.
#[allow(dead_code)]
#[path = "../../../examples/bench_server/items.rs"]
mod items;

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;

use actix_web::web::{self, Json};
use actix_web::{App, HttpServer};
use clap::Parser;

use crate::items::{Item, Page};

/// The same handler as bench_server's `plain`.
async fn plain(items: web::Data<Arc<[Item]>>, n: web::Path<usize>) -> Json<Page> {
    Json(Page::first(&items, n.into_inner()))
}

#[derive(Parser)]
#[command(name = "peer2-server")]
struct Args {
    /// Where to listen.
    #[arg(long, value_name = "IP:PORT", default_value = "127.0.0.1:8082")]
    addr: SocketAddr,

    /// actix worker threads.
    #[arg(long, value_name = "N", default_value_t = 1)]
    workers: usize,

    /// Register `/peer2` ahead of `/peer2-plain`, so that routing costs it no failed match (as bench_server's
    /// `--first`); the value names the case, `peer2` or `peer2-plain`.
    #[arg(long, value_name = "CASE")]
    first: Option<String>,
}

#[actix_web::main]
async fn main() -> io::Result<()> {
    let args = Args::parse();
    let items = web::Data::new(items::build());
    let peer_first = args.first.as_deref() == Some("peer2");
    let server = HttpServer::new(move || {
        let peer = web::scope("/peer2")
            .wrap(etag_actix_middleware::ETag::strong())
            .route("/{n}", web::get().to(plain));
        let bare = web::scope("/peer2-plain").route("/{n}", web::get().to(plain));
        let app = App::new().app_data(items.clone());
        if peer_first {
            app.service(peer).service(bare)
        } else {
            app.service(bare).service(peer)
        }
    })
    .workers(args.workers)
    .bind(args.addr)?;
    server.run().await
}
