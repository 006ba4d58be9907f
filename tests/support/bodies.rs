//! Response bodies the tests need that actix does not provide.

use std::pin::Pin;
use std::task::{Context, Poll};

use actix_web::body::{BodySize, MessageBody};
use actix_web::web::Bytes;

/// Server-sent events that never end: the first event, then nothing, forever. `Endless::new()` starts it.
pub struct Endless(bool);

impl Endless {
    pub fn new() -> Self {
        Endless(false)
    }
}

impl MessageBody for Endless {
    type Error = std::convert::Infallible;
    fn size(&self) -> BodySize {
        BodySize::Stream
    }
    fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Result<Bytes, Self::Error>>> {
        if std::mem::replace(&mut self.0, true) {
            Poll::Pending
        } else {
            Poll::Ready(Some(Ok(Bytes::from_static(b"data: first\n\n"))))
        }
    }
}
