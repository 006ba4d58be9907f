//! The fields every adapter gives an error answer (4xx, 5xx) of a route it covers, whatever made it: the
//! handler's own error, a 404 for a missing model, a 412, a 428.

/// The Cache-Control an error answer gets, where its handler set neither a Cache-Control nor an Expires:
/// `no-store`. An error describes a state a moment long (a 404 before a PUT creates the resource), which a cache
/// would otherwise keep by heuristic (RFC 9111 §4.2.2), and which `private` alone would let a browser keep. A
/// handler that set either has said how its error may be kept, and keeps its say.
pub(crate) fn error_cache_control(has_cache_control: bool, has_expires: bool) -> Option<&'static str> {
    (!has_cache_control && !has_expires).then_some("no-store")
}

#[cfg(test)]
mod tests {
    use super::error_cache_control;

    // RFC 9111 §4.2.2: an error nothing said how to keep is not stored, so no cache keeps it by heuristic;
    // one whose handler gave a Cache-Control or an Expires keeps what it said.
    #[test]
    fn rfc9111_4_2_2_an_error_is_stored_only_as_its_handler_said() {
        assert_eq!(error_cache_control(false, false), Some("no-store"));
        assert_eq!(error_cache_control(true, false), None);
        assert_eq!(error_cache_control(false, true), None);
        assert_eq!(error_cache_control(true, true), None);
    }
}
