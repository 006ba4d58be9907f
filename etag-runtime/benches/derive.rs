//! The cost of a derived `etag()` against the hand-written impl it replaces, for the users example's tag (one
//! integer after a prefix) and for a tag of an id and a name.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use etag_runtime::{ETag, EntityTag};

#[derive(ETag)]
#[etag(prefix = "v")]
struct DerivedVersion {
    #[etag]
    version: i64,
}

struct HandVersion {
    version: i64,
}

impl ETag for HandVersion {
    fn etag(&self) -> EntityTag {
        EntityTag::strong(format!("v{}", self.version)).expect("'v' and digits are etagc")
    }
}

#[derive(ETag)]
struct DerivedIdName {
    #[etag]
    id: u64,
    #[etag]
    name: String,
}

struct HandIdName {
    id: u64,
    name: String,
}

impl ETag for HandIdName {
    fn etag(&self) -> EntityTag {
        // Hand-written, the name must be encoded to be a valid tag whatever it holds.
        let encoded = EntityTag::from_bytes_strong(self.name.as_bytes());
        EntityTag::strong(format!("{}-{}", self.id, encoded.opaque())).expect("digits, '-' and base64 are etagc")
    }
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("etag()");
    let version = 1_795_510_953;
    group.bench_function("version, derived", |b| {
        b.iter(|| black_box(&DerivedVersion { version }).etag())
    });
    group.bench_function("version, hand-written", |b| {
        b.iter(|| black_box(&HandVersion { version }).etag())
    });
    let name = "Ada Lovelace".to_owned();
    let derived = DerivedIdName {
        id: 42,
        name: name.clone(),
    };
    let hand = HandIdName { id: 42, name };
    group.bench_function("id and name, derived", |b| b.iter(|| black_box(&derived).etag()));
    group.bench_function("id and name, hand-written", |b| b.iter(|| black_box(&hand).etag()));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
