//! The users example on axum: the same HTTP contract as the actix-web example (`examples/users`), from the same
//! store, model and write steps, included from there; only the HTTP layer is this directory's.
//!
//! ```sh
//! cargo run --release --example users_axum -- --addr 127.0.0.1:8080 --db users.sqlite
//! ```

// Shared with the actix example: what knows no framework.
#[path = "../users/api_error.rs"]
mod api_error;
#[path = "../users/cli.rs"]
mod cli;
#[path = "../users/json_object.rs"]
mod json_object;
#[path = "../users/log_lines.rs"]
mod log_lines;
#[path = "../users/model.rs"]
mod model;
#[path = "../users/openapi_parts.rs"]
mod openapi_parts;
#[path = "../users/paths.rs"]
mod paths;
#[path = "../users/readiness.rs"]
mod readiness;
#[path = "../users/store/mod.rs"]
mod store;
#[path = "../users/updates.rs"]
mod updates;
#[path = "../users/views.rs"]
mod views;

// axum's own.
mod access_log;
mod card;
mod docs;
mod errors;
mod extract;
mod health;
mod me;
mod metrics;
mod pages;
mod reads;
mod routes;
mod serve;
mod writes;

use std::process::ExitCode;

use tokio::net::TcpListener;

use crate::cli::Args;
use crate::store::Store;

fn main() -> ExitCode {
    cli::main(|args| {
        let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build();
        let runtime = runtime.map_err(|error| format!("cannot start the runtime: {error}"))?;
        runtime.block_on(start(args))
    })
}

async fn start(args: Args) -> Result<(), String> {
    let store = Store::open(args.db.as_ref(), usize::from(args.pool), args.key_limits())
        .await
        .map_err(|error| error.to_string())?;
    let metrics = args.metrics.then(metrics::install).transpose()?;
    let app = routes::app(store, metrics, args.log().is_some())?;
    let cannot_serve = |error| format!("cannot serve on {}: {error}", args.addr);
    let listener = TcpListener::bind(args.addr).await.map_err(cannot_serve)?;
    let addr = listener.local_addr().map_err(cannot_serve)?;
    // Tests start the example on port 0 and read the port from this line.
    println!("listening on http://{addr}");
    serve::serve(listener, app).await.map_err(cannot_serve)
}
