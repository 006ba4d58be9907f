//! The four conditional request fields (RFC 9110 §13.1), and the kinds of method §13.2 tells apart.

/// The conditional request header fields (RFC 9110 §13.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Condition {
    /// If-Match (RFC 9110 §13.1.1).
    IfMatch = 0,
    /// If-None-Match (RFC 9110 §13.1.2).
    IfNoneMatch = 1,
    /// If-Modified-Since (RFC 9110 §13.1.3).
    IfModifiedSince = 2,
    /// If-Unmodified-Since (RFC 9110 §13.1.4).
    IfUnmodifiedSince = 3,
}

impl Condition {
    /// The four, in the order of their sections.
    pub const ALL: [Condition; 4] = [
        Condition::IfMatch,
        Condition::IfNoneMatch,
        Condition::IfModifiedSince,
        Condition::IfUnmodifiedSince,
    ];

    /// The field's name as HTTP spells it, such as `If-Match`.
    pub fn header_name(self) -> &'static str {
        match self {
            Condition::IfMatch => "If-Match",
            Condition::IfNoneMatch => "If-None-Match",
            Condition::IfModifiedSince => "If-Modified-Since",
            Condition::IfUnmodifiedSince => "If-Unmodified-Since",
        }
    }

    /// The condition a field name stands for, in any case (field names are case-insensitive, RFC 9110 §5.1).
    ///
    /// ```
    /// use etag_runtime::preconditions::Condition;
    ///
    /// assert_eq!(Condition::from_name("if-none-match"), Some(Condition::IfNoneMatch));
    /// assert_eq!(Condition::from_name("ETag"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|condition| condition.header_name().eq_ignore_ascii_case(name))
    }
}

/// A request method, as far as RFC 9110 §13.2.1 and §13.2.2 tell methods apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MethodKind {
    /// GET and HEAD: they select a representation without changing it, are answered 304 where others are
    /// answered 412, and only they use If-Modified-Since.
    GetOrHead,
    /// CONNECT, OPTIONS and TRACE, which neither select nor change a representation: preconditions are ignored
    /// (§13.2.1).
    Exempt,
    /// Every other method: POST, PUT, PATCH, DELETE and any extension method.
    Other,
}

impl MethodKind {
    /// The kind of the method named `name` (method names are case-sensitive, RFC 9110 §9.1).
    ///
    /// ```
    /// use etag_runtime::preconditions::MethodKind;
    ///
    /// assert_eq!(MethodKind::from_name("HEAD"), MethodKind::GetOrHead);
    /// assert_eq!(MethodKind::from_name("OPTIONS"), MethodKind::Exempt);
    /// assert_eq!(MethodKind::from_name("PATCH"), MethodKind::Other);
    /// ```
    pub fn from_name(name: &str) -> Self {
        match name {
            "GET" | "HEAD" => MethodKind::GetOrHead,
            "CONNECT" | "OPTIONS" | "TRACE" => MethodKind::Exempt,
            _ => MethodKind::Other,
        }
    }

    /// Whether it is GET or HEAD.
    pub fn is_get_or_head(self) -> bool {
        self == MethodKind::GetOrHead
    }
}
