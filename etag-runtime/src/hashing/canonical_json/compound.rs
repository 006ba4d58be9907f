//! JSON arrays and objects whose members come in a fixed order: sequences, tuples, structs, and the
//! variants that wrap them.

use serde::ser::{self, Serialize};

use super::serializer::Canonical;
use super::{Error, Output};
use crate::hashing::json_string::write_json_string;

/// An array or object in progress: whether the next element needs a comma, and whether it is the content of
/// an enum variant, `{"Variant":[...]}`, whose outer brace closes with it.
pub(super) struct Compound<'a> {
    out: &'a mut Output,
    first: bool,
    close: u8,
    in_variant: bool,
}

impl<'a> Compound<'a> {
    #[inline]
    pub(super) fn open(out: &'a mut Output, open: u8, close: u8) -> Self {
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
    pub(super) fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> Result<(), Error> {
        self.separate();
        write_json_string(self.out, key);
        self.out.push(b':');
        value.serialize(Canonical { out: self.out })
    }

    #[inline]
    pub(super) fn close(self) -> Result<(), Error> {
        self.out.push(self.close);
        if self.in_variant {
            self.out.push(b'}');
        }
        Ok(())
    }
}

/// `{"Variant":` then an array or object; the outer brace is closed with it by [`Compound::close`].
pub(super) fn open_variant<'a>(out: &'a mut Output, variant: &str, open: u8, close: u8) -> Result<Compound<'a>, Error> {
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
