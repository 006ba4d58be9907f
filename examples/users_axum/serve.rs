//! The server: the router on hyper's HTTP/1.1 connections, with what actix-web's server does and `axum::serve`
//! does not:
//!
//! - a client that has not sent a whole request head within [`HEAD_WITHIN`] (a silent or slow one, or an idle
//!   keep-alive connection) is disconnected, so that idle clients cannot hold every file descriptor;
//! - a request whose client closed its side of the connection after sending it is served: hyper otherwise drops
//!   the request as soon as it reads the end of the connection, and a write then lands or not by chance;
//! - SIGTERM or Ctrl-C stops accepting, and the requests in flight get [`DRAIN`] to end.

use std::io;
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;

/// How long a client may take to send a request head, counted from when the connection waits for one:
/// actix-web's default (its client request timeout and its keep-alive).
const HEAD_WITHIN: Duration = Duration::from_secs(5);

/// How long the requests in flight may take once the process is told to stop: actix-web's default.
const DRAIN: Duration = Duration::from_secs(30);

/// Serves `app` on `listener` until the process is told to stop, then drains.
pub async fn serve(listener: TcpListener, app: Router) -> io::Result<()> {
    let connections = GracefulShutdown::new();
    let stop = stopped();
    tokio::pin!(stop);
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut stop => break,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            // Out of file descriptors, say: wait a moment rather than spin on the error.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let connection = http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(HEAD_WITHIN)
            // A client that closed its side after sending its request still gets it served.
            .half_close(true)
            .serve_connection(TokioIo::new(stream), TowerToHyperService::new(app.clone()));
        let connection = connections.watch(connection);
        // A connection's error (a client that went away, a head that came too late) ends that connection only.
        tokio::spawn(async move { drop(connection.await) });
    }
    drop(listener);
    // What is still running after `DRAIN` is cut off when the process exits.
    drop(tokio::time::timeout(DRAIN, connections.shutdown()).await);
    Ok(())
}

/// SIGTERM (an orchestrator stopping the instance) or Ctrl-C.
async fn stopped() {
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => drop(signal.recv().await),
            Err(_) => std::future::pending().await,
        }
    };
    tokio::select! {
        _ = terminate => {}
        _ = tokio::signal::ctrl_c() => {}
    }
}
