//! `#[derive(ETag)]`'s `etag()` allocates once per call: counted by a global allocator, per thread, so that the
//! test harness's own threads (which print and wait while the test runs) are not counted with it.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use etag_runtime::ETag;

struct Counting;

thread_local! {
    // `const` and without a destructor: reading it never allocates, so the allocator may use it.
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

fn count_one() {
    // `try_with`: a thread being torn down may still free and allocate after its locals are gone.
    let _ = ALLOCATIONS.try_with(|count| count.set(count.get() + 1));
}

fn allocations_so_far() -> usize {
    ALLOCATIONS.with(Cell::get)
}

// SAFETY: every call is forwarded to the system allocator unchanged; only a counter is added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count_one();
        // SAFETY: the caller's contract is passed on as it is.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count_one();
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
    let before = allocations_so_far();
    let tag = user.etag();
    let after = allocations_so_far();
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
