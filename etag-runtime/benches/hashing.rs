//! The cost of the hashing mode's ETag (canonical JSON + SHA-1) against the least any hashed ETag can cost:
//! `serde_json::to_vec` and a raw SHA-1 of the same bytes. For about 1 KB, 64 KB and 1 MB of JSON, with and
//! without a `HashMap` in each record (whose entries the canonical writer must put in key order).

use std::collections::HashMap;
use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use etag_runtime::hashing::HashedJson;
use serde::Serialize;
use sha1::{Digest, Sha1};

/// About 100 bytes of JSON.
#[derive(Serialize)]
struct Record {
    id: u32,
    name: String,
    tags: Vec<&'static str>,
    price: f64,
    stock: u32,
    active: bool,
}

/// The same, with four attributes in a `HashMap`.
#[derive(Serialize)]
struct RecordWithMap {
    #[serde(flatten)]
    record: Record,
    attributes: HashMap<String, u32>,
}

fn record(id: u32) -> Record {
    Record {
        id,
        name: format!("Record number {id}"),
        tags: vec!["new", "eco"],
        price: f64::from(id % 1000) + 0.99,
        stock: id * 7 % 500,
        active: !id.is_multiple_of(3),
    }
}

fn with_map(id: u32) -> RecordWithMap {
    let attributes = ["weight", "height", "colour", "batch"]
        .iter()
        .map(|k| (k.to_string(), id))
        .collect();
    RecordWithMap {
        record: record(id),
        attributes,
    }
}

/// As many records as make about `bytes` of JSON.
fn sized<T: Serialize>(bytes: usize, make: fn(u32) -> T) -> Vec<T> {
    let one = serde_json::to_vec(&[make(0)]).expect("serializable").len();
    (0..(bytes / one).max(1) as u32).map(make).collect()
}

fn to_vec_then_sha1<T: Serialize>(value: &T) -> [u8; 20] {
    let bytes = serde_json::to_vec(value).expect("serializable");
    Sha1::digest(&bytes).into()
}

fn compare<T: Serialize>(c: &mut Criterion, group_name: &str, make: fn(u32) -> T) {
    let mut group = c.benchmark_group(group_name);
    for (label, bytes) in [("1KB", 1 << 10), ("64KB", 64 << 10), ("1MB", 1 << 20)] {
        let value = sized(bytes, make);
        let json_length = serde_json::to_vec(&value).expect("serializable").len();
        group.throughput(Throughput::Bytes(json_length as u64));
        group.bench_with_input(BenchmarkId::new("hashed_json", label), &value, |b, value| {
            b.iter(|| HashedJson::of(black_box(value)).expect("serializable"))
        });
        group.bench_with_input(BenchmarkId::new("to_vec_sha1", label), &value, |b, value| {
            b.iter(|| to_vec_then_sha1(black_box(value)))
        });
    }
    group.finish();
}

fn hashing(c: &mut Criterion) {
    compare(c, "etag_of_value_no_map", record);
    compare(c, "etag_of_value_hashmap", with_map);
}

criterion_group!(benches, hashing);
criterion_main!(benches);
