use etag_runtime::ETag;

#[derive(ETag)]
struct User {
    id: u64,
    version: u64,
}

fn main() {}
