//! Price years and uprating: an index of annual percentage changes that moves a cost from
//! one financial year's prices to another's.
//!
//! The NHS Cost Inflation Index (NHSCII) ships with the project, read from the same CSV file
//! the Python package carries (one copy: `python/caretriangle/data/nhs_cost_inflation_index.csv`,
//! source in `SOURCES.md` beside it). Each row is the change *into* that financial year, so
//! moving a cost from 2014/15 to 2023/24 prices multiplies by (1 + change/100) for every year
//! from 2015/16 to 2023/24.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{Error, Result};
use crate::service::FinancialYear;

/// The NHSCII table as shipped (PSSRU, Unit Costs of Health and Social Care 2024, Table
/// 12.1.1; 2023/24 provisional).
pub const NHSCII_CSV: &str = include_str!("../python/caretriangle/data/nhs_cost_inflation_index.csv");

/// The NHSCII series a file may name, with the CSV column each one reads.
pub const NHSCII_SERIES: [(&str, &str); 3] = [
    ("nhscii_pay_and_prices", "pay_and_prices_pct"),
    ("nhscii_pay", "pay_pct"),
    ("nhscii_prices", "prices_pct"),
];

/// An index of annual percentage changes by financial year.
#[derive(Debug, Clone, PartialEq)]
pub struct PriceIndex {
    name: String,
    changes: BTreeMap<FinancialYear, f64>,
}

impl PriceIndex {
    /// An index from annual percentage changes (2.5 is 2.5%), each the change into its year.
    ///
    /// # Errors
    /// An empty name, no changes, or a change that is not finite or is -100% or below.
    pub fn new(name: &str, changes: BTreeMap<FinancialYear, f64>) -> Result<PriceIndex> {
        if name.trim().is_empty() {
            return Err(Error::invalid("uprating.name", format!("{name:?}"), "a non-empty name"));
        }
        if changes.is_empty() {
            return Err(Error::invalid(
                "uprating.changes",
                "no years",
                "at least one year's change",
            ));
        }
        for (year, pct) in &changes {
            if !(pct.is_finite() && *pct > -100.0) {
                return Err(Error::invalid(
                    format!("uprating.changes.\"{year}\""),
                    pct,
                    "a finite percentage above -100",
                ));
            }
        }
        Ok(PriceIndex {
            name: name.into(),
            changes,
        })
    }

    /// A shipped NHSCII series by name (`nhscii_pay_and_prices`, `nhscii_pay`, `nhscii_prices`).
    ///
    /// # Errors
    /// A name that is not one of them (with the nearest).
    pub fn nhscii(series: &str) -> Result<PriceIndex> {
        let column = NHSCII_SERIES
            .iter()
            .find(|(n, _)| *n == series)
            .map(|(_, c)| *c)
            .ok_or_else(|| {
                Error::unknown(
                    "uprating",
                    "index",
                    series,
                    NHSCII_SERIES.iter().map(|(n, _)| *n).chain(["none"]),
                )
            })?;
        let mut lines = NHSCII_CSV.lines();
        let header: Vec<&str> = lines.next().unwrap_or_default().split(',').collect();
        let at = header.iter().position(|h| *h == column);
        let mut changes = BTreeMap::new();
        for line in lines.filter(|l| !l.trim().is_empty()) {
            let cells: Vec<&str> = line.split(',').collect();
            let (Some(at), Some(year)) = (at, cells.first()) else {
                break;
            };
            let year: FinancialYear = year.parse()?;
            let pct: f64 = cells
                .get(at)
                .and_then(|c| c.trim().parse().ok())
                .ok_or_else(|| Error::invalid(format!("{series}.{year}"), line, "a number in the shipped index"))?;
            changes.insert(year, pct);
        }
        PriceIndex::new(series, changes)
    }

    /// The index's name.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// The annual changes (%), by financial year.
    pub fn changes(&self) -> &BTreeMap<FinancialYear, f64> {
        &self.changes
    }

    /// The multiplier that takes a cost at `from` prices to `to` prices: the product of
    /// (1 + change/100) over the years after `from` up to `to` (its inverse going back).
    ///
    /// # Errors
    /// A year in between that the index has no change for (the message says which years it
    /// covers).
    pub fn factor(&self, from: FinancialYear, to: FinancialYear) -> Result<f64> {
        let (lo, hi) = if from <= to { (from, to) } else { (to, from) };
        let mut f = 1.0;
        for start in lo.start() + 1..=hi.start() {
            let year = FinancialYear::new(start)?;
            let pct = self.changes.get(&year).ok_or_else(|| {
                let first = self.changes.keys().next().map(ToString::to_string).unwrap_or_default();
                let last = self.changes.keys().last().map(ToString::to_string).unwrap_or_default();
                Error::Incompatible(format!(
                    "uprating: the index `{}` has no change for {year} (it covers {first} to {last}), \
                     needed to move costs from {from} to {to} prices; add the year's change to the table",
                    self.name
                ))
            })?;
            f *= 1.0 + pct / 100.0;
        }
        Ok(if from <= to { f } else { 1.0 / f })
    }
}

/// How a budget impact uprates costs to its price base, as written in a file.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Uprating {
    /// No uprating: every cost must already be at the price base.
    #[default]
    None,
    /// A shipped NHSCII series, by name.
    Named(String),
    /// A table given in the file.
    Table(UpratingTable),
}

/// A user's index table: annual percentage changes, optionally extending a shipped series
/// (for years after 2023/24, say).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpratingTable {
    /// The index's name, as reports show it.
    pub name: String,
    /// A shipped series whose years this table adds to (its own years win).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extends: Option<String>,
    /// % change into each financial year (`"2024/25" = 2.5`).
    pub changes: BTreeMap<FinancialYear, f64>,
}

impl Uprating {
    /// Whether this is no uprating (`"none"`, the default).
    pub fn is_none(&self) -> bool {
        matches!(self, Uprating::None)
    }

    /// The index to use, or `None` for no uprating.
    ///
    /// # Errors
    /// An unknown series name; an invalid table.
    pub fn index(&self) -> Result<Option<PriceIndex>> {
        match self {
            Uprating::None => Ok(None),
            Uprating::Named(n) => PriceIndex::nhscii(n).map(Some),
            Uprating::Table(t) => {
                let mut changes = match &t.extends {
                    Some(base) => PriceIndex::nhscii(base).map_err(|e| e.within("extends"))?.changes,
                    None => BTreeMap::new(),
                };
                changes.extend(t.changes.iter().map(|(k, v)| (*k, *v)));
                PriceIndex::new(&t.name, changes).map(Some)
            }
        }
    }
}

impl Serialize for Uprating {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            Uprating::None => s.serialize_str("none"),
            Uprating::Named(n) => s.serialize_str(n),
            Uprating::Table(t) => t.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for Uprating {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct UpratingVisitor;
        impl<'de> Visitor<'de> for UpratingVisitor {
            type Value = Uprating;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("\"none\", \"nhscii_pay_and_prices\", \"nhscii_pay\", \"nhscii_prices\", or a table with name and changes")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Uprating, E> {
                match v {
                    "none" => Ok(Uprating::None),
                    _ if NHSCII_SERIES.iter().any(|(n, _)| *n == v) => Ok(Uprating::Named(v.into())),
                    _ => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
                }
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> std::result::Result<Uprating, A::Error> {
                UpratingTable::deserialize(de::value::MapAccessDeserializer::new(map)).map(Uprating::Table)
            }
        }
        d.deserialize_any(UpratingVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fy(s: &str) -> FinancialYear {
        s.parse().unwrap()
    }

    #[test]
    fn nhscii_reads_every_series() {
        for (name, _) in NHSCII_SERIES {
            let ix = PriceIndex::nhscii(name).unwrap();
            assert_eq!(ix.changes().len(), 9, "{name}: 2015/16 to 2023/24");
        }
        // The shipped CSV's 2022/23 row: prices 7.15, pay 7.41, pay and prices 7.32.
        assert_eq!(
            PriceIndex::nhscii("nhscii_pay_and_prices").unwrap().changes()[&fy("2022/23")],
            7.32
        );
    }

    #[test]
    fn going_back_divides_and_gaps_are_errors() {
        let ix = PriceIndex::nhscii("nhscii_pay_and_prices").unwrap();
        // 2022/23 to 2023/24: one year at 4.31%.
        assert!((ix.factor(fy("2022/23"), fy("2023/24")).unwrap() - 1.0431).abs() < 1e-12);
        assert!((ix.factor(fy("2023/24"), fy("2022/23")).unwrap() - 1.0 / 1.0431).abs() < 1e-12);
        let e = ix.factor(fy("2023/24"), fy("2025/26")).unwrap_err();
        assert!(e.to_string().contains("no change for 2024/25"), "{e}");
    }
}
