//! A reinvestment spread by one condition's registers (`condition = "copd"`): each target's
//! place becomes that condition's register in its locality, with the locality's need weight.
//! Conditions have registers by locality, not by cluster, so every service must serve a whole
//! locality.

use super::basis::Place;
use super::compile::Builder;
use super::LocalitySlots;
use crate::error::{Error, Result};
use crate::param::Range;

impl Builder<'_> {
    /// Points each target of a reinvestment at `condition`'s register in its locality.
    ///
    /// # Errors
    /// An unknown condition (with the nearest suggested); a service of a cluster (conditions
    /// have no registers by cluster); a locality with no register for the condition; weights
    /// (the condition's registers, times the localities' need weights where `need`) adding up
    /// to 0.
    pub(super) fn condition_places(
        &mut self,
        condition: &str,
        places: &[Place],
        into: &[String],
        targets: &mut [(usize, Option<usize>)],
        need: bool,
    ) -> Result<()> {
        let conditions = self.economy.conditions();
        let Some(c) = conditions.iter().position(|x| x.id == condition) else {
            return Err(Error::unknown(
                "condition",
                "condition",
                condition,
                conditions.iter().map(|x| x.id.as_str()),
            ));
        };
        // The weights' total, from the base values, as `basis::places` checks the places' own.
        let mut total = 0.0;
        for (k, place) in places.iter().enumerate() {
            let l = match place {
                Place::Locality(l) => *l,
                _ => {
                    return Err(Error::invalid(
                        format!("into[{k}]"),
                        format!("{:?}", into[k]),
                        format!(
                            "a service of a whole locality, to spread money by condition `{condition}`'s \
                             registers (a condition has registers by locality, not by cluster)"
                        ),
                    ))
                }
            };
            let locality = &self.economy.localities()[l];
            let Some(register) = self.economy.conditions()[c].registers.get(&locality.id).copied() else {
                return Err(Error::invalid(
                    format!("into[{k}]"),
                    format!("{:?}", into[k]),
                    format!(
                        "a service of a locality with a register for condition `{condition}` (give \
                         conditions[{c}].registers.{})",
                        locality.id
                    ),
                ));
            };
            total += if need { register * locality.need() } else { register };
            if let Some(at) = self.condition_places.get(&(c, l)) {
                targets[k].1 = Some(*at);
                continue;
            }
            let locality = &locality.id;
            let register = self.number(
                format!("{condition}.registers.{locality}"),
                register,
                Range::NonNegative,
            );
            let need = self.places[l].need;
            self.places.push(LocalitySlots { register, need });
            let at = self.places.len() - 1;
            self.condition_places.insert((c, l), at);
            targets[k].1 = Some(at);
        }
        if !(total > 0.0 && total.is_finite()) {
            return Err(Error::invalid(
                "by",
                format!("weights adding up to {total}"),
                "weights that add up to more than 0",
            ));
        }
        Ok(())
    }
}
