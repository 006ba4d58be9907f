//! The hashing mode's serializer: serde_json's bytes, but with map entries in key order (RFC 9110 §8.8.3:
//! a strong or weak validator must not change while the data does not).

use std::collections::{BTreeMap, HashMap};

use etag_runtime::hashing::HashedJson;
use serde::Serialize;

#[derive(Serialize)]
enum Shape {
    Unit,
    Newtype(u8),
    Tuple(u8, &'static str),
    Struct { x: f64, label: Option<&'static str> },
}

#[derive(Serialize)]
struct Everything {
    text: &'static str,
    numbers: Vec<i64>,
    float: f64,
    nothing: Option<u8>,
    shapes: Vec<Shape>,
    tuple: (bool, char),
    sorted: BTreeMap<String, u8>,
    bytes: serde_bytes_like::Bytes,
}

mod serde_bytes_like {
    /// Serializes as serde bytes, which JSON writes as an array of numbers.
    pub struct Bytes(pub &'static [u8]);
    impl serde::Serialize for Bytes {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.serialize_bytes(self.0)
        }
    }
}

fn everything() -> Everything {
    Everything {
        text: "quote \" backslash \\ newline \n unicode é \u{1}",
        numbers: vec![i64::MIN, -1, 0, i64::MAX],
        float: 0.1,
        nothing: None,
        shapes: vec![
            Shape::Unit,
            Shape::Newtype(7),
            Shape::Tuple(1, "t"),
            Shape::Struct { x: 1.5, label: None },
        ],
        tuple: (true, 'x'),
        sorted: [("a".to_owned(), 1), ("b".to_owned(), 2)].into(),
        bytes: serde_bytes_like::Bytes(b"\x00\xff"),
    }
}

// RFC 9110 §8.8.3: with no unordered map, the body is exactly serde_json's compact output.
#[test]
fn rfc9110_8_8_3_same_bytes_as_serde_json_without_maps() {
    let value = everything();
    assert_eq!(
        HashedJson::of(&value).unwrap().body,
        serde_json::to_vec(&value).unwrap()
    );
}

// RFC 9110 §8.8.3: HashMaps, nested too, are written in key order, so equal data gives equal bytes and tags.
#[test]
fn rfc9110_8_8_3_hashmaps_are_sorted_at_every_depth() {
    let build = || -> HashMap<String, HashMap<u32, Vec<&'static str>>> {
        (0..40)
            .map(|i| {
                (
                    format!("k{i:02}"),
                    (0..10).map(|j| (j, vec!["v"; j as usize % 3])).collect(),
                )
            })
            .collect()
    };
    let sorted: BTreeMap<String, BTreeMap<String, Vec<&str>>> = build()
        .into_iter()
        .map(|(k, inner)| (k, inner.into_iter().map(|(j, v)| (j.to_string(), v)).collect()))
        .collect();
    let expected = serde_json::to_vec(&sorted).unwrap();
    let tags: Vec<_> = (0..10).map(|_| HashedJson::of(&build()).unwrap()).collect();
    for hashed in &tags {
        assert_eq!(
            String::from_utf8_lossy(&hashed.body),
            String::from_utf8_lossy(&expected)
        );
        assert_eq!(hashed.etag, tags[0].etag);
    }
}

// RFC 8259 §4: object keys are strings; integer and bool keys are quoted as serde_json does.
#[test]
fn rfc8259_4_non_string_keys_are_quoted() {
    let map: HashMap<i32, bool> = [(-3, true), (10, false), (2, true)].into();
    let body = HashedJson::of(&map).unwrap().body;
    assert_eq!(body, br#"{"-3":true,"10":false,"2":true}"#);
    let bool_keys: BTreeMap<bool, u8> = [(false, 0), (true, 1)].into();
    assert_eq!(
        HashedJson::of(&bool_keys).unwrap().body,
        serde_json::to_vec(&bool_keys).unwrap()
    );
}

// RFC 8259 §4: a key that cannot become a JSON string is an error, not a panic or invalid JSON.
#[test]
fn rfc8259_4_unrepresentable_key_is_an_error() {
    let map: HashMap<(u8, u8), u8> = [((1, 2), 3)].into();
    assert!(HashedJson::of(&map).is_err());
}

// RFC 9110 §8.8.3: different data gives different tags; an empty map and an empty list differ too.
#[test]
fn rfc9110_8_8_3_different_data_different_tags() {
    let a = HashedJson::of(&HashMap::from([("x", 1)])).unwrap();
    let b = HashedJson::of(&HashMap::from([("x", 2)])).unwrap();
    assert_ne!(a.etag, b.etag);
    let empty_map = HashedJson::of(&HashMap::<String, u8>::new()).unwrap();
    let empty_list = HashedJson::of(&Vec::<u8>::new()).unwrap();
    assert_eq!(
        (empty_map.body.as_slice(), empty_list.body.as_slice()),
        (&b"{}"[..], &b"[]"[..])
    );
    assert_ne!(empty_map.etag, empty_list.etag);
}

/// Every kind of scalar serde has, so that each is checked against serde_json's writer.
#[derive(Debug, Serialize)]
struct Scalars {
    small: (i8, i16, i32, u8, u16, u32),
    wide: (i64, u64, i128, u128),
    floats: (f32, f64),
    flags: Vec<bool>,
    letter: char,
    text: String,
    maybe: Option<u16>,
}

fn any_scalars() -> impl proptest::strategy::Strategy<Value = Scalars> {
    use proptest::prelude::*;
    let small = any::<(i8, i16, i32, u8, u16, u32)>();
    let wide = any::<(i64, u64, i128, u128)>();
    // NaN and the infinities, which `any` leaves out, are the floats JSON cannot write.
    let f32s = prop_oneof![any::<f32>(), Just(f32::NAN), Just(f32::INFINITY)];
    let f64s = prop_oneof![any::<f64>(), Just(f64::NAN), Just(f64::NEG_INFINITY)];
    let rest = (
        (f32s, f64s),
        any::<Vec<bool>>(),
        any::<char>(),
        any::<String>(),
        any::<Option<u16>>(),
    );
    (small, wide, rest).prop_map(|(small, wide, (floats, flags, letter, text, maybe))| Scalars {
        small,
        wide,
        floats,
        flags,
        letter,
        text,
        maybe,
    })
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1000))]
    // RFC 9110 §8.8.3: the writer formats numbers, NaN and infinities (as null), strings and chars itself for
    // speed; without maps its bytes must still be exactly serde_json's, whatever the values.
    #[test]
    fn rfc9110_8_8_3_every_scalar_as_serde_json_writes_it(value in any_scalars()) {
        let (ours, serde_json) = (HashedJson::of(&value).unwrap().body, serde_json::to_vec(&value).unwrap());
        proptest::prop_assert_eq!(String::from_utf8_lossy(&ours), String::from_utf8_lossy(&serde_json));
    }
}

/// A map whose keys are floats, which no std map allows but a hand-written `Serialize` can send.
struct FloatKeys(Vec<(f64, u8)>);

impl Serialize for FloatKeys {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(key, value)| (key, value)))
    }
}

// RFC 8259 §4: a finite float key is quoted as serde_json quotes it; NaN has no JSON form and is an error.
#[test]
fn rfc8259_4_float_keys_as_serde_json_and_nan_is_an_error() {
    let finite = FloatKeys(vec![(-0.5, 1), (1e300, 2), (2.0, 3)]);
    assert_eq!(
        HashedJson::of(&finite).unwrap().body,
        serde_json::to_vec(&finite).unwrap()
    );
    let nan = FloatKeys(vec![(f64::NAN, 1)]);
    assert!(HashedJson::of(&nan).is_err());
    assert!(serde_json::to_vec(&nan).is_err());
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]
    // RFC 9110 §8.8.3: keys are compared by their first eight bytes first; keys shorter and longer than that,
    // and keys that share a long prefix, must still come out in the order a BTreeMap gives.
    #[test]
    fn rfc9110_8_8_3_any_hashmap_in_btreemap_order(
        map in proptest::collection::hash_map("(prefix_){0,2}[a-c]{0,10}", proptest::prelude::any::<u8>(), 0..24)
    ) {
        let sorted: BTreeMap<_, _> = map.iter().collect();
        let (ours, reference) = (HashedJson::of(&map).unwrap().body, serde_json::to_vec(&sorted).unwrap());
        proptest::prop_assert_eq!(String::from_utf8_lossy(&ours), String::from_utf8_lossy(&reference));
    }
}
