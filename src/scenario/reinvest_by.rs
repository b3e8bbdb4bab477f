//! How a reinvestment spreads its money: by register, by need, equally, or by weights, and
//! how that choice is written in a file.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// How reinvested money is spread across the localities (or clusters) of the services it goes
/// into.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum ReinvestBy {
    /// In proportion to people on each locality's register.
    #[default]
    Register,
    /// In proportion to register × need weight.
    Need,
    /// Equal shares per service.
    Equal,
    /// Explicit weights by locality or cluster id (see `plan/basis.rs` for where a service is
    /// placed).
    Weights(BTreeMap<String, f64>),
}

impl Serialize for ReinvestBy {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            ReinvestBy::Register => s.serialize_str("register"),
            ReinvestBy::Need => s.serialize_str("need"),
            ReinvestBy::Equal => s.serialize_str("equal"),
            ReinvestBy::Weights(w) => w.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for ReinvestBy {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct ByVisitor;
        impl<'de> Visitor<'de> for ByVisitor {
            type Value = ReinvestBy;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("\"register\", \"need\", \"equal\", or a table of weights by locality or cluster id")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<ReinvestBy, E> {
                match v {
                    "register" => Ok(ReinvestBy::Register),
                    "need" => Ok(ReinvestBy::Need),
                    "equal" => Ok(ReinvestBy::Equal),
                    _ => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
                }
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<ReinvestBy, A::Error> {
                let mut w = BTreeMap::new();
                while let Some((k, v)) = map.next_entry::<String, f64>()? {
                    if w.insert(k.clone(), v).is_some() {
                        return Err(de::Error::custom(format!("locality `{k}` weighted twice")));
                    }
                }
                Ok(ReinvestBy::Weights(w))
            }
        }
        d.deserialize_any(ByVisitor)
    }
}
