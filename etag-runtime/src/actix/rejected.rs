//! A [`Rejected`] answered on actix-web: its problem+json, or its 304, with its `Outcome` for the access log.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};

use crate::responses::{Outcome, Rejected};

impl ResponseError for Rejected {
    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn error_response(&self) -> HttpResponse {
        let mut response = self.answer().error_response();
        // For the application's access log; the check that made this rejection has reported it already.
        response.extensions_mut().insert(Outcome::of(self.decision(), false));
        response
    }
}
