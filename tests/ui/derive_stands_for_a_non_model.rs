use etag_runtime::ETag;

struct User {
    version: u64,
}

#[derive(ETag)]
#[etag(stands_for = User)]
struct UserStamp {
    #[etag]
    version: u64,
}

fn main() {}
