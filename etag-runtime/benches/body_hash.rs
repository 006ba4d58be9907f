//! Where the Responder mode and the `Conditional` middleware spend their time beyond a plain handler: the hash
//! of the body. SHA-1 (this crate's weak tags) against xxh3-128 (actix-middleware-etag's), over bodies the size
//! of bench_server's pages at n = 1, 100 and 10,000 (about 120 B, 12 KB and 1.2 MB).

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use sha1::{Digest, Sha1};
use xxhash_rust::xxh3::xxh3_128;

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("body hash");
    for (label, size) in [("n=1", 120), ("n=100", 12_000), ("n=10000", 1_200_000)] {
        let record = br#"{"id":1,"name":"item"},"#;
        let body: Vec<u8> = record.iter().copied().cycle().take(size).collect();
        group.throughput(Throughput::Bytes(size as u64));
        group.bench_with_input(BenchmarkId::new("sha1", label), &body, |b, body| {
            b.iter(|| Sha1::digest(black_box(body)))
        });
        group.bench_with_input(BenchmarkId::new("xxh3-128", label), &body, |b, body| {
            b.iter(|| xxh3_128(black_box(body)))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
