//! The cost of reading If-None-Match / If-Match lists and evaluating them, for 1, 10 and 1,000 tags.

use actix_web::http::Method;
use actix_web::http::header::{HeaderMap, HeaderValue, IF_MATCH, IF_NONE_MATCH};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use etag_runtime::EntityTag;
use etag_runtime::preconditions::{ConditionalHeaders, Resource};
use std::hint::black_box;

/// A list of `count` tags of the size a SHA-1 tag has; the current tag is the last one, the worst case.
fn list_of(count: usize) -> HeaderValue {
    let tags: Vec<String> = (0..count).map(|i| format!("W/\"{i:0>27}\"")).collect();
    HeaderValue::from_str(&tags.join(", ")).expect("a valid list")
}

fn evaluation(c: &mut Criterion) {
    let mut group = c.benchmark_group("evaluate");
    for count in [1usize, 10, 1000] {
        let current = EntityTag::strong(format!("{:0>27}", count - 1)).expect("valid");
        let resource = Resource::current(Some(&current), None);
        let mut get = HeaderMap::new();
        get.insert(IF_NONE_MATCH, list_of(count));
        group.bench_with_input(BenchmarkId::new("if_none_match_get", count), &get, |b, headers| {
            b.iter(|| ConditionalHeaders::from_headers(black_box(headers)).evaluate(&Method::GET, &resource))
        });
        let mut put = HeaderMap::new();
        put.insert(IF_MATCH, list_of(count));
        group.bench_with_input(BenchmarkId::new("if_match_put", count), &put, |b, headers| {
            b.iter(|| ConditionalHeaders::from_headers(black_box(headers)).evaluate(&Method::PUT, &resource))
        });
    }
    group.finish();
}

criterion_group!(benches, evaluation);
criterion_main!(benches);
