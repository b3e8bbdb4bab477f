//! The optimiser's constraints and shadow prices in the framework's words.

use std::fmt::Write as _;

use super::model::{Limit, Objective, Op, Row};
use crate::report::money;

/// A figure to four significant digits, grouped in thousands from 1,000 up.
pub(crate) fn figure(x: f64) -> String {
    if x == 0.0 || !x.is_finite() {
        return format!("{}", x + 0.0);
    }
    if x.abs() >= 1000.0 {
        let text = money(x.round());
        // money() writes £1,234.00: the figure is the grouped whole number.
        return text.replace('£', "").trim_end_matches(".00").to_string();
    }
    let decimals = (3 - x.abs().log10().floor() as i32).max(0) as usize;
    let text = format!("{x:.decimals$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

/// `n unit`, with an `s` where the unit is counted in more than one (`0.5 QALYs`, `1 QALY`).
pub(crate) fn amount(x: f64, unit: &str) -> String {
    if unit == "£" {
        return if x < 0.0 {
            format!("-£{}", figure(-x))
        } else {
            format!("£{}", figure(x))
        };
    }
    let plural = if x == 1.0 || unit.ends_with('s') { "" } else { "s" };
    let unit = if unit == "person" && x != 1.0 { "people" } else { unit };
    let plural = if unit == "people" { "" } else { plural };
    format!("{} {unit}{plural}", figure(x))
}

/// The constraint in words, with its limit: "the envelope of £10,000".
pub(crate) fn constraint(row: &Row) -> String {
    let limit = row.rhs;
    match &row.limit {
        Limit::Envelope => format!("the envelope of £{}", figure(limit)),
        Limit::CornerMinimum(c) => format!("the {} corner minimum of £{}", c.id().replace('_', " "), figure(limit)),
        Limit::CornerMaximum(c) => format!("the {} corner maximum of £{}", c.id().replace('_', " "), figure(limit)),
        Limit::CommissionerMinimum(n) => format!("the {n} minimum of £{}", figure(limit)),
        Limit::CommissionerMaximum(n) => format!("the {n} maximum of £{}", figure(limit)),
        Limit::LocalityMinimum(n) => format!("the {n} locality minimum of £{}", figure(limit)),
        Limit::ClusterMinimum(n) => format!("the {n} cluster minimum of £{}", figure(limit)),
        Limit::SegmentMinimum(n) => format!("the {n} segment minimum of £{}", figure(limit)),
        Limit::Staff(g) => format!("the {} hours of {g} time", figure(limit)),
        Limit::Required(unit) => format!("the required {}", amount(limit, unit)),
        Limit::Exclusive(names) => format!("at most one of {}", names.join(", ")),
    }
}

/// How much of the objective `price` is, in words: `0.5 QALYs`, `£2,000`, `3 fewer admissions`
/// (for an outcome where less is better, the direction is said).
fn quantity(price: f64, objective: &Objective) -> String {
    let text = amount(price.abs(), &objective.unit);
    if objective.sign > 0.0 || objective.unit == "£" {
        return text;
    }
    let (figure, unit) = text.split_once(' ').unwrap_or((&text, ""));
    format!("{figure} {} {unit}", if price < 0.0 { "fewer" } else { "more" })
}

/// What one more unit of a binding constraint's limit is worth, in words.
pub(crate) fn shadow_price(row: &Row, objective: &Objective, price: f64) -> String {
    // Whether one more unit of the limit helps the objective (more QALYs, less spend).
    let helps = price * objective.sign >= 0.0;
    let verb = |good: &str| if helps { good.to_string() } else { "costs".to_string() };
    let how_much = quantity(price, objective);
    let what = constraint(row);
    let name = what.split(" of £").next().unwrap_or_default();
    match &row.limit {
        Limit::Envelope | Limit::CornerMaximum(_) | Limit::CommissionerMaximum(_) => {
            let place = if row.limit == Limit::Envelope {
                "the envelope"
            } else {
                name
            };
            let mut text = format!("£1 more in {place} {} {how_much}", verb("buys"));
            if objective.sign > 0.0 && objective.unit != "£" && price > 0.0 {
                let _ = write!(
                    text,
                    ", an implied threshold of £{} a {}",
                    figure(1.0 / price),
                    objective.unit
                );
            }
            text
        }
        Limit::CornerMinimum(_)
        | Limit::CommissionerMinimum(_)
        | Limit::LocalityMinimum(_)
        | Limit::ClusterMinimum(_)
        | Limit::SegmentMinimum(_) => {
            format!("£1 more on {name} {} {how_much}", verb("buys"))
        }
        Limit::Staff(g) => format!("an hour more of {g} time {} {how_much}", verb("is worth")),
        Limit::Required(u) => {
            let more = if row.op == Op::AtLeast { "more" } else { "fewer" };
            format!("one {u} {more} required {} {how_much}", verb("saves"))
        }
        Limit::Exclusive(_) => String::new(),
    }
}
