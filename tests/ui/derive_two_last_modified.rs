use std::time::SystemTime;

use etag_runtime::ETag;

#[derive(ETag)]
struct User {
    #[etag]
    version: u64,
    #[last_modified]
    created_at: SystemTime,
    #[last_modified]
    updated_at: SystemTime,
}

fn main() {}
