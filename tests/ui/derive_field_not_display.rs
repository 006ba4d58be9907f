use etag_runtime::ETag;

#[derive(ETag)]
struct User {
    #[etag]
    versions: Vec<u64>,
}

fn main() {}
