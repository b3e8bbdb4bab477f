//! Conditions: the long-term conditions an economy's services serve (diabetes, COPD, CVD,
//! multimorbidity), each with its registers by locality. An economy with none is one condition,
//! as before; a service may serve one or more (`conditions = ["diabetes", "copd"]`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Economy;
use crate::error::{Error, Location, Result};
use crate::ids;
use crate::param::Range;

/// A condition as written in a file (`[[conditions]]`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConditionSpec {
    /// Unique id (`copd`).
    pub id: String,
    /// Name in the commissioner's words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// People on the condition's register in each locality, by locality id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub registers: BTreeMap<String, f64>,
}

/// Checks the conditions (ids unique, registers of known localities, >= 0) and every service's
/// `conditions` (known, none twice).
///
/// # Errors
/// As listed, each named by its path (`conditions[1].registers.north`, `services[2].conditions[0]`).
pub(super) fn check(conditions: &mut [ConditionSpec], economy: &Economy) -> Result<()> {
    let mut seen = ids::Seen::default();
    for (i, c) in conditions.iter_mut().enumerate() {
        let at = format!("conditions[{i}]");
        ids::normalise(&mut c.id);
        ids::check(format!("{at}.id"), &c.id)?;
        seen.insert(format!("{at}.id"), "condition", &c.id)?;
        c.registers = std::mem::take(&mut c.registers)
            .into_iter()
            .map(|(mut k, v)| {
                ids::normalise(&mut k);
                (k, v)
            })
            .collect();
        for (loc, n) in &c.registers {
            let field = format!("{at}.registers.{loc}");
            if economy.locality(loc).is_none() {
                return Err(Error::unknown(
                    field,
                    "locality",
                    loc,
                    economy.localities().iter().map(|l| l.id.as_str()),
                ));
            }
            Range::NonNegative.check(&field, *n)?;
        }
    }
    for (i, s) in economy.services().iter().enumerate() {
        let mut named: Vec<&str> = Vec::new();
        for (j, c) in s.conditions().iter().enumerate() {
            let field = Location::key("services").at(i).then("conditions").at(j);
            if !conditions.iter().any(|x| x.id == *c) {
                return Err(Error::unknown(
                    field,
                    "condition",
                    c,
                    conditions.iter().map(|x| x.id.as_str()),
                ));
            }
            if named.contains(&c.as_str()) {
                return Err(Error::DuplicateId {
                    field,
                    kind: "condition",
                    id: c.clone(),
                    hint: String::new(),
                });
            }
            named.push(c.as_str());
        }
    }
    Ok(())
}

impl Economy {
    /// The conditions, in file order (none: the economy is one condition, as before).
    pub fn conditions(&self) -> &[ConditionSpec] {
        &self.spec.conditions
    }
}
