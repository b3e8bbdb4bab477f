//! `commission`: compiled to the units bought (and the service's units per person, for
//! people), and run row by row: activity bought at the service's unit cost on that run, paid
//! from released money (drawn from the corners' pools, as a reinvestment is) or new money.

use super::compile::Builder;
use super::{released, Op, Plan, Workspace};
use crate::error::{Error, Result};
use crate::param::Range;
use crate::report::money;
use crate::scenario::MoneySource;
use crate::uncertainty::UncertainValue;

impl Builder<'_> {
    /// A commission's operation.
    ///
    /// # Errors
    /// An unknown service, or people of a service with no units per person.
    pub(super) fn commission(
        &mut self,
        at: &str,
        service: &str,
        people: Option<&UncertainValue>,
        units: Option<&UncertainValue>,
        source: MoneySource,
    ) -> Result<Op> {
        let s = self.service(service, "service")?;
        let (units, per_person) = match (people, units) {
            (Some(n), _) => {
                // The service's own slot, so that a draw of its units per person moves it too.
                let name = format!("{}.units_per_person", self.economy.services()[s].id());
                let Some(per_person) = self.names.iter().position(|x| *x == name) else {
                    return Err(Error::invalid(
                        "people",
                        n.base(),
                        format!("a service with units_per_person to buy people of (`{service}` has none; give units instead)"),
                    ));
                };
                (
                    self.slot(format!("{at}.people"), n, Range::NonNegative),
                    Some(per_person),
                )
            }
            (_, units) => (
                self.slot(
                    format!("{at}.units"),
                    units.unwrap_or(&UncertainValue::Value(0.0)),
                    Range::NonNegative,
                ),
                None,
            ),
        };
        Ok(Op::Commission {
            service: s,
            units,
            per_person,
            source,
        })
    }
}

impl Builder<'_> {
    /// The slot of service `id`'s units per person, for a lever that counts people.
    ///
    /// # Errors
    /// A service with no units per person, named by `field`.
    pub(super) fn per_person(&self, id: &str, field: &str) -> Result<usize> {
        self.service(id, field)?;
        let name = format!("{id}.units_per_person");
        self.names.iter().position(|x| *x == name).ok_or_else(|| {
            Error::invalid(
                field,
                format!("{id:?}"),
                "a service with units_per_person, to count people (substitute per = \"person\")",
            )
        })
    }
}

/// The units a commission buys: `n` units, or `n` people × units per person.
#[inline]
pub(super) fn units(n: f64, per_person: Option<f64>) -> f64 {
    n * per_person.unwrap_or(1.0)
}

/// Scaling a service with no activity does nothing: refused, pointing to `commission`.
pub(super) fn nothing_to_scale(id: &str) -> Error {
    Error::invalid(
        "service",
        format!("{id:?}"),
        "a service with activity to scale (it has none: use `commission` to buy people or units of it)",
    )
}

impl Plan {
    /// Buys `units` of service `s` at its unit cost in `ws`, paid from `source`.
    ///
    /// # Errors
    /// Released money that earlier levers did not release (to half a penny over the run).
    pub(super) fn commission_row(&self, s: usize, units: f64, source: MoneySource, ws: &mut Workspace) -> Result<()> {
        let cost = units * ws.unit_cost[s];
        ws.activity[s] += units;
        ws.changed[s] = true;
        match source {
            MoneySource::New => ws.total.new_money += cost,
            MoneySource::Released => {
                if ws.total.reinvested + cost > ws.total.released + 0.005 {
                    return Err(Error::Insufficient {
                        field: "units".into(),
                        message: format!(
                            "commissions {} of {} with released money but earlier levers left only {} unspent; \
                             release more first, or set source = \"new\"",
                            money(cost),
                            self.ids[s],
                            money(ws.total.released - ws.total.reinvested)
                        ),
                    });
                }
                ws.total.reinvested += cost;
                let to = self.services[s].corner;
                for (c, d) in released::draw(&mut ws.pool, cost).iter().enumerate() {
                    if *d > 0.0 {
                        ws.flows[c][to] += d;
                        ws.total.moved += d;
                    }
                }
            }
        }
        Ok(())
    }
}
