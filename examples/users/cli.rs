//! The command line: where to listen and where the database lives.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;

/// A REST API of users on SQLite, with conditional reads (ETag, 304) and conditional writes (If-Match, 412).
#[derive(Debug, Parser)]
#[command(name = "users")]
pub struct Args {
    /// Where to listen; port 0 picks a free one, printed on the first line as `listening on http://IP:PORT`.
    #[arg(long, value_name = "IP:PORT", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,

    /// A SQLite file, shareable by several processes (WAL mode). Without it, the database is in memory.
    #[arg(long, value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Print a line per request on standard output: method, path, If-None-Match, status and ETag ("-" for an
    /// absent field), such as `GET /users/1 if-none-match="v1" status=304 etag="v1"`.
    #[arg(long)]
    pub log: bool,
}
