use etag_runtime::ETag;

#[derive(ETag)]
#[etag(prefix = "v+")]
struct User {
    #[etag]
    version: u64,
}

fn main() {}
