//! A `Modify` that documents the validators on the 200 of every conditional operation.

use utoipa::Modify;
use utoipa::openapi::path::Operation;
use utoipa::openapi::{OpenApi, RefOr};

use super::responses::{ETAG, LAST_MODIFIED, string_header};

/// `#[openapi(modifiers(&ValidatorHeaders))]`: every operation that documents a 304 gets ETag and Last-Modified
/// on its 2xx responses, where the handler's own documentation did not already name them.
///
/// It is a `Modify` rather than part of [`ConditionalRead`](super::ConditionalRead) because the 200 is the
/// handler's own response, with its body; `ConditionalRead` must not replace it.
pub struct ValidatorHeaders;

impl Modify for ValidatorHeaders {
    fn modify(&self, openapi: &mut OpenApi) {
        for item in openapi.paths.paths.values_mut() {
            let operations = [
                &mut item.get,
                &mut item.head,
                &mut item.put,
                &mut item.post,
                &mut item.patch,
            ];
            for operation in operations.into_iter().flatten() {
                if documents_not_modified(operation) {
                    add_validators_to_success(operation);
                }
            }
        }
    }
}

fn documents_not_modified(operation: &Operation) -> bool {
    operation.responses.responses.contains_key("304")
}

fn add_validators_to_success(operation: &mut Operation) {
    for (status, response) in &mut operation.responses.responses {
        let RefOr::T(response) = response else { continue };
        if !status.starts_with('2') {
            continue;
        }
        for (name, description) in [("ETag", ETAG), ("Last-Modified", LAST_MODIFIED)] {
            response
                .headers
                .entry(name.to_string())
                .or_insert_with(|| RefOr::T(string_header(description)));
        }
    }
}
