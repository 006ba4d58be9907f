use etag_runtime::conditional;

struct Opaque;

#[conditional]
async fn handler() -> Opaque {
    Opaque
}

fn main() {}
