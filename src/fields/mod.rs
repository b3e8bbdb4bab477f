//! The field names of the file format's structs, in declaration order, and what each holds
//! (a number, text, a list, a table), read from their serde derives: the workbook's columns
//! and their cells' types are laid out from these, so the file format is written down once
//! (the structs) and the workbook cannot drift from it.
//!
//! Levers and distributions are tagged enums, whose fields serde does not list; their keys
//! and values are read from one example of each kind as serde writes it.

use serde::de::{self, Deserializer, MapAccess, Visitor};

mod probe;
use probe::of;
use serde::Serialize;

use crate::economy::{BudgetLines, ClusterSpec, ConditionSpec, CornerNames, EconomySpec, LocalitySpec, SegmentSpec};
use crate::outcome::OutcomeSpec;
use crate::scenario::{Lever, MoneySource, Per, ReinvestBy, ScenarioSpec};
use crate::service::ServiceSpec;
use crate::uncertainty::DistributionSpec;

/// What a field holds, as a workbook cell shows it: `number` (a number, or an uncertain value
/// written as a number), `text`, `list` (of numbers or text, in one cell), `table` (a list of
/// tables: a sheet of its own), `object` (a table of keys), `flag`.
pub type FieldKind = &'static str;

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

/// The keys the examples are written with, each once, in order of first appearance, with
/// what the first example to give a key holds there.
fn keys_of<T: Serialize>(examples: &[T]) -> Vec<(String, FieldKind)> {
    let mut keys: Vec<(String, FieldKind)> = Vec::new();
    for e in examples {
        // Writing a lever or distribution to JSON cannot fail, nor reading its keys back.
        let text = serde_json::to_string(e).unwrap_or_default();
        let mut d = serde_json::Deserializer::from_str(&text);
        let values: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&text).unwrap_or_default();
        for k in d.deserialize_map(Keys).unwrap_or_default() {
            if !keys.iter().any(|(have, _)| *have == k) {
                let kind = match values.get(&k) {
                    Some(serde_json::Value::Number(_)) => "number",
                    Some(serde_json::Value::Array(_)) => "list",
                    Some(serde_json::Value::Bool(_)) => "flag",
                    Some(serde_json::Value::Object(_)) => "object",
                    _ => "text",
                };
                keys.push((k, kind));
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
            per: Per::Person,
        },
        Lever::Shift {
            from: text("a"),
            to: text("b"),
            amount: 1.0.into(),
        },
        Lever::Reinvest {
            amount: Some(1.0.into()),
            into: vec![text("b")],
            by: ReinvestBy::Need,
            source: MoneySource::New,
            share_of_released: Some(0.5.into()),
            from_levers: vec![0.into()],
            condition: None,
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
        Lever::Commission {
            service: text("a"),
            people: Some(1.0.into()),
            units: Some(1.0.into()),
            source: MoneySource::New,
        },
        Lever::Target {
            segment: text("s"),
            service: text("a"),
            effect: (-0.1).into(),
            coverage: 0.8.into(),
        },
        // After the others: the workbook's scenarios sheet gains its column last.
        Lever::Reinvest {
            amount: Some(1.0.into()),
            into: vec![text("b")],
            by: ReinvestBy::Register,
            source: MoneySource::New,
            share_of_released: None,
            from_levers: vec![],
            condition: Some(text("c")),
        },
    ]
}

/// The keys of a lever in a scenario's file: those of [`levers`], then the keys the scenario
/// adds to a lever's table (its `name`: the scenarios sheet gained its column last).
fn lever_keys() -> Vec<(String, FieldKind)> {
    let mut keys = keys_of(&levers());
    for (k, kind) in keys_of(&written_levers()) {
        if !keys.iter().any(|(have, _)| *have == k) {
            keys.push((k, kind));
        }
    }
    keys
}

/// The levers of [`levers`] as a scenario's file writes them, one of them named.
fn written_levers() -> Vec<serde_json::Value> {
    let levers = levers();
    let mut names = vec![None; levers.len()];
    names[levers.len() - 1] = Some("n".to_string());
    let spec = ScenarioSpec {
        levers,
        names,
        ..ScenarioSpec::default()
    };
    match serde_json::to_value(spec) {
        Ok(serde_json::Value::Object(mut o)) => match o.remove("levers") {
            Some(serde_json::Value::Array(levers)) => levers,
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
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
/// `locality`, `cluster`, `service`, `segment`, `condition`, `outcome`, `staff_group`, and the
/// file's `optimise` and `options` tables), and the keys of every
/// kind of `lever` and of `distribution`, each with what it holds ([`FieldKind`]).
pub fn file_fields() -> Vec<(&'static str, Vec<(String, FieldKind)>)> {
    vec![
        ("economy", of::<EconomySpec>()),
        ("commissioners", of::<CornerNames>()),
        ("budget", of::<BudgetLines>()),
        ("locality", of::<LocalitySpec>()),
        ("cluster", of::<ClusterSpec>()),
        ("service", of::<ServiceSpec>()),
        ("segment", of::<SegmentSpec>()),
        ("condition", of::<ConditionSpec>()),
        ("outcome", of::<OutcomeSpec>()),
        ("staff_group", of::<crate::economy::StaffGroupSpec>()),
        ("optimise", of::<crate::optimise::OptimiseSpec>()),
        ("options", of::<crate::options::OptionsSpec>()),
        ("lever", lever_keys()),
        ("distribution", keys_of(&distributions())),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> std::collections::HashMap<&'static str, Vec<String>> {
        file_fields()
            .into_iter()
            .map(|(s, f)| (s, f.into_iter().map(|(name, _)| name).collect()))
            .collect()
    }

    #[test]
    fn fields_come_in_declaration_order() {
        let f = names();
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
        let f = names();
        let words = |s: &str| s.split(' ').map(str::to_string).collect::<Vec<_>>();
        assert_eq!(
            f["lever"],
            words(
                "lever from to share ratio per amount into by source share_of_released from_levers service factor gain \
                 unit_cost people units segment effect coverage condition name"
            )
        );
        assert_eq!(
            f["distribution"],
            words("dist value mean sd low mode high meanlog sdlog shape scale alpha beta values weights")
        );
    }

    #[test]
    fn each_field_says_what_it_holds_from_its_type() {
        let kinds: std::collections::HashMap<_, _> = file_fields().into_iter().collect();
        let of = |s: &str, f: &str| kinds[s].iter().find(|(n, _)| n == f).map(|(_, k)| *k);
        // f64, UncertainValue (a number or a distribution's table), Option<f64>
        assert_eq!(of("economy", "envelope"), Some("number"));
        assert_eq!(of("service", "unit_cost"), Some("number"));
        assert_eq!(of("service", "capacity"), Some("number"));
        assert_eq!(of("budget", "clinical"), Some("number"));
        // String, Option<Corner> (an enum written as its name), Option<FinancialYear> (text)
        assert_eq!(of("service", "id"), Some("text"));
        assert_eq!(of("service", "corner"), Some("text"));
        assert_eq!(of("service", "price_year"), Some("text"));
        // Option<CornerNames>, Vec<LocalitySpec>, Vec<ClusterSpec>
        assert_eq!(of("economy", "commissioners"), Some("object"));
        assert_eq!(of("economy", "localities"), Some("table"));
        assert_eq!(of("locality", "clusters"), Some("table"));
        // Vec<String> and Vec<f64> of the examples
        assert_eq!(of("lever", "into"), Some("list"));
        assert_eq!(of("lever", "share"), Some("number"));
        assert_eq!(of("lever", "by"), Some("text"));
        assert_eq!(of("distribution", "weights"), Some("list"));
        assert_eq!(of("distribution", "dist"), Some("text"));
        // Every field's type answered the probe.
        assert!(kinds.values().flatten().all(|(_, k)| *k != "unknown"));
    }
}
