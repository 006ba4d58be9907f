//! The response a decision stands for, for a handler that evaluates [`ConditionalHeaders`] itself.
//!
//! [`ConditionalHeaders`]: crate::preconditions::ConditionalHeaders

use actix_web::http::StatusCode;
use actix_web::http::header::HeaderMap;
use actix_web::{HttpResponse, ResponseError};

use super::not_modified::{Representation, not_modified};
use crate::preconditions::Decision;
use crate::responses::Problem;

impl Decision {
    /// The response this decision stands for, or `None` for [`Decision::Proceed`]: a 304 made from
    /// `representation` (the fields the 200 would have carried: RFC 9110 §15.4.5 keeps its validators and cache
    /// fields), or the 412, 400 or 428 problem+json.
    pub fn response(self, representation: &HeaderMap) -> Option<HttpResponse> {
        match self {
            Decision::Proceed => None,
            Decision::NotModified => {
                let mut ok = HttpResponse::new(StatusCode::OK);
                *ok.headers_mut() = representation.clone();
                Some(not_modified(Representation::Rendered(ok)))
            }
            _ => self.problem().map(|problem| problem.error_response()),
        }
    }

    /// The problem this decision answers with: 412, 400 or 428; `None` for 304 and proceed.
    pub fn problem(self) -> Option<Problem> {
        Problem::of_decision(self)
    }
}
