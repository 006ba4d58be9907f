//! Whether a serde value is an `Option`'s `None` at its top level: the one thing about a value that its type
//! cannot tell a generic function, and that decides between a body of `null` and actix's 404 for `None`.

use std::fmt;

use serde::ser::{self, Impossible, Serialize, Serializer};

/// Whether `value` serializes as `None` (not as `()` or a unit struct, which are `null` too, but chosen).
pub(crate) fn is_top_level_none<T: Serialize + ?Sized>(value: &T) -> bool {
    value.serialize(NoneProbe).unwrap_or(false)
}

/// Answers at the first call, without looking inside anything: compound values stop the probe with `Other`.
struct NoneProbe;

/// The value is something other than `None`, and compound: no need to look further.
#[derive(Debug)]
struct Other;

impl fmt::Display for Other {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not None")
    }
}

impl std::error::Error for Other {}

impl ser::Error for Other {
    fn custom<M: fmt::Display>(_message: M) -> Self {
        Other
    }
}

/// Every scalar answers `false` at once.
macro_rules! not_none {
    ($($method:ident($($argument:ty),*);)*) => {
        $(fn $method(self, $(_: $argument),*) -> Result<bool, Other> { Ok(false) })*
    };
}

impl Serializer for NoneProbe {
    type Ok = bool;
    type Error = Other;
    type SerializeSeq = Impossible<bool, Other>;
    type SerializeTuple = Impossible<bool, Other>;
    type SerializeTupleStruct = Impossible<bool, Other>;
    type SerializeTupleVariant = Impossible<bool, Other>;
    type SerializeMap = Impossible<bool, Other>;
    type SerializeStruct = Impossible<bool, Other>;
    type SerializeStructVariant = Impossible<bool, Other>;

    fn serialize_none(self) -> Result<bool, Other> {
        Ok(true)
    }

    not_none! {
        serialize_bool(bool); serialize_i8(i8); serialize_i16(i16); serialize_i32(i32); serialize_i64(i64);
        serialize_i128(i128); serialize_u8(u8); serialize_u16(u16); serialize_u32(u32); serialize_u64(u64);
        serialize_u128(u128); serialize_f32(f32); serialize_f64(f64); serialize_char(char);
        serialize_str(&str); serialize_bytes(&[u8]); serialize_unit(); serialize_unit_struct(&'static str);
        serialize_unit_variant(&'static str, u32, &'static str);
    }

    fn serialize_some<T: Serialize + ?Sized>(self, _value: &T) -> Result<bool, Other> {
        Ok(false)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, _: &T) -> Result<bool, Other> {
        Ok(false)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<bool, Other> {
        Ok(false)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Other> {
        Err(Other)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Other> {
        Err(Other)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeTupleStruct, Other> {
        Err(Other)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Other> {
        Err(Other)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Other> {
        Err(Other)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, Other> {
        Err(Other)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Other> {
        Err(Other)
    }
}

#[cfg(test)]
mod tests {
    use super::is_top_level_none;

    #[test]
    fn only_a_none_at_the_top_is_none() {
        assert!(is_top_level_none(&None::<u32>));
        assert!(!is_top_level_none(&Some(None::<u32>)));
        assert!(!is_top_level_none(&()));
        assert!(!is_top_level_none(&vec![None::<u32>]));
        assert!(!is_top_level_none(&serde_json::json!({"a": null})));
        assert!(!is_top_level_none("text"));
    }
}
