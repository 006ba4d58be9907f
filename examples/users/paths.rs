//! The user URLs: reading the id out of one, and writing one for Location.

use crate::errors::ApiError;

/// The id in `/users/{id}`: a positive decimal integer with no sign and no leading zero, so that each user has
/// exactly one URL (and one cache entry). Anything else is a 400.
pub fn user_id(segment: &str) -> Result<i64, ApiError> {
    let canonical =
        !segment.is_empty() && segment.bytes().all(|byte| byte.is_ascii_digit()) && !segment.starts_with('0');
    match segment.parse::<i64>() {
        Ok(id) if canonical => Ok(id),
        _ => Err(ApiError::bad_request(format!(
            "{segment:?} is not a user id: ids are positive integers such as 1, 2, 3"
        ))),
    }
}

/// The largest id a PUT may create: 2^53 - 1, the largest integer a JavaScript client reads exactly. POST gives
/// new ids past the largest ever used (so no deleted user's id comes back), and this leaves it room for 2^63 -
/// 2^53 of them: a PUT at the type's limit would break every later POST.
pub const LARGEST_ID_A_PUT_CREATES: i64 = (1 << 53) - 1;

pub fn user_path(id: i64) -> String {
    format!("/users/{id}")
}
