use etag_runtime::ETag;

#[derive(ETag)]
enum Document {
    Draft { version: u64 },
    Published { version: u64 },
}

fn main() {}
