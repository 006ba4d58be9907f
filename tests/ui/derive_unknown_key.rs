use etag_runtime::ETag;

#[derive(ETag)]
struct User {
    #[etag(strong)]
    version: u64,
}

fn main() {}
