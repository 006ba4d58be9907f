//! An axum router served over real HTTP on 127.0.0.1, on a runtime of its own in a thread, stopped when dropped.
#![allow(dead_code, reason = "each test file uses a different part")]

use std::net::SocketAddr;
use std::thread::JoinHandle;

use axum::Router;
use tokio::sync::oneshot;

/// A running axum server; dropping it shuts the server down and waits for its thread.
pub struct AxumServer {
    pub addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Drop for AxumServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            stop.send(()).ok();
        }
        if let Some(thread) = self.thread.take() {
            drop(thread.join());
        }
    }
}

/// Serves `router` on a free port of 127.0.0.1.
pub fn serve_axum(router: Router) -> AxumServer {
    let (stop, stopped) = oneshot::channel::<()>();
    let (started, addr) = std::sync::mpsc::channel();
    let thread = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a free port");
            started
                .send(listener.local_addr().expect("its address"))
                .expect("the test waits");
            let shutdown = async move { drop(stopped.await) };
            axum::serve(listener, router)
                .with_graceful_shutdown(shutdown)
                .await
                .expect("the server runs");
        });
    });
    let addr = addr
        .recv_timeout(std::time::Duration::from_secs(30))
        .expect("the server starts");
    AxumServer {
        addr,
        stop: Some(stop),
        thread: Some(thread),
    }
}

/// Server-sent events that never end, as an axum body: the first event, then nothing, forever.
#[derive(Default)]
pub struct Endless(bool);

impl http_body::Body for Endless {
    type Data = axum::body::Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        _cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        if self.0 {
            return std::task::Poll::Pending;
        }
        self.0 = true;
        let first = axum::body::Bytes::from_static(b"data: first\n\n");
        std::task::Poll::Ready(Some(Ok(http_body::Frame::data(first))))
    }
}
