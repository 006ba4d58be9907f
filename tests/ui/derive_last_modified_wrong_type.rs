use etag_runtime::ETag;

#[derive(ETag)]
struct User {
    #[etag]
    version: u64,
    #[last_modified]
    updated_at: i64,
}

fn main() {}
