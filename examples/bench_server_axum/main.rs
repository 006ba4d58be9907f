//! The benchmark server on axum: the bench server's pages of items through a plain axum handler, through the
//! `Conditional` layer hashing that handler's body (SHA-1 and xxh3), with a model's own tag (`Tagged`), and with
//! validators before the work (`Deferred`). `scripts/bench-http.sh` drives it beside the actix bench server, and
//! each case here is a ratio to this server's own plain handler.
//!
//! ```sh
//! cargo run --release --example bench_server_axum -- --addr 127.0.0.1:8083
//! ```

#[path = "../bench_server/items.rs"]
mod items;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};
use clap::Parser;
use etag_runtime::axum::{Conditional, Deferred, Tagged};
use etag_runtime::{BodyHash, EntityTag};

use crate::items::{Item, Page, TaggedPage};

type Items = State<Arc<[Item]>>;

/// The baseline: axum's own `Json`, no validators.
async fn plain(State(items): Items, Path(n): Path<usize>) -> Json<Page> {
    Json(Page::first(&items, n))
}

/// A model's tag; the page is serialized only for a 200.
async fn tagged(State(items): Items, Path(n): Path<usize>) -> Tagged<TaggedPage> {
    Tagged(TaggedPage::first(&items, n))
}

/// Validators before the work: the tag from the data set's version, the page built only for a 200.
async fn deferred(State(items): Items, Path(n): Path<usize>) -> Deferred {
    let tag = EntityTag::strong(format!("items-v1-n{n}")).expect("digits are etagc");
    Deferred::json(tag, async move { Page::first(&items, n) })
}

/// Serves pages of items each way above for `scripts/bench-http.sh`.
#[derive(Parser)]
#[command(name = "bench_server_axum")]
struct Args {
    /// Where to listen. The server runs on one thread, as the actix bench server runs one worker, so that wrk
    /// has the other core.
    #[arg(long, value_name = "IP:PORT", default_value = "127.0.0.1:8083")]
    addr: SocketAddr,

    /// Worker threads: one, the only value taken, so that the scripts start both servers alike.
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=1))]
    #[allow(dead_code, reason = "read by clap alone")]
    workers: u8,

    /// Taken and ignored, so that the scripts start both servers alike: axum matches a route by its path at once,
    /// with no scopes tried in turn.
    #[arg(long, value_name = "CASE")]
    #[allow(dead_code, reason = "read by clap alone")]
    first: Option<String>,
}

/// Each case under a prefix of its name, as the actix bench server has them; the layer's cases wrap the plain
/// handler, as the actix middleware's do.
fn router(items: Arc<[Item]>) -> Router {
    let layer = |hash| Conditional::default().hash_limit(16 << 20).hash(hash);
    Router::new()
        .route("/axum-plain/{n}", get(plain))
        .route("/axum-layer/{n}", get(plain).layer(layer(BodyHash::Sha1)))
        .route("/axum-layer-xxh3/{n}", get(plain).layer(layer(BodyHash::Xxh3)))
        .route("/axum-tagged/{n}", get(tagged).layer(Conditional::default()))
        .route("/axum-deferred/{n}", get(deferred).layer(Conditional::default()))
        .with_state(items)
}

fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(args.addr).await?;
        println!("listening on http://{}", listener.local_addr()?);
        axum::serve(listener, router(items::build())).await
    })
}
