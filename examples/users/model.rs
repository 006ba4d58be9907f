//! A user, what clients may send to create or change one, and the checks on what they send.

use std::collections::HashMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use etag_runtime::ETag;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use utoipa::ToSchema;

use crate::errors::ApiError;
use crate::json_object::from_object_only;

/// A user as stored and as sent. `version` comes from one counter shared by every write to the database, so a
/// user deleted and created again never repeats an entity tag it had before.
///
/// The derived `ETag` gives the strong tag `"v<version>+s.<shape>"` (a new version for every change of the stored
/// fields, and a digest of this definition, so equal tags mean equal bytes) and Last-Modified from `updated_at`.
#[derive(Debug, Clone, Serialize, ETag, ToSchema)]
#[etag(prefix = "v")]
pub struct User {
    pub id: i64,
    pub name: String,
    pub email: String,
    #[etag]
    pub version: i64,
    /// Sent in the JSON as seconds since the Unix epoch, as the database stores it.
    #[last_modified]
    #[serde(serialize_with = "unix_seconds")]
    #[schema(value_type = i64)]
    pub updated_at: SystemTime,
}

impl User {
    /// Whether the user already holds these fields: a write of them changes nothing.
    pub fn holds(&self, fields: &UserFields) -> bool {
        self.name == fields.name && self.email == fields.email
    }
}

/// `time` as whole seconds since the Unix epoch (negative before it).
pub fn to_unix_seconds(time: SystemTime) -> i64 {
    match time.duration_since(UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
        Err(before) => i64::try_from(before.duration().as_secs()).map_or(i64::MIN, |seconds| -seconds),
    }
}

/// The inverse of [`to_unix_seconds`].
pub fn from_unix_seconds(seconds: i64) -> SystemTime {
    let magnitude = Duration::from_secs(seconds.unsigned_abs());
    if seconds >= 0 {
        UNIX_EPOCH + magnitude
    } else {
        UNIX_EPOCH - magnitude
    }
}

fn unix_seconds<S: Serializer>(time: &SystemTime, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_i64(to_unix_seconds(*time))
}

/// The list's validators: a revision that every write changing the list moves on, read in one snapshot with the
/// rows the list is built from, so the tag names the rows sent. `stands_for = User` gives it `User`'s shape digest:
/// the list is sent as users.
///
/// The tag is strong (`"list-v<revision>+s.<shape>"`), so a POST can be guarded by it with If-Match. It has no
/// Last-Modified: a delete changes the list, and no remaining row says when.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ETag)]
#[etag(prefix = "list-v", stands_for = User)]
pub struct ListStamp {
    #[etag]
    pub revision: i64,
}

/// The body of POST /users and PUT /users/{id}: every field a client may set, as a JSON object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, remote = "Self")]
pub struct UserFields {
    pub name: String,
    pub email: String,
}

from_object_only!(UserFields);

/// The body of PATCH /users/{id} (a JSON merge patch, RFC 7396): the members present replace the stored ones.
/// A `null` would remove the field, and both fields are required, so it is refused.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, remote = "Self")]
pub struct UserPatch {
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = String, required = false)]
    name: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = String, required = false)]
    email: Option<Option<String>>,
}

from_object_only!(UserPatch);

/// A member that is present: `Some(None)` for `null`, `Some(Some(..))` for a value.
fn present<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(deserializer).map(Some)
}

impl UserFields {
    /// Refuses (422) a blank name and an address without one '@' between a local part and a domain.
    pub fn validated(self) -> Result<Self, ApiError> {
        Ok(UserFields {
            name: valid_name(&self.name)?,
            email: valid_email(&self.email)?,
        })
    }
}

/// A name of 1 to 200 characters, trimmed.
fn valid_name(name: &str) -> Result<String, ApiError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(unprocessable("name must have 1 to 200 characters"));
    }
    Ok(name.to_owned())
}

/// An address with one '@' between a local part and a domain, checked as it will be stored: trimmed first, so
/// that `" @example.com"` is not stored as `"@example.com"`.
fn valid_email(email: &str) -> Result<String, ApiError> {
    let email = email.trim();
    match email.split_once('@') {
        Some((local, domain)) if !local.is_empty() && !domain.is_empty() && !domain.contains('@') => {
            Ok(email.to_owned())
        }
        _ => Err(unprocessable("email must be an address such as ada@example.com")),
    }
}

impl UserPatch {
    /// Refuses (422) a member that is `null` or holds a value no user may have, before the user is read: a
    /// body that cannot apply is refused whatever the request's preconditions, as PUT's is.
    pub fn validated(self) -> Result<Self, ApiError> {
        let checked =
            |member: Option<Option<String>>, field: &str, valid: fn(&str) -> Result<String, ApiError>| match member {
                None => Ok(None),
                Some(Some(value)) => valid(&value).map(|value| Some(Some(value))),
                Some(None) => Err(unprocessable(format!("{field} cannot be removed (null)"))),
            };
        Ok(UserPatch {
            name: checked(self.name, "name", valid_name)?,
            email: checked(self.email, "email", valid_email)?,
        })
    }

    /// The fields `user` would have after the patch, or 422 for a member [`UserPatch::validated`] refuses.
    /// Whether the user already holds what this patch sets.
    pub fn in_place(&self, user: &User) -> bool {
        self.clone().applied_to(user).is_ok_and(|fields| user.holds(&fields))
    }

    pub fn applied_to(self, user: &User) -> Result<UserFields, ApiError> {
        let UserPatch { name, email } = self.validated()?;
        Ok(UserFields {
            name: name.flatten().unwrap_or_else(|| user.name.clone()),
            email: email.flatten().unwrap_or_else(|| user.email.clone()),
        })
    }
}

impl User {
    pub fn fields(&self) -> UserFields {
        UserFields {
            name: self.name.clone(),
            email: self.email.clone(),
        }
    }
}

/// GET /users/stats: how many users have an address at each domain.
#[derive(Debug, Serialize, ToSchema)]
pub struct Stats {
    pub users: usize,
    /// A `HashMap`, whose iteration order differs from run to run; the hashing mode sorts its keys, so the ETag
    /// stays the same for the same counts.
    pub domains: HashMap<String, u64>,
}

impl Stats {
    pub fn of(users: &[User]) -> Self {
        let mut domains = HashMap::new();
        for user in users {
            let domain = user.email.rsplit('@').next().unwrap_or_default().to_ascii_lowercase();
            *domains.entry(domain).or_insert(0) += 1;
        }
        Stats {
            users: users.len(),
            domains,
        }
    }
}

fn unprocessable(detail: impl Into<String>) -> ApiError {
    ApiError::unprocessable(detail)
}
