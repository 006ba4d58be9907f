//! The data set: 10,000 items of about 119 bytes of JSON each, built once at start.

use std::sync::Arc;

use etag_runtime::ETag;
use serde::Serialize;

pub const ITEM_COUNT: usize = 10_000;

/// Nine fields: ids, short strings, a small Vec, a float. About 119 bytes of JSON on average, e.g.
/// `{"id":9999,"sku":"S9999","name":"chess","kind":"games","tags":["pro","sale"],"price":99.99,"qty":493,"shop":8,"live":false}`.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    id: u32,
    sku: String,
    name: &'static str,
    kind: &'static str,
    tags: Vec<&'static str>,
    price: f64,
    qty: u32,
    shop: u8,
    live: bool,
}

pub fn build() -> Arc<[Item]> {
    const NAMES: [&str; 7] = ["hammer", "atlas", "rake", "chess", "lamp", "kite", "saw"];
    const KINDS: [&str; 4] = ["tools", "books", "garden", "games"];
    const TAGS: [&str; 5] = ["new", "sale", "eco", "gift", "pro"];
    let pick = |list: &[&'static str], id: u32| list[id as usize % list.len()];
    (0..ITEM_COUNT as u32)
        .map(|id| Item {
            id,
            sku: format!("S{id}"),
            name: pick(&NAMES, id),
            kind: pick(&KINDS, id),
            // One tag for even ids, two for odd ones.
            tags: [pick(&TAGS, id), pick(&TAGS, id + 2)][..1 + id as usize % 2].to_vec(),
            price: f64::from(id % 100) + 0.99,
            qty: id * 7 % 500,
            shop: (id % 97) as u8,
            live: !id.is_multiple_of(3),
        })
        .collect()
}

/// The first `n` items, serialized as a JSON array without copying them.
#[derive(Clone)]
pub struct Page {
    items: Arc<[Item]>,
    n: usize,
}

impl Page {
    pub fn first(items: &Arc<[Item]>, n: usize) -> Page {
        Page {
            items: Arc::clone(items),
            n: n.min(items.len()),
        }
    }
}

impl Serialize for Page {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.items[..self.n].serialize(serializer)
    }
}

/// The same page, with a validator from the data set's version: what a model that knows its version gives. The
/// data set never changes while the server runs, so its version is a constant, 1, in the tag's prefix.
#[derive(Clone, Serialize, ETag)]
#[serde(transparent)]
#[etag(prefix = "items-v1-n")]
pub struct TaggedPage {
    page: Page,
    #[serde(skip)]
    #[etag]
    n: usize,
}

impl TaggedPage {
    pub fn first(items: &Arc<[Item]>, n: usize) -> TaggedPage {
        let page = Page::first(items, n);
        TaggedPage { n: page.n, page }
    }
}
