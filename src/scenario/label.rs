//! A lever's numbers in a commissioner's words, for the labels of charts and sliders
//! ("share of specialist dietitian hours moved to health trainer"), beside the slot names
//! (`skill mix.levers[0].share`) that files and APIs are keyed by.

use super::{Amount, Lever};
use crate::economy::Economy;

impl Lever {
    /// The field that sets the lever's size: the number a commissioner turns up or down
    /// (`share` of a substitution, `amount` of a shift or reinvestment, `unit_cost`,
    /// `factor`, `gain`).
    /// A reinvestment of what was released is sized by its share of it (all of it: 1), a
    /// commission by the people or units it buys, and a target by the share of the segment's
    /// people supported (`coverage`: how far the commissioner takes it; its `effect` is the
    /// evidence's).
    pub fn size_field(&self) -> &'static str {
        match self {
            Lever::Substitute { .. } => "share",
            Lever::Reinvest {
                amount: Some(Amount::Pounds(_)),
                ..
            }
            | Lever::Shift { .. } => "amount",
            Lever::Reinvest { .. } => "share_of_released",
            Lever::SetUnitCost { .. } => "unit_cost",
            Lever::ScaleActivity { .. } => "factor",
            Lever::Productivity { .. } => "gain",
            Lever::Commission { people: Some(_), .. } => "people",
            Lever::Commission { .. } => "units",
            Lever::Target { .. } => "coverage",
        }
    }

    /// The value of the lever's [size](Lever::size_field) (the mean, where uncertain).
    pub fn size(&self) -> f64 {
        match self {
            Lever::Substitute { share: v, .. }
            | Lever::Shift { amount: v, .. }
            | Lever::Reinvest {
                amount: Some(Amount::Pounds(v)),
                ..
            }
            | Lever::Reinvest {
                share_of_released: Some(v),
                ..
            }
            | Lever::SetUnitCost { unit_cost: v, .. }
            | Lever::ScaleActivity { factor: v, .. }
            | Lever::Productivity { gain: v, .. }
            | Lever::Commission { people: Some(v), .. }
            | Lever::Commission { units: Some(v), .. }
            | Lever::Target { coverage: v, .. } => v.base(),
            // All that was released, or nothing to buy.
            Lever::Reinvest { .. } => 1.0,
            Lever::Commission { .. } => 0.0,
        }
    }

    /// The lever's number `field` in words (`"share"` of a substitution: "share of specialist
    /// dietitian hours moved to health trainer"). Services are written as their ids with
    /// spaces, as short as a chart's label allows; a field the lever does not have is
    /// written after the lever's description.
    ///
    /// # Examples
    /// ```
    /// use caretriangle::examples::north_of_tyne;
    /// use caretriangle::scenario::Lever;
    /// let programme = north_of_tyne().unwrap();
    /// let economy = programme.economy();
    /// let lever = Lever::substitute("specialist_dietitian", "health_trainer", 0.4, 1.0).unwrap();
    /// assert_eq!(
    ///     lever.label(economy, "share"),
    ///     "share of specialist dietitian hours moved to health trainer"
    /// );
    /// ```
    pub fn label(&self, economy: &Economy, field: &str) -> String {
        match (self, field) {
            (Lever::Substitute { from, to, .. }, "share") => {
                format!(
                    "share of {} {} moved to {}",
                    words(from),
                    units(economy, from),
                    words(to)
                )
            }
            (Lever::Substitute { from, to, .. }, "ratio") => format!(
                "{} {} per {} {} moved",
                words(to),
                units(economy, to),
                words(from),
                unit(economy, from)
            ),
            (Lever::Shift { from, to, .. }, "amount") => {
                format!("£ a year shifted from {} to {}", words(from), words(to))
            }
            (Lever::Reinvest { into, .. }, "amount") => {
                let first = into.first().map_or_else(String::new, |s| words(s));
                match into.len() {
                    0 | 1 => format!("£ a year reinvested in {first}"),
                    n => format!("£ a year reinvested in {first} and {} more", n - 1),
                }
            }
            (Lever::Reinvest { .. }, by) if by.starts_with("by.") => {
                let id = &by[3..];
                let name = economy.locality(id).map_or(id, |l| l.label());
                format!("reinvestment weight of {name}")
            }
            (Lever::Reinvest { into, .. }, "share_of_released") => {
                let first = into.first().map_or_else(String::new, |s| words(s));
                match into.len() {
                    0 | 1 => format!("share of the released money reinvested in {first}"),
                    n => format!("share of the released money reinvested in {first} and {} more", n - 1),
                }
            }
            (Lever::Commission { service, .. }, "people" | "units") => {
                let what = if field == "people" {
                    "people".to_string()
                } else {
                    units(economy, service)
                };
                format!("{what} of {} commissioned", words(service))
            }
            (Lever::Target { segment, service, .. }, "coverage") => {
                format!("share of {} supported ({})", words(segment), words(service))
            }
            (Lever::Target { segment, service, .. }, "effect") => {
                format!("change in {} among {} supported", words(service), words(segment))
            }
            (Lever::SetUnitCost { service, .. }, "unit_cost") => {
                format!("new unit cost of {} (£ per {})", words(service), unit(economy, service))
            }
            (Lever::ScaleActivity { service, .. }, "factor") => {
                format!("factor on the activity of {}", words(service))
            }
            (Lever::Productivity { service, .. }, "gain") => {
                format!("productivity gain on {}", words(service))
            }
            _ => format!("{} of {}", field.replace('_', " "), self.describe()),
        }
    }
}

/// An id as words: `specialist_dietitian` → "specialist dietitian".
pub(crate) fn words(id: &str) -> String {
    id.replace('_', " ")
}

/// The unit of a service ("hour"); "unit" for a service the economy does not have.
fn unit<'a>(economy: &'a Economy, service: &str) -> &'a str {
    economy.service(service).map_or("unit", |s| s.unit())
}

/// The unit of a service in the plural ("hours", "people").
fn units(economy: &Economy, service: &str) -> String {
    plural(unit(economy, service))
}

/// A unit in the plural: "hours", "people".
pub(crate) fn plural(unit: &str) -> String {
    match unit {
        "person" => "people".into(),
        u if u.ends_with('s') => u.into(),
        u => format!("{u}s"),
    }
}
