use etag_runtime::{Deferred, EntityTag, conditional};

struct Report {
    rows: Vec<u32>,
}

#[conditional]
async fn handler() -> Deferred {
    let tag = EntityTag::strong("report-1").unwrap();
    Deferred::new(tag, async { Report { rows: vec![1, 2] } })
}

fn main() {}
