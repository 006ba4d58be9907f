//! Bodies read from a JSON object only. serde's derived `Deserialize` also builds a struct from an array of its
//! fields in order (`["Ada", "ada@example.com"]` for `{"name", "email"}`), which no client of this API means:
//! RFC 7396 reads a merge patch that is not an object as a replacement of the whole target, and the contract
//! refuses a body of the wrong shape (422).

/// Implements `Deserialize` and `Serialize` for `$body`, a struct that derives both under
/// `#[serde(remote = "Self")]` (which makes the derived code inherent functions), taking only a JSON object.
macro_rules! from_object_only {
    ($body:ty) => {
        impl<'de> serde::Deserialize<'de> for $body {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Object;

                impl<'de> serde::de::Visitor<'de> for Object {
                    type Value = $body;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        formatter.write_str("a JSON object")
                    }

                    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<$body, A::Error> {
                        // The derived code, inherent under `remote = "Self"`, reads the object's members.
                        <$body>::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    }
                }

                deserializer.deserialize_map(Object)
            }
        }

        impl serde::Serialize for $body {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                <$body>::serialize(self, serializer)
            }
        }
    };
}

pub(crate) use from_object_only;
