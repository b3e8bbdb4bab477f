//! The field names of the file format's structs, in declaration order, read from their serde
//! derives: the workbook's columns are laid out from these, so the file format is written
//! down once (the structs) and the workbook cannot drift from it.

use serde::de::{self, Deserialize, Deserializer, Visitor};

use crate::economy::{BudgetLines, ClusterSpec, CornerNames, EconomySpec, LocalitySpec};
use crate::service::ServiceSpec;

/// A deserializer that only asks a struct for its field names, then stops.
struct Names<'a>(&'a mut &'static [&'static str]);

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
        _visitor: V,
    ) -> Result<V::Value, Stop> {
        *self.0 = fields;
        Err(Stop)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option
        unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
    }
}

/// The fields of struct `T`, in declaration order.
fn of<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
    let mut fields: &'static [&'static str] = &[];
    let _ = T::deserialize(Names(&mut fields));
    fields
}

/// The fields of each struct of an economy file: `economy`, `commissioners`, `budget`,
/// `locality`, `cluster` and `service`.
pub fn file_fields() -> Vec<(&'static str, &'static [&'static str])> {
    vec![
        ("economy", of::<EconomySpec>()),
        ("commissioners", of::<CornerNames>()),
        ("budget", of::<BudgetLines>()),
        ("locality", of::<LocalitySpec>()),
        ("cluster", of::<ClusterSpec>()),
        ("service", of::<ServiceSpec>()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_come_in_declaration_order() {
        let f: std::collections::HashMap<_, _> = file_fields().into_iter().collect();
        assert_eq!(f["locality"], ["id", "name", "register", "need_weight", "clusters"]);
        assert_eq!(
            f["commissioners"],
            ["clinical", "nhs_self_management", "community_self_management"]
        );
        assert_eq!(f["service"][..3], ["id", "name", "corner"]);
        assert_eq!(f["economy"][0], "name");
    }
}
