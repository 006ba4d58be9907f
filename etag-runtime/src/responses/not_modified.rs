//! What a 304 carries (RFC 9110 §15.4.5).

/// The fields a 304 repeats from the 200 it stands for (RFC 9110 §15.4.5), with Last-Modified, which it may,
/// lowercase, as a framework's header names are. Content-Type and Content-Length are left out: the 304 has no
/// content (§8.6).
pub(crate) const NOT_MODIFIED_FIELDS: [&str; 7] = [
    "cache-control",
    "content-location",
    "date",
    "etag",
    "expires",
    "vary",
    "last-modified",
];
