//! A lever in a commissioner's words, for reports and the levers table.

use super::{Amount, Lever, MoneySource, Per, ReinvestBy};
use crate::report::money;
use crate::uncertainty::UncertainValue;

impl Lever {
    /// The lever in a commissioner's words.
    pub fn describe(&self) -> String {
        // An uncertain value is described by its mean, marked as such.
        let mark = |v: &UncertainValue| {
            if v.is_uncertain() {
                " (mean of a distribution)"
            } else {
                ""
            }
        };
        let pct = |v: &UncertainValue| format!("{}%{}", trim(v.base() * 100.0), mark(v));
        match self {
            Lever::Substitute {
                from,
                to,
                share,
                ratio,
                per,
            } => {
                let r = match ratio {
                    _ if *per == Per::Person => ", person for person".to_string(),
                    UncertainValue::Value(r) if *r == 1.0 => String::new(),
                    _ => format!(" ({} units per unit{})", trim(ratio.base()), mark(ratio)),
                };
                format!("substitute {} of {from} with {to}{r}", pct(share))
            }
            Lever::Shift { from, to, amount } => {
                format!("shift {}{} from {from} to {to}", money(amount.base()), mark(amount))
            }
            Lever::Reinvest {
                amount,
                into,
                by,
                source,
                share_of_released,
                from_levers,
                condition,
            } => {
                let of = condition.as_ref().map_or(String::new(), |c| format!("{c} "));
                let by = match by {
                    ReinvestBy::Register => format!("by {of}register"),
                    ReinvestBy::Need => format!("by need-weighted {of}register"),
                    ReinvestBy::Equal => "equally".to_string(),
                    ReinvestBy::Weights(_) => "by weights".to_string(),
                };
                let src = match source {
                    MoneySource::Released => "released",
                    MoneySource::New => "new",
                };
                let what = match (amount, share_of_released) {
                    (Some(Amount::Pounds(a)), _) => format!("{}{} of {src} money", money(a.base()), mark(a)),
                    (_, Some(share)) => format!("{} of the released money", pct(share)),
                    _ => "all the released money".to_string(),
                };
                let from = match from_levers.as_slice() {
                    [] => String::new(),
                    [j] => format!(" of lever {j}"),
                    // An index as a number, a name quoted: `of levers "skill mix", 2`.
                    js => format!(
                        " of levers {}",
                        js.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
                    ),
                };
                format!("reinvest {what}{from} in {} {by}", into.join(", "))
            }
            Lever::SetUnitCost { service, unit_cost } => {
                format!(
                    "set the unit cost of {service} to {}{}",
                    money(unit_cost.base()),
                    mark(unit_cost)
                )
            }
            Lever::ScaleActivity { service, factor } => {
                format!(
                    "scale the activity of {service} by {}{}",
                    trim(factor.base()),
                    mark(factor)
                )
            }
            Lever::Productivity { service, gain } => format!("productivity gain of {} on {service}", pct(gain)),
            Lever::Target {
                segment,
                service,
                effect,
                coverage,
            } => format!(
                "{} change in {service} among the {} of {segment} supported",
                pct(effect),
                pct(coverage)
            ),
            Lever::Commission {
                service,
                people,
                units,
                source,
            } => {
                let (n, what) = match (people, units) {
                    (Some(n), _) => (n, "people"),
                    (_, Some(n)) => (n, "units"),
                    _ => return format!("commission {service}"),
                };
                let src = match source {
                    MoneySource::Released => "released",
                    MoneySource::New => "new",
                };
                format!(
                    "commission {} {what}{} of {service} with {src} money",
                    trim(n.base()),
                    mark(n)
                )
            }
        }
    }
}

/// A number without trailing zeros (0.4 not 0.400000).
fn trim(v: f64) -> String {
    let s = format!("{v:.4}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}
