use etag_runtime::conditional;

#[conditional]
struct Handler;

fn main() {}
