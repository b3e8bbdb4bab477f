//! An input that is a plain number or a checked distribution: what a file's field holds.

use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::distribution::Distribution;
use super::spec::DistributionSpec;

/// An input that is either known (`unit_cost = 21.25`) or uncertain
/// (`unit_cost = { dist = "gamma", mean = 21.25, sd = 2.5 }`).
///
/// Deserializes from a number or a table; the distribution is checked while reading, and a
/// bad one is a deserialization error whose message names the parameter at fault (the file
/// reader adds the path of the field that holds it). Serializes back to what was read.
#[derive(Debug, Clone, PartialEq)]
pub enum UncertainValue {
    /// A known number.
    Value(f64),
    /// An uncertain value.
    Distribution(Distribution),
}

impl UncertainValue {
    /// The value a deterministic run uses: the number, or the distribution's **mean**.
    ///
    /// The mean rather than the median or mode because costs add up: the total of the inputs'
    /// means is the mean of the total, so a base case at the means agrees with the centre of a
    /// Monte Carlo run on any model that is linear in its inputs (and the convention in health
    /// economic evaluation is to report the base case at the means). For a discrete
    /// distribution this is the weighted mean, which need not be one of its values.
    pub fn base(&self) -> f64 {
        match self {
            UncertainValue::Value(v) => *v,
            UncertainValue::Distribution(d) => d.mean(),
        }
    }

    /// The distribution, if the value is uncertain.
    pub fn distribution(&self) -> Option<&Distribution> {
        match self {
            UncertainValue::Value(_) => None,
            UncertainValue::Distribution(d) => Some(d),
        }
    }

    /// Whether the value is uncertain (a distribution other than a number).
    pub fn is_uncertain(&self) -> bool {
        matches!(self, UncertainValue::Distribution(_))
    }
}

impl From<f64> for UncertainValue {
    fn from(value: f64) -> Self {
        UncertainValue::Value(value)
    }
}

impl From<Distribution> for UncertainValue {
    fn from(d: Distribution) -> Self {
        UncertainValue::Distribution(d)
    }
}

impl Serialize for UncertainValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            UncertainValue::Value(v) => serializer.serialize_f64(*v),
            UncertainValue::Distribution(d) => d.spec().serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for UncertainValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NumberOrTable;

        impl<'de> Visitor<'de> for NumberOrTable {
            type Value = UncertainValue;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(r#"a number or a distribution table such as { dist = "normal", mean = 1, sd = 0.1 }"#)
            }

            fn visit_f64<E: de::Error>(self, v: f64) -> Result<UncertainValue, E> {
                Ok(UncertainValue::Value(v))
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<UncertainValue, E> {
                Ok(UncertainValue::Value(v as f64))
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<UncertainValue, E> {
                Ok(UncertainValue::Value(v as f64))
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<UncertainValue, A::Error> {
                let spec = DistributionSpec::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Distribution::from_spec(spec, "")
                    .map(UncertainValue::Distribution)
                    .map_err(de::Error::custom)
            }
        }

        deserializer.deserialize_any(NumberOrTable)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Service {
        unit_cost: UncertainValue,
    }

    fn read(text: &str) -> Result<Service, toml::de::Error> {
        toml::from_str(text)
    }

    #[test]
    fn a_number_or_a_table() {
        let plain = read("unit_cost = 21.25").unwrap();
        assert_eq!(plain.unit_cost, UncertainValue::Value(21.25));
        assert_eq!(plain.unit_cost.base(), 21.25);
        assert!(plain.unit_cost.distribution().is_none());
        let integer = read("unit_cost = 21").unwrap();
        assert_eq!(integer.unit_cost.base(), 21.0);

        let uncertain = read(r#"unit_cost = { dist = "gamma", mean = 21.25, sd = 2.5 }"#).unwrap();
        assert!(uncertain.unit_cost.is_uncertain());
        assert!((uncertain.unit_cost.base() - 21.25).abs() < 1e-12);
        assert_eq!(uncertain.unit_cost.distribution().unwrap().spec().kind(), "gamma");
    }

    #[test]
    fn bad_tables_are_errors_that_name_the_key() {
        let unknown = read(r#"unit_cost = { dist = "gamma", mean = 21.25, sdev = 2.5 }"#).unwrap_err();
        assert!(unknown.to_string().contains("sdev"), "{unknown}");
        let kind = read(r#"unit_cost = { dist = "gama", mean = 21.25, sd = 2.5 }"#).unwrap_err();
        assert!(kind.to_string().contains("gama"), "{kind}");
        let negative = read(r#"unit_cost = { dist = "normal", mean = 21.25, sd = -2.5 }"#).unwrap_err();
        assert!(negative.to_string().contains("sd must be"), "{negative}");
        let text = read(r#"unit_cost = "cheap""#).unwrap_err();
        assert!(text.to_string().contains("a number or a distribution"), "{text}");
    }

    #[test]
    fn round_trip_keeps_what_was_written() {
        let texts = [
            "unit_cost = 21.25\n",
            "unit_cost = { dist = \"fixed\", value = 3.0 }\n",
            "unit_cost = { dist = \"uniform\", low = 1.0, high = 2.0 }\n",
            "unit_cost = { dist = \"normal\", mean = 21.25, sd = 2.5 }\n",
            "unit_cost = { dist = \"truncated_normal\", mean = 21.25, sd = 2.5, low = 0.0 }\n",
            "unit_cost = { dist = \"lognormal\", meanlog = 3.0, sdlog = 0.2 }\n",
            "unit_cost = { dist = \"lognormal\", mean = 21.25, sd = 2.5 }\n",
            "unit_cost = { dist = \"gamma\", shape = 72.25, scale = 0.29411764705882354 }\n",
            "unit_cost = { dist = \"gamma\", mean = 21.25, sd = 2.5 }\n",
            "unit_cost = { dist = \"beta\", alpha = 2.0, beta = 5.0 }\n",
            "unit_cost = { dist = \"beta\", mean = 0.3, sd = 0.1 }\n",
            "unit_cost = { dist = \"triangular\", low = 10.0, mode = 21.25, high = 40.0 }\n",
            "unit_cost = { dist = \"pert\", low = 10.0, mode = 21.25, high = 40.0 }\n",
            "unit_cost = { dist = \"discrete\", values = [1.0, 2.0], weights = [0.25, 0.75] }\n",
            "unit_cost = { dist = \"discrete\", values = [1.0, 2.0] }\n",
        ];
        for text in texts {
            let value = read(text).unwrap();
            let saved = toml::to_string(&value).unwrap();
            assert_eq!(read(&saved).unwrap(), value, "{text} saved as {saved}");
            let json = serde_json::to_string(&value).unwrap();
            assert_eq!(serde_json::from_str::<Service>(&json).unwrap(), value, "{json}");
            // The spec written back holds exactly the keys that were read.
            let back: toml::Value = toml::from_str(&saved).unwrap();
            let given: toml::Value = toml::from_str(text).unwrap();
            assert_eq!(back, given, "{text} saved as {saved}");
        }
    }
}
