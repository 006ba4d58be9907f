use etag_runtime::conditional;

#[conditional]
async fn handler() {}

fn main() {}
