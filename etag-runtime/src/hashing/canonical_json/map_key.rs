//! Map keys: JSON object keys are strings, so a key that is a number or a bool is written in quotes.

use std::io;

use serde::ser::{self, Impossible, Serialize};
use serde_json::ser::{CompactFormatter, Formatter};

use super::{Error, Output};
use crate::hashing::json_string::write_json_string;

/// Map keys: JSON object keys are strings, so numbers and booleans are quoted, as serde_json does.
pub(super) struct MapKey<'a> {
    pub(super) out: &'a mut Output,
}

impl MapKey<'_> {
    fn quoted(self, text: impl std::fmt::Display) -> Result<(), Error> {
        write_json_string(self.out, &text.to_string());
        Ok(())
    }

    /// A number key, in quotes, with the digits serde_json writes.
    fn quoted_number(
        self,
        write: impl FnOnce(&mut CompactFormatter, &mut Vec<u8>) -> io::Result<()>,
    ) -> Result<(), Error> {
        self.out.push(b'"');
        write(&mut CompactFormatter, &mut self.out.bytes).map_err(Error::io)?;
        self.out.push(b'"');
        Ok(())
    }
}

fn key_must_be_a_string() -> Error {
    ser::Error::custom("a map key must be a string, a number, a bool or a unit variant to become a JSON key")
}

impl ser::Serializer for MapKey<'_> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Impossible<(), Error>;
    type SerializeTuple = Impossible<(), Error>;
    type SerializeTupleStruct = Impossible<(), Error>;
    type SerializeTupleVariant = Impossible<(), Error>;
    type SerializeMap = Impossible<(), Error>;
    type SerializeStruct = Impossible<(), Error>;
    type SerializeStructVariant = Impossible<(), Error>;

    #[inline]
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        write_json_string(self.out, v);
        Ok(())
    }
    #[inline]
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.quoted(v)
    }
    #[inline]
    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.quoted(v)
    }
    #[inline]
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.quoted_number(|f, out| f.write_i8(out, v))
    }
    #[inline]
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.quoted_number(|f, out| f.write_i16(out, v))
    }
    #[inline]
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.quoted_number(|f, out| f.write_i32(out, v))
    }
    #[inline]
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        self.quoted_number(|f, out| f.write_i64(out, v))
    }
    #[inline]
    fn serialize_i128(self, v: i128) -> Result<(), Error> {
        self.quoted_number(|f, out| f.write_i128(out, v))
    }
    #[inline]
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.quoted_number(|f, out| f.write_u8(out, v))
    }
    #[inline]
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.quoted_number(|f, out| f.write_u16(out, v))
    }
    #[inline]
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.quoted_number(|f, out| f.write_u32(out, v))
    }
    #[inline]
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.quoted_number(|f, out| f.write_u64(out, v))
    }
    #[inline]
    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        self.quoted_number(|f, out| f.write_u128(out, v))
    }
    #[inline]
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        if !v.is_finite() {
            return Err(ser::Error::custom(
                "a map key that is a float must be finite to become a JSON key",
            ));
        }
        self.quoted_number(|f, out| f.write_f32(out, v))
    }
    #[inline]
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        if !v.is_finite() {
            return Err(ser::Error::custom(
                "a map key that is a float must be finite to become a JSON key",
            ));
        }
        self.quoted_number(|f, out| f.write_f64(out, v))
    }
    #[inline]
    fn serialize_bytes(self, _v: &[u8]) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    #[inline]
    fn serialize_none(self) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    #[inline]
    fn serialize_some<T: Serialize + ?Sized>(self, _value: &T) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    #[inline]
    fn serialize_unit(self) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    #[inline]
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    #[inline]
    fn serialize_unit_variant(self, _name: &'static str, _index: u32, variant: &'static str) -> Result<(), Error> {
        self.serialize_str(variant)
    }
    #[inline]
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _name: &'static str, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    #[inline]
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    #[inline]
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        Err(key_must_be_a_string())
    }
    #[inline]
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, Error> {
        Err(key_must_be_a_string())
    }
    #[inline]
    fn serialize_tuple_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeTupleStruct, Error> {
        Err(key_must_be_a_string())
    }
    #[inline]
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(key_must_be_a_string())
    }
    #[inline]
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(key_must_be_a_string())
    }
    #[inline]
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeStruct, Error> {
        Err(key_must_be_a_string())
    }
    #[inline]
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(key_must_be_a_string())
    }
}
