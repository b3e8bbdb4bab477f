//! The field names of the file format's structs, in declaration order, read from their serde
//! derives: the workbook's columns are laid out from these, so the file format is written
//! down once (the structs) and the workbook cannot drift from it.
//!
//! Levers and distributions are tagged enums, whose fields serde does not list; their keys
//! are read from one example of each kind as serde writes it.

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde::Serialize;

use crate::economy::{BudgetLines, ClusterSpec, ConditionSpec, CornerNames, EconomySpec, LocalitySpec, SegmentSpec};
use crate::scenario::{Lever, MoneySource, ReinvestBy};
use crate::service::ServiceSpec;
use crate::uncertainty::DistributionSpec;

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

/// The keys of a JSON object, in the order written.
struct Keys;

impl<'de> Visitor<'de> for Keys {
    type Value = Vec<String>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Vec<String>, A::Error> {
        let mut keys = Vec::new();
        while let Some(k) = map.next_key::<String>()? {
            map.next_value::<de::IgnoredAny>()?;
            keys.push(k);
        }
        Ok(keys)
    }
}

/// The keys the examples are written with, each once, in order of first appearance.
fn keys_of<T: Serialize>(examples: &[T]) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for e in examples {
        // Writing a lever or distribution to JSON cannot fail, nor reading its keys back.
        let text = serde_json::to_string(e).unwrap_or_default();
        let mut d = serde_json::Deserializer::from_str(&text);
        for k in d.deserialize_map(Keys).unwrap_or_default() {
            if !keys.contains(&k) {
                keys.push(k);
            }
        }
    }
    keys
}

/// A lever of each kind with every key given, in the order the workbook's scenario sheet
/// lays their keys out.
fn levers() -> Vec<Lever> {
    let text = |s: &str| s.to_string();
    vec![
        Lever::Substitute {
            from: text("a"),
            to: text("b"),
            share: 0.5.into(),
            ratio: 2.0.into(),
        },
        Lever::Shift {
            from: text("a"),
            to: text("b"),
            amount: 1.0.into(),
        },
        Lever::Reinvest {
            amount: 1.0.into(),
            into: vec![text("b")],
            by: ReinvestBy::Need,
            source: MoneySource::New,
        },
        Lever::ScaleActivity {
            service: text("a"),
            factor: 1.0.into(),
        },
        Lever::Productivity {
            service: text("a"),
            gain: 0.1.into(),
        },
        Lever::SetUnitCost {
            service: text("a"),
            unit_cost: 1.0.into(),
        },
        Lever::Target {
            segment: text("s"),
            service: text("a"),
            effect: (-0.1).into(),
            coverage: 0.8.into(),
        },
    ]
}

/// A distribution of each kind with every key given, in the order the workbook's
/// uncertain-inputs sheet lays their keys out.
fn distributions() -> Vec<DistributionSpec> {
    vec![
        DistributionSpec::Fixed { value: 1.0 },
        DistributionSpec::Normal { mean: 1.0, sd: 1.0 },
        DistributionSpec::Triangular {
            low: 0.0,
            mode: 1.0,
            high: 2.0,
        },
        DistributionSpec::Lognormal {
            meanlog: Some(0.0),
            sdlog: Some(1.0),
            mean: None,
            sd: None,
        },
        DistributionSpec::Gamma {
            shape: Some(1.0),
            scale: Some(1.0),
            mean: None,
            sd: None,
        },
        DistributionSpec::Beta {
            alpha: Some(1.0),
            beta: Some(1.0),
            mean: None,
            sd: None,
        },
        DistributionSpec::Discrete {
            values: vec![1.0],
            weights: Some(vec![1.0]),
        },
    ]
}

/// The fields of each struct of an economy file (`economy`, `commissioners`, `budget`,
/// `locality`, `cluster`, `service`, `segment`), and the keys of every kind of `lever` and of
/// `distribution`.
pub fn file_fields() -> Vec<(&'static str, Vec<String>)> {
    let names = |f: &[&str]| f.iter().map(|s| (*s).to_string()).collect::<Vec<_>>();
    vec![
        ("economy", names(of::<EconomySpec>())),
        ("commissioners", names(of::<CornerNames>())),
        ("budget", names(of::<BudgetLines>())),
        ("locality", names(of::<LocalitySpec>())),
        ("cluster", names(of::<ClusterSpec>())),
        ("service", names(of::<ServiceSpec>())),
        ("segment", names(of::<SegmentSpec>())),
        ("condition", names(of::<ConditionSpec>())),
        ("lever", keys_of(&levers())),
        ("distribution", keys_of(&distributions())),
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

    #[test]
    fn every_kind_of_lever_and_distribution_gives_its_keys() {
        let f: std::collections::HashMap<_, _> = file_fields().into_iter().collect();
        let words = |s: &str| s.split(' ').map(str::to_string).collect::<Vec<_>>();
        assert_eq!(
            f["lever"],
            words(
                "lever from to share ratio amount into by source service factor gain unit_cost segment effect coverage"
            )
        );
        assert_eq!(
            f["distribution"],
            words("dist value mean sd low mode high meanlog sdlog shape scale alpha beta values weights")
        );
    }
}
