// A misspelt hash is one error, on the name, listing the names there are.
use etag_runtime::conditional;

#[conditional(hash = xxh4)]
async fn handler() -> String {
    "body".to_owned()
}

fn main() {}
