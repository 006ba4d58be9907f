//! The `etag_runtime` events a test binary's servers report, captured by a global subscriber (a server's workers
//! run on threads of their own); each test reads only the events of its own routes.
#![allow(dead_code, reason = "each test file uses a different part")]

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::sync::{Mutex, OnceLock};

use tracing::field::{Field, Visit};
use tracing::{Event, Level, Metadata, Subscriber, span};

/// One event as captured: its level and its fields, each as text.
#[derive(Debug, Clone)]
pub struct Captured {
    pub level: Level,
    pub fields: BTreeMap<String, String>,
}

impl Captured {
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields.get(name).map(String::as_str)
    }
}

static EVENTS: Mutex<Vec<Captured>> = Mutex::new(Vec::new());

/// Keeps every `etag_runtime` event, and only those.
struct Capture;

impl Subscriber for Capture {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        metadata.target() == "etag_runtime"
    }
    fn new_span(&self, _: &span::Attributes<'_>) -> span::Id {
        span::Id::from_u64(1)
    }
    fn record(&self, _: &span::Id, _: &span::Record<'_>) {}
    fn record_follows_from(&self, _: &span::Id, _: &span::Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut fields = Fields(BTreeMap::new());
        event.record(&mut fields);
        let captured = Captured {
            level: *event.metadata().level(),
            fields: fields.0,
        };
        EVENTS.lock().expect("the events").push(captured);
    }
    fn enter(&self, _: &span::Id) {}
    fn exit(&self, _: &span::Id) {}
}

struct Fields(BTreeMap<String, String>);

impl Visit for Fields {
    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }
}

/// The events reported so far for routes under `prefix`, after installing the capture once per test binary.
pub fn events_under(prefix: &str) -> Vec<Captured> {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| tracing::subscriber::set_global_default(Capture).expect("the only subscriber"));
    EVENTS
        .lock()
        .expect("the events")
        .iter()
        .filter(|event| event.field("route").is_some_and(|route| route.starts_with(prefix)))
        .cloned()
        .collect()
}

/// Installs the capture before a server runs, so that no event is missed.
pub fn capturing() {
    events_under("");
}

/// The one event reported for routes under `prefix` since `before` of them had been.
pub fn next_event(prefix: &str, before: usize) -> Captured {
    let events = events_under(prefix);
    assert_eq!(events.len(), before + 1, "one event per decision: {events:#?}");
    events[before].clone()
}
