//! `#[derive(ETag)]`'s `etag()` allocates once per call: counted by a global allocator, in a test binary of its
//! own with a single test, so that nothing else allocates meanwhile.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use etag_runtime::ETag;

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded to the system allocator unchanged; only a counter is added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller's contract is passed on as it is.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

#[derive(ETag)]
#[etag(prefix = "user-")]
struct User {
    #[etag]
    id: u64,
    #[etag]
    name: String,
    #[etag]
    version: i64,
}

fn allocations_of_etag(user: &User) -> usize {
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    let tag = user.etag();
    let after = ALLOCATIONS.load(Ordering::Relaxed);
    drop(tag);
    after - before
}

// Both paths: a short tag (written on the stack, then copied) and a long one (counted, then written).
#[test]
fn derived_etag_allocates_once() {
    let short = User {
        id: 7,
        name: "Ada".to_owned(),
        version: 3,
    };
    let long = User {
        id: u64::MAX,
        name: "Ada \"the Countess\" Lovelace, née Byron".repeat(8),
        version: -3,
    };
    assert_eq!(allocations_of_etag(&short), 1);
    assert_eq!(allocations_of_etag(&long), 1);
}
