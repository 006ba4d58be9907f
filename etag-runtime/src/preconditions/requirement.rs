//! Which writes must carry a precondition (RFC 6585 §3), the choice every adapter's extractor offers.

use super::evaluate::Policy;

/// Which unconditional writes are refused with 428 Precondition Required.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Requirement {
    /// Writes other than POST to a resource that exists (the default): a client must not overwrite a state it
    /// has not seen, while a POST or a creation has none to lose.
    #[default]
    ToExisting,
    /// Every write.
    Always,
    /// None.
    Never,
}

impl Requirement {
    /// The evaluator's policy for a write (`post`: by POST) to a resource that `exists` or not.
    pub(crate) fn policy(self, post: bool, exists: bool) -> Policy {
        let require_precondition = match self {
            Requirement::Always => true,
            Requirement::ToExisting => exists && !post,
            Requirement::Never => false,
        };
        Policy { require_precondition }
    }
}

#[cfg(test)]
mod tests {
    use super::Requirement;

    // RFC 6585 §3: by default only a write over an existing state, other than POST, must be conditional.
    #[test]
    fn rfc6585_3_by_default_only_writes_over_an_existing_state_need_a_precondition() {
        let required = |requirement: Requirement, post, exists| requirement.policy(post, exists).require_precondition;
        assert!(required(Requirement::ToExisting, false, true));
        assert!(!required(Requirement::ToExisting, true, true));
        assert!(!required(Requirement::ToExisting, false, false));
        assert!(required(Requirement::Always, true, false));
        assert!(!required(Requirement::Never, false, true));
    }
}
