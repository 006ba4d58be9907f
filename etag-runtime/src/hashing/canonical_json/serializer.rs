//! The serializer of values: scalars written directly, compounds and maps handed to their own writers.

use std::io;

use serde::ser::{self, Serialize};
use serde_json::ser::{CompactFormatter, Formatter};

use super::compound::{Compound, open_variant};
use super::map::Map;
use super::{Error, Output};
use crate::hashing::json_string::write_json_string;

pub(super) struct Canonical<'a> {
    pub(super) out: &'a mut Output,
}

impl Canonical<'_> {
    /// A number, by serde_json's own formatter, for identical digits. Called directly rather than through
    /// `serde_json::to_writer`, which costs more than writing a small number does.
    #[inline]
    fn number(self, write: impl FnOnce(&mut CompactFormatter, &mut Vec<u8>) -> io::Result<()>) -> Result<(), Error> {
        write(&mut CompactFormatter, &mut self.out.bytes).map_err(Error::io)
    }

    /// As serde_json writes them: NaN and the infinities have no JSON form and become `null`.
    #[inline]
    fn float(
        self,
        finite: bool,
        write: impl FnOnce(&mut CompactFormatter, &mut Vec<u8>) -> io::Result<()>,
    ) -> Result<(), Error> {
        if finite {
            self.number(write)
        } else {
            ser::Serializer::serialize_unit(self)
        }
    }
}

impl<'a> ser::Serializer for Canonical<'a> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Map<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    #[inline]
    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        // Two constant-length copies, which compile to stores rather than a call to memcpy.
        if v {
            self.out.extend_from_slice(b"true");
        } else {
            self.out.extend_from_slice(b"false");
        }
        Ok(())
    }
    #[inline]
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.number(|f, out| f.write_i8(out, v))
    }
    #[inline]
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.number(|f, out| f.write_i16(out, v))
    }
    #[inline]
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.number(|f, out| f.write_i32(out, v))
    }
    #[inline]
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        self.number(|f, out| f.write_i64(out, v))
    }
    #[inline]
    fn serialize_i128(self, v: i128) -> Result<(), Error> {
        self.number(|f, out| f.write_i128(out, v))
    }
    #[inline]
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.number(|f, out| f.write_u8(out, v))
    }
    #[inline]
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.number(|f, out| f.write_u16(out, v))
    }
    #[inline]
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.number(|f, out| f.write_u32(out, v))
    }
    #[inline]
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.number(|f, out| f.write_u64(out, v))
    }
    #[inline]
    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        self.number(|f, out| f.write_u128(out, v))
    }
    #[inline]
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.float(v.is_finite(), |f, out| f.write_f32(out, v))
    }
    #[inline]
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        self.float(v.is_finite(), |f, out| f.write_f64(out, v))
    }
    #[inline]
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    #[inline]
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        write_json_string(self.out, v);
        Ok(())
    }
    #[inline]
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        serde_json::to_writer(&mut self.out.bytes, v)
    }
    #[inline]
    fn serialize_none(self) -> Result<(), Error> {
        self.serialize_unit()
    }
    #[inline]
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    #[inline]
    fn serialize_unit(self) -> Result<(), Error> {
        self.out.extend_from_slice(b"null");
        Ok(())
    }
    #[inline]
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.serialize_unit()
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
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        let mut object = Compound::open(self.out, b'{', b'}');
        object.field(variant, value)?;
        object.close()
    }
    #[inline]
    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'a>, Error> {
        Ok(Compound::open(self.out, b'[', b']'))
    }
    #[inline]
    fn serialize_tuple(self, len: usize) -> Result<Compound<'a>, Error> {
        self.serialize_seq(Some(len))
    }
    #[inline]
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Compound<'a>, Error> {
        self.serialize_seq(Some(len))
    }
    #[inline]
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>, Error> {
        open_variant(self.out, variant, b'[', b']')
    }
    #[inline]
    fn serialize_map(self, _len: Option<usize>) -> Result<Map<'a>, Error> {
        self.out.push(b'{');
        let first_entry = self.out.entries.len();
        Ok(Map {
            out: self.out,
            first_entry,
            sorted: true,
        })
    }
    #[inline]
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Compound<'a>, Error> {
        Ok(Compound::open(self.out, b'{', b'}'))
    }
    #[inline]
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>, Error> {
        open_variant(self.out, variant, b'{', b'}')
    }
}
