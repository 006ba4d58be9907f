//! The users example: a REST API on SQLite or PostgreSQL whose reads are conditional (`#[conditional]`: ETag,
//! 304) and whose writes check If-Match, If-None-Match and If-Unmodified-Since inside the transaction that writes.
//!
//! ```sh
//! cargo run --release --example users -- --addr 127.0.0.1:8080 --db users.sqlite
//! cargo run --release --example users -- --addr 127.0.0.1:8080 --db postgres://postgres@127.0.0.1:5432/users
//! ```

mod cli;
mod docs;
mod errors;
mod model;
mod pages;
mod paths;
mod reads;
mod routes;
mod store;
mod writes;

use std::io::{self, Write};
use std::process::ExitCode;

use actix_web::middleware::{Compress, Condition, Logger};
use actix_web::{App, HttpServer, web};
use clap::Parser;

use crate::cli::Args;
use crate::store::Store;

fn main() -> ExitCode {
    // `--help` prints the usage and exits 0; an unknown or malformed argument exits 2 with clap's message.
    let args = Args::parse();
    if args.log {
        start_access_log();
    }
    // Anything that stops the example is said in one line naming what failed, and exits 1.
    match actix_web::rt::System::new().block_on(start(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("users: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn start(args: Args) -> Result<(), String> {
    let store = Store::open(args.db.as_ref(), usize::from(args.pool))
        .await
        .map_err(|error| error.to_string())?;
    let addr = args.addr;
    serve(args, store)
        .await
        .map_err(|error| format!("cannot serve on {addr}: {error}"))
}

async fn serve(args: Args, store: Store) -> io::Result<()> {
    // Made once, outside the factory: actix calls the factory once per worker, and all workers must share
    // one store (and, in memory, one database).
    let store = web::Data::new(store);
    let document = web::Data::new(docs::Document::new().map_err(io::Error::other)?);
    let log = args.log;
    let server = HttpServer::new(move || {
        App::new()
            .wrap(Compress::default())
            // Outermost, so that it logs what the client receives: the 304s and the ETags as sent.
            .wrap(Condition::new(log, access_log()))
            .app_data(store.clone())
            .app_data(document.clone())
            .app_data(errors::json_config())
            .configure(routes::configure)
    })
    .bind(args.addr)?;
    for addr in server.addrs() {
        // Tests start the example on port 0 and read the port from this line.
        println!("listening on http://{addr}");
    }
    server.run().await
}

/// `--log`: one line per request, which the interop tests read to see what real clients sent and received.
fn access_log() -> Logger {
    Logger::new("%{method}xi %U if-none-match=%{If-None-Match}i status=%s etag=%{ETag}o")
        .custom_request_replace("method", |request| request.method().to_string())
}

/// actix's `Logger` writes through the `log` crate; env_logger prints its lines, bare, on standard output.
fn start_access_log() {
    env_logger::Builder::new()
        .filter_module("actix_web::middleware::logger", log::LevelFilter::Info)
        .format(|out, record| writeln!(out, "{}", record.args()))
        .target(env_logger::Target::Stdout)
        .init();
}
