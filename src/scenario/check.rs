//! The checks of a lever's own values (shares within 0..1, amounts and costs >= 0, a
//! distribution only where every value it can draw is allowed); ids are checked against an
//! economy when the lever is compiled into a plan.

use std::collections::HashSet;

use super::{Lever, Per, ReinvestBy};
use crate::error::{Error, Location, Result};
use crate::param::{check, Range};
use crate::uncertainty::UncertainValue;

impl Lever {
    /// Checks the lever's own values (not yet the ids, which need an economy).
    pub(super) fn checked(self) -> Result<Lever> {
        let distinct = |from: &str, to: &str| {
            if from == to {
                Err(Error::invalid(
                    "to",
                    format!("{to:?}"),
                    "a different service from `from`",
                ))
            } else {
                Ok(())
            }
        };
        match &self {
            Lever::Substitute {
                from,
                to,
                share,
                ratio,
                per,
            } => {
                check("share", share, Range::Share)?;
                check("ratio", ratio, Range::NonNegative)?;
                distinct(from, to)?;
                if *per == Per::Person && *ratio != UncertainValue::Value(1.0) {
                    return Err(Error::invalid(
                        "ratio",
                        ratio.base(),
                        "a ratio left out (or 1) with per = \"person\": the services' units per person give it",
                    ));
                }
            }
            Lever::Shift { from, to, amount } => {
                check("amount", amount, Range::NonNegative)?;
                distinct(from, to)?;
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
                super::reinvest_condition::check(condition.as_deref(), by)?;
                super::released::check_amount(amount.as_ref(), share_of_released.as_ref(), from_levers, *source)?;
                if into.is_empty() {
                    return Err(Error::invalid("into", "[]", "at least one service"));
                }
                let mut seen = HashSet::new();
                for (i, s) in into.iter().enumerate() {
                    if !seen.insert(s) {
                        return Err(Error::DuplicateId {
                            field: Location::key("into").at(i),
                            kind: "service",
                            id: s.clone(),
                            hint: String::new(),
                        });
                    }
                }
                if let ReinvestBy::Weights(w) = by {
                    for (loc, v) in w {
                        Range::NonNegative.check(format!("by.{loc}"), *v)?;
                    }
                }
            }
            Lever::SetUnitCost { unit_cost, .. } => {
                check("unit_cost", unit_cost, Range::NonNegative)?;
            }
            Lever::ScaleActivity { factor, .. } => {
                check("factor", factor, Range::NonNegative)?;
            }
            Lever::Productivity { gain, .. } => {
                check("gain", gain, Range::Share)?;
            }
            Lever::Target {
                segment,
                effect,
                coverage,
                ..
            } => {
                check("effect", effect, Range::Effect)?;
                check("coverage", coverage, Range::Share)?;
                if segment.trim().is_empty() {
                    return Err(Error::invalid("segment", format!("{segment:?}"), "a segment's id"));
                }
            }
            Lever::Commission { people, units, .. } => {
                super::commission::check_quantity(people.as_ref(), units.as_ref())?;
            }
        }
        // A blank id can name no service: refused here, when the lever is made, rather than
        // only when the scenario meets an economy.
        if let Some((field, id)) = self.services().into_iter().find(|(_, id)| id.trim().is_empty()) {
            return Err(Error::invalid(field, format!("{id:?}"), "a service's id"));
        }
        Ok(self)
    }

    /// The services this lever names, with the field each sits in.
    fn services(&self) -> Vec<(String, &str)> {
        match self {
            Lever::Substitute { from, to, .. } | Lever::Shift { from, to, .. } => {
                vec![("from".into(), from.as_str()), ("to".into(), to.as_str())]
            }
            Lever::Reinvest { into, .. } => into
                .iter()
                .enumerate()
                .map(|(i, s)| (format!("into[{i}]"), s.as_str()))
                .collect(),
            Lever::SetUnitCost { service, .. }
            | Lever::ScaleActivity { service, .. }
            | Lever::Productivity { service, .. }
            | Lever::Target { service, .. }
            | Lever::Commission { service, .. } => {
                vec![("service".into(), service.as_str())]
            }
        }
    }
}
