//! A proxy on 127.0.0.1 that loses answers: it forwards each request to the server, reads the whole answer, and
//! for the first `drops` PATCHes closes the client's connection instead of sending it, as a proxy that times out
//! or a mobile connection that drops after the server committed does. One request per connection (the forwarded
//! request asks the server to close), so that what is dropped is exactly one answer.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The proxy; its thread ends with the test process.
pub struct DroppingProxy {
    pub addr: SocketAddr,
    dropped: Arc<AtomicUsize>,
}

impl DroppingProxy {
    /// Forwards to `upstream`, losing the answers of the first `drops` PATCHes.
    pub fn start(upstream: SocketAddr, drops: usize) -> DroppingProxy {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the proxy on 127.0.0.1");
        let addr = listener.local_addr().expect("the proxy's address");
        let left = Arc::new(AtomicUsize::new(drops));
        let dropped = Arc::new(AtomicUsize::new(0));
        let (left_in_thread, dropped_in_thread) = (left.clone(), dropped.clone());
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let (left, dropped) = (left_in_thread.clone(), dropped_in_thread.clone());
                std::thread::spawn(move || forward(client, upstream, &left, &dropped));
            }
        });
        DroppingProxy { addr, dropped }
    }

    /// How many answers were lost so far.
    pub fn dropped(&self) -> usize {
        self.dropped.load(Ordering::SeqCst)
    }
}

fn forward(client: TcpStream, upstream: SocketAddr, left: &AtomicUsize, dropped: &AtomicUsize) {
    let Some((request, is_patch)) = read_request(&client) else {
        return;
    };
    let Ok(mut server) = TcpStream::connect(upstream) else {
        return;
    };
    if server.write_all(&request).is_err() {
        return;
    }
    let mut answer = Vec::new();
    // The server closes after its answer (the request said `Connection: close`).
    let _ = server.read_to_end(&mut answer);
    let lose = is_patch && !answer.is_empty() && take_one(left);
    let mut client = client;
    if lose {
        dropped.fetch_add(1, Ordering::SeqCst);
    } else {
        let _ = client.write_all(&answer);
    }
    let _ = client.shutdown(Shutdown::Both);
}

/// Takes one from the count of answers still to lose, if any is left.
fn take_one(left: &AtomicUsize) -> bool {
    left.fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
        .is_ok()
}

/// One request from the client, rewritten to ask the server to close after answering; and whether it is a PATCH.
fn read_request(client: &TcpStream) -> Option<(Vec<u8>, bool)> {
    let mut reader = BufReader::new(client.try_clone().ok()?);
    let mut head = Vec::new();
    let mut length = 0usize;
    let mut first = String::new();
    reader.read_line(&mut first).ok()?;
    head.extend_from_slice(first.as_bytes());
    head.extend_from_slice(b"Connection: close\r\n");
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let lower = line.to_ascii_lowercase();
        if let Some(value) = lower.strip_prefix("content-length:") {
            length = value.trim().parse().ok()?;
        }
        if lower.starts_with("connection:") {
            continue;
        }
        head.extend_from_slice(line.as_bytes());
        if line == "\r\n" {
            break;
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    head.extend_from_slice(&body);
    Some((head, first.starts_with("PATCH ")))
}
