//! Compact JSON whose map entries are sorted by key, written in one pass.
//!
//! `HashMap` iterates in a random order per map, so serde_json's bytes for equal data can differ between two
//! calls. Hashing those bytes would give equal data different ETags. This serializer writes every map's entries
//! into the output as they come, remembers where each entry starts, and reorders the entries in place only if
//! their keys were not already ascending. Numbers are formatted by serde_json's own formatter and strings are
//! escaped as serde_json escapes them, so the bytes are serde_json's but for map order.
//!
//! Speed: without a map, this writer takes about 0.6 of the time of `serde_json::to_vec`, so that the hashing
//! mode can pay for SHA-1. Two things matter most. Strings are checked in one branch-free pass
//! (`json_string.rs`). And every small method is `#[inline]`: this serializer is not generic over its
//! writer, so without that attribute its methods would not be inlined into the crate that derives
//! `Serialize`, and each field would cost a call; that alone made it 1.3 times slower than serde_json.

use std::io;

use serde::ser::{self, Impossible, Serialize};
use serde_json::ser::{CompactFormatter, Formatter};

use crate::json_string::write_json_string;

/// Serializes `value` to compact JSON with sorted map keys.
pub fn to_vec<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<Vec<u8>> {
    let mut out = Output {
        bytes: Vec::with_capacity(128),
        entries: Vec::new(),
        reordered: Vec::new(),
    };
    value.serialize(Canonical { out: &mut out })?;
    Ok(out.bytes)
}

type Error = serde_json::Error;

/// The JSON written so far, and scratch space that every map of one serialization shares, so that a map
/// costs no allocation of its own: the entries of the maps in progress (a stack: a nested map's entries sit
/// above its parent's and are gone when it ends), and room to reorder one map's bytes.
struct Output {
    bytes: Vec<u8>,
    entries: Vec<Entry>,
    reordered: Vec<u8>,
}

/// One map entry in the output.
#[derive(Clone, Copy)]
struct Entry {
    /// Output offset of the quoted key (after any comma).
    start: usize,
    key_length: usize,
    /// Where the entry's value ends; only known, and only needed, when the map is sorted.
    end: usize,
    /// The quoted key's first eight bytes as a big-endian number (zero-padded), so that most comparisons
    /// are one integer comparison rather than a call to memcmp; with memcmp, the ETag of records with a
    /// `HashMap` cost up to 2.0 times `to_vec` + SHA-1, and 1.7 times with the prefix.
    prefix: u64,
}

impl Entry {
    fn new(bytes: &[u8], start: usize) -> Self {
        let key_length = bytes.len() - start;
        let head = &bytes[start..start + key_length.min(8)];
        // Shifted in byte by byte: a copy of a variable length would be a call to memcpy.
        let prefix = head.iter().fold(0u64, |prefix, &byte| prefix << 8 | u64::from(byte));
        Entry {
            start,
            key_length,
            end: 0,
            prefix: prefix.checked_shl(8 * (8 - head.len() as u32)).unwrap_or(0),
        }
    }

    fn key<'b>(&self, bytes: &'b [u8]) -> &'b [u8] {
        &bytes[self.start..self.start + self.key_length]
    }

    /// The byte order of the quoted keys. Differing prefixes decide as the whole keys would: the first byte
    /// where they differ lies inside both prefixes, because a key shorter than eight bytes ends with its
    /// closing quote, and another key has a quote at that offset only if it ends there too. Equal prefixes
    /// fall back to the whole keys.
    fn cmp_keys(&self, other: &Entry, bytes: &[u8]) -> std::cmp::Ordering {
        self.prefix
            .cmp(&other.prefix)
            .then_with(|| self.key(bytes).cmp(other.key(bytes)))
    }
}

impl std::ops::Deref for Output {
    type Target = Vec<u8>;
    #[inline]
    fn deref(&self) -> &Vec<u8> {
        &self.bytes
    }
}

impl std::ops::DerefMut for Output {
    #[inline]
    fn deref_mut(&mut self) -> &mut Vec<u8> {
        &mut self.bytes
    }
}

struct Canonical<'a> {
    out: &'a mut Output,
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

/// An array or object in progress: whether the next element needs a comma, and whether it is the content of
/// an enum variant, `{"Variant":[...]}`, whose outer brace closes with it.
struct Compound<'a> {
    out: &'a mut Output,
    first: bool,
    close: u8,
    in_variant: bool,
}

impl<'a> Compound<'a> {
    #[inline]
    fn open(out: &'a mut Output, open: u8, close: u8) -> Self {
        out.push(open);
        Compound {
            out,
            first: true,
            close,
            in_variant: false,
        }
    }

    #[inline]
    fn separate(&mut self) {
        if !std::mem::take(&mut self.first) {
            self.out.push(b',');
        }
    }

    #[inline]
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.separate();
        value.serialize(Canonical { out: self.out })
    }

    #[inline]
    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), Error> {
        self.separate();
        write_json_string(self.out, key);
        self.out.push(b':');
        value.serialize(Canonical { out: self.out })
    }

    #[inline]
    fn close(self) -> Result<(), Error> {
        self.out.push(self.close);
        if self.in_variant {
            self.out.push(b'}');
        }
        Ok(())
    }
}

/// A map in progress: its entries are `out.entries[first_entry..]`, sorted when it ends if they did not
/// arrive in key order.
struct Map<'a> {
    out: &'a mut Output,
    first_entry: usize,
    sorted: bool,
}

impl Map<'_> {
    /// Puts the entries in key order. Only called when they arrived out of order.
    fn sort_entries(&mut self) {
        let Output {
            bytes,
            entries,
            reordered,
        } = &mut *self.out;
        let entries = &mut entries[self.first_entry..];
        let body_start = entries[0].start;
        let body_end = bytes.len();
        for i in 0..entries.len() {
            entries[i].end = entries.get(i + 1).map_or(body_end, |next| next.start - 1);
        }
        entries.sort_by(|a, b| a.cmp_keys(b, bytes));
        reordered.clear();
        for (i, entry) in entries.iter().enumerate() {
            if i > 0 {
                reordered.push(b',');
            }
            reordered.extend_from_slice(&bytes[entry.start..entry.end]);
        }
        bytes[body_start..body_end].copy_from_slice(reordered);
    }

    fn has_entries(&self) -> bool {
        self.out.entries.len() > self.first_entry
    }
}

impl ser::SerializeMap for Map<'_> {
    type Ok = ();
    type Error = Error;

    #[inline]
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        if self.has_entries() {
            self.out.push(b',');
        }
        let start = self.out.len();
        key.serialize(MapKey { out: self.out })?;
        let entry = Entry::new(&self.out.bytes, start);
        if let Some(previous) = self.out.entries[self.first_entry..].last() {
            self.sorted &= previous.cmp_keys(&entry, &self.out.bytes).is_le();
        }
        self.out.entries.push(entry);
        self.out.push(b':');
        Ok(())
    }

    #[inline]
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(Canonical { out: self.out })
    }

    #[inline]
    fn end(mut self) -> Result<(), Error> {
        if !self.sorted {
            self.sort_entries();
        }
        self.out.entries.truncate(self.first_entry);
        self.out.push(b'}');
        Ok(())
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

/// `{"Variant":` then an array or object; the outer brace is closed with it by [`Compound::close`].
fn open_variant<'a>(out: &'a mut Output, variant: &str, open: u8, close: u8) -> Result<Compound<'a>, Error> {
    out.push(b'{');
    write_json_string(out, variant);
    out.push(b':');
    out.push(open);
    Ok(Compound {
        out,
        first: true,
        close,
        in_variant: true,
    })
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = Error;
    #[inline]
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    #[inline]
    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

impl ser::SerializeTuple for Compound<'_> {
    type Ok = ();
    type Error = Error;
    #[inline]
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    #[inline]
    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

impl ser::SerializeTupleStruct for Compound<'_> {
    type Ok = ();
    type Error = Error;
    #[inline]
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    #[inline]
    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

impl ser::SerializeTupleVariant for Compound<'_> {
    type Ok = ();
    type Error = Error;
    #[inline]
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }
    #[inline]
    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = Error;
    #[inline]
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
        self.field(key, value)
    }
    #[inline]
    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

impl ser::SerializeStructVariant for Compound<'_> {
    type Ok = ();
    type Error = Error;
    #[inline]
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
        self.field(key, value)
    }
    #[inline]
    fn end(self) -> Result<(), Error> {
        self.close()
    }
}

/// Map keys: JSON object keys are strings, so numbers and booleans are quoted, as serde_json does.
struct MapKey<'a> {
    out: &'a mut Output,
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
