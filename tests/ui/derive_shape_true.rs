use etag_runtime::ETag;

#[derive(ETag)]
#[etag(shape = true)]
struct User {
    #[etag]
    version: u64,
}

fn main() {}
