//! The coding negotiated for an Accept-Encoding field value, remembered per worker thread.
//!
//! actix's `AcceptEncoding` parses the field into a list, and `negotiate` builds a hash set and a ranked list, on
//! every call: about 7,000 instructions for a browser's `gzip, deflate, br, zstd`, where a whole plain 200 of a
//! small page runs 23,000, and browsers send the field on every request. The answer depends only on the field's
//! bytes and on the codings `Compress` has in this build (fixed for the process), and clients send few distinct
//! values; so each worker thread keeps the last few answers, keyed by the exact bytes. Only the negotiation is
//! kept, never anything of a resource or a response, and no thread sees another's.

use std::cell::RefCell;

use actix_web::http::header::ContentEncoding;

/// How many distinct field values each thread remembers; the oldest goes first.
const ENTRIES: usize = 8;

/// A longer value is negotiated every time rather than kept: no real client sends one.
const LONGEST_KEPT: usize = 128;

struct Entry {
    field: Box<[u8]>,
    coding: Option<ContentEncoding>,
}

#[derive(Default)]
struct Recent {
    entries: Vec<Entry>,
    /// Where the next new value goes once all entries are taken.
    next: usize,
}

thread_local! {
    static RECENT: RefCell<Recent> = RefCell::new(Recent::default());
}

/// The coding for `field`: remembered, or found by `negotiate` and remembered.
pub(crate) fn remembered(field: &[u8], negotiate: impl FnOnce() -> Option<ContentEncoding>) -> Option<ContentEncoding> {
    if field.len() > LONGEST_KEPT {
        return negotiate();
    }
    RECENT.with(|recent| {
        let found = recent.borrow().find(field);
        found.unwrap_or_else(|| {
            let coding = negotiate();
            recent.borrow_mut().keep(field, coding);
            coding
        })
    })
}

impl Recent {
    fn find(&self, field: &[u8]) -> Option<Option<ContentEncoding>> {
        self.entries
            .iter()
            .find(|entry| *entry.field == *field)
            .map(|entry| entry.coding)
    }

    fn keep(&mut self, field: &[u8], coding: Option<ContentEncoding>) {
        let entry = Entry {
            field: field.into(),
            coding,
        };
        if self.entries.len() < ENTRIES {
            self.entries.push(entry);
        } else {
            self.entries[self.next] = entry;
            self.next = (self.next + 1) % ENTRIES;
        }
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::*;

    #[test]
    fn negotiates_once_per_value_and_forgets_the_oldest() {
        let calls = Cell::new(0);
        let counted = |coding: Option<ContentEncoding>| {
            let calls = &calls;
            move || {
                calls.set(calls.get() + 1);
                coding
            }
        };
        let gzip = Some(ContentEncoding::Gzip);
        assert_eq!(remembered(b"gzip", counted(gzip)), gzip);
        assert_eq!(remembered(b"gzip", counted(None)), gzip, "the first answer is kept");
        assert_eq!(calls.get(), 1);
        for other in 0..ENTRIES {
            remembered(format!("x{other}").as_bytes(), counted(None));
        }
        assert_eq!(
            remembered(b"gzip", counted(None)),
            None,
            "forgotten after ENTRIES others"
        );
        let long = vec![b'a'; LONGEST_KEPT + 1];
        remembered(&long, counted(None));
        remembered(&long, counted(None));
        assert_eq!(calls.get(), 1 + ENTRIES + 1 + 2, "a long value is never kept");
    }
}
