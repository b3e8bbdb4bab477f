//! Reads from a struct's serde derive its field names, in declaration order, and what kind of
//! value each field's type asks for, without any value to read: a deserializer that answers
//! the struct with one field at a time and records the first thing that field asks for.

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::FieldKind;

/// A deserializer that only asks a struct for its field names, then (when `probe` is set)
/// asks for field `probe` alone and records what kind of value it reads, then stops.
struct Names<'a> {
    fields: &'a mut &'static [&'static str],
    probe: Option<(usize, &'a mut FieldKind)>,
}

/// Stopping is an error in serde's terms; nothing is read.
#[derive(Debug)]
struct Stop;

impl std::fmt::Display for Stop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("field names read")
    }
}

impl std::error::Error for Stop {}

impl de::Error for Stop {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Stop
    }
}

impl<'de> Deserializer<'de> for Names<'_> {
    type Error = Stop;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Stop> {
        Err(Stop)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Stop> {
        *self.fields = fields;
        match self.probe {
            Some((i, kind)) if i < fields.len() => visitor.visit_map(OneField {
                name: Some(fields[i]),
                kind,
            }),
            _ => Err(Stop),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option
        unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
    }
}

/// A struct's body of one field, whose value is a [`Kind`] probe.
struct OneField<'a> {
    name: Option<&'static str>,
    kind: &'a mut FieldKind,
}

impl<'de> MapAccess<'de> for OneField<'_> {
    type Error = Stop;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Stop> {
        match self.name.take() {
            Some(name) => seed
                .deserialize(de::value::BorrowedStrDeserializer::new(name))
                .map(Some),
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Stop> {
        seed.deserialize(Kind {
            kind: self.kind,
            element: false,
        })
    }
}

/// Records the kind of value a field's type asks for (through an `Option`, and for a list,
/// of what its elements ask for), then stops.
struct Kind<'a> {
    kind: &'a mut FieldKind,
    element: bool,
}

impl Kind<'_> {
    fn is<T>(self, kind: FieldKind) -> Result<T, Stop> {
        *self.kind = match (self.element, kind) {
            (true, "object") => "table",
            (true, _) => "list",
            (false, kind) => kind,
        };
        Err(Stop)
    }
}

impl<'de> Deserializer<'de> for Kind<'_> {
    type Error = Stop;

    /// A value that reads itself from whatever comes (an uncertain value: a number or a
    /// distribution's table) is a number if it takes one.
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
        let number = visitor.visit_f64::<Stop>(1.0).is_ok();
        self.is(if number { "number" } else { "object" })
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
        visitor.visit_some(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
        visitor.visit_seq(Elements(Some(self.kind)))
    }

    fn deserialize_bool<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Stop> {
        self.is("flag")
    }

    fn deserialize_f64<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Stop> {
        self.is("number")
    }

    fn deserialize_string<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Stop> {
        self.is("text")
    }

    /// Enums of the file format are written as their names (`clinical`, `third_sector`).
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Stop> {
        self.is("text")
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Stop> {
        self.is("object")
    }

    fn deserialize_map<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Stop> {
        self.is("object")
    }

    serde::forward_to_deserialize_any! {
        i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 char str bytes byte_buf
        unit unit_struct newtype_struct tuple tuple_struct identifier ignored_any
    }
}

/// A list whose first element is a [`Kind`] probe.
struct Elements<'a>(Option<&'a mut FieldKind>);

impl<'de> SeqAccess<'de> for Elements<'_> {
    type Error = Stop;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Stop> {
        match self.0.take() {
            Some(kind) => seed.deserialize(Kind { kind, element: true }).map(Some),
            None => Ok(None),
        }
    }
}

/// The fields of struct `T`, in declaration order, each with what it holds.
pub(super) fn of<'de, T: Deserialize<'de>>() -> Vec<(String, FieldKind)> {
    let mut fields: &'static [&'static str] = &[];
    let _ = T::deserialize(Names {
        fields: &mut fields,
        probe: None,
    });
    (0..fields.len())
        .map(|i| {
            let mut kind: FieldKind = "unknown";
            let mut ignored: &'static [&'static str] = &[];
            let _ = T::deserialize(Names {
                fields: &mut ignored,
                probe: Some((i, &mut kind)),
            });
            (fields[i].to_string(), kind)
        })
        .collect()
}
