//! The users example: a REST API on SQLite or PostgreSQL whose reads are conditional (`#[conditional]`: ETag,
//! 304) and whose writes check If-Match, If-None-Match and If-Unmodified-Since inside the transaction that writes.
//!
//! ```sh
//! cargo run --release --example users -- --addr 127.0.0.1:8080 --db users.sqlite
//! cargo run --release --example users -- --addr 127.0.0.1:8080 --db postgres://postgres@127.0.0.1:5432/users
//! ```

mod access_log;
mod api_error;
mod card;
mod cli;
mod docs;
mod errors;
mod health;
mod json_object;
mod log_lines;
mod me;
mod metrics;
mod model;
mod openapi_parts;
mod pages;
mod paths;
mod readiness;
mod reads;
mod routes;
mod store;
mod updates;
mod views;
mod writes;

use std::io;
use std::process::ExitCode;

use actix_web::middleware::{Compress, Condition, from_fn};
use actix_web::{App, HttpServer, web};
use metrics_exporter_prometheus::PrometheusHandle;

use crate::cli::Args;
use crate::store::Store;

fn main() -> ExitCode {
    cli::main(|args| actix_web::rt::System::new().block_on(start(args)))
}

async fn start(args: Args) -> Result<(), String> {
    let store = Store::open(args.db.as_ref(), usize::from(args.pool), args.key_limits())
        .await
        .map_err(|error| error.to_string())?;
    let metrics = args.metrics.then(metrics::install).transpose()?;
    let addr = args.addr;
    serve(args, store, metrics)
        .await
        .map_err(|error| format!("cannot serve on {addr}: {error}"))
}

async fn serve(args: Args, store: Store, metrics: Option<PrometheusHandle>) -> io::Result<()> {
    // Made once, outside the factory: actix calls the factory once per worker, and all workers must share
    // one store (and, in memory, one database).
    let store = web::Data::new(store);
    let document = web::Data::new(docs::Document::new().map_err(io::Error::other)?);
    let log = args.log().is_some();
    let server = HttpServer::new(move || {
        App::new()
            .wrap(Compress::default())
            .wrap(from_fn(errors::errors_not_stored))
            // Outermost, so that it logs what the client receives: the 304s and the ETags as sent.
            .wrap(Condition::new(log, from_fn(access_log::access_log)))
            .app_data(store.clone())
            .app_data(document.clone())
            // Keys belong to the requester where one is named (X-User): the same key from another is another key.
            .app_data(&me::REQUESTER)
            .app_data(errors::json_config())
            .configure(routes::configure)
            .configure(|config| {
                if let Some(handle) = &metrics {
                    metrics::routes(config, handle);
                }
            })
    })
    .bind(args.addr)?;
    for addr in server.addrs() {
        // Tests start the example on port 0 and read the port from this line.
        println!("listening on http://{addr}");
    }
    server.run().await
}
