//! Applying a scenario's levers to a baseline, with a ledger of every pound that moves.
//!
//! The ledger is kept from each lever's own arithmetic (share × activity × unit cost, the
//! amount shifted, …), apart from the services' new unit costs and activity, so that the
//! conservation test (spend after = spend before + new money + reinvested − released)
//! checks one against the other.

use crate::comparison::{Comparison, LeverOutcome};
use crate::economy::Economy;
use crate::error::{Error, Result};
use crate::scenario::{Lever, MoneySource, ReinvestBy, Scenario};
use crate::triangle::Corner;

/// Options for [`Economy::apply`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ApplyOptions {
    /// Refuse a scenario that spends more than the envelope (an [`Error::OverEnvelope`])
    /// instead of reporting it.
    pub strict: bool,
}

/// How much of £1 goes to each service in `into`, from `by` and the services' localities.
///
/// # Errors
/// A basis that needs localities where a service has none, two services in one locality,
/// weights that name unknown localities or leave one out, or weights that add up to 0.
pub(crate) fn reinvest_weights(economy: &Economy, into: &[String], by: &ReinvestBy) -> Result<Vec<f64>> {
    let mut raw = Vec::with_capacity(into.len());
    let mut localities: Vec<&str> = Vec::new();
    for (i, id) in into.iter().enumerate() {
        let field = format!("into[{i}]");
        let service = &economy.services()[economy.service_index(id, &field)?];
        let locality = match (by, service.locality()) {
            (ReinvestBy::Equal, _) => None,
            // One service takes all the money, whatever the basis.
            (_, loc) if into.len() == 1 => loc,
            (_, Some(loc)) => Some(loc),
            (_, None) => {
                return Err(Error::invalid(
                    field,
                    format!("{id:?}"),
                    "a service with a locality, to spread money by locality (or use by = \"equal\")",
                ))
            }
        };
        if let Some(loc) = locality {
            if localities.contains(&loc) && !matches!(by, ReinvestBy::Equal) {
                return Err(Error::invalid(
                    field,
                    format!("{id:?}"),
                    format!("one service per locality; `{loc}` has two"),
                ));
            }
            localities.push(loc);
        }
        let weight = match by {
            ReinvestBy::Equal => 1.0,
            _ if into.len() == 1 => 1.0,
            ReinvestBy::Register => economy
                .locality(locality.unwrap_or_default())
                .map_or(0.0, |l| l.register),
            ReinvestBy::Need => economy
                .locality(locality.unwrap_or_default())
                .map_or(0.0, |l| l.register * l.need()),
            ReinvestBy::Weights(w) => *w.get(locality.unwrap_or_default()).ok_or_else(|| {
                Error::invalid(
                    "by",
                    format!("weights without `{}`", locality.unwrap_or_default()),
                    format!("a weight for every locality in `into` ({id} serves it)"),
                )
            })?,
        };
        raw.push(weight);
    }
    if let ReinvestBy::Weights(w) = by {
        for loc in w.keys() {
            if !localities.contains(&loc.as_str()) {
                let known = economy.locality(loc).is_some();
                return Err(if known {
                    Error::invalid(
                        format!("by.{loc}"),
                        "a weight",
                        "weights only for localities of the services in `into`",
                    )
                } else {
                    Error::unknown(
                        format!("by.{loc}"),
                        "locality",
                        loc,
                        economy.localities().iter().map(|l| l.id.as_str()),
                    )
                });
            }
        }
    }
    let total: f64 = raw.iter().sum();
    if total <= 0.0 || !total.is_finite() {
        return Err(Error::invalid(
            "by",
            format!("weights adding up to {total}"),
            "weights that add up to more than 0",
        ));
    }
    Ok(raw.into_iter().map(|w| w / total).collect())
}

/// The running state of a scenario: each service's unit cost and activity, and the ledger.
struct State<'a> {
    economy: &'a Economy,
    unit_cost: Vec<f64>,
    activity: Vec<f64>,
    changed: Vec<bool>,
    /// Money released and not yet reinvested, by the corner it was released from.
    pool: [f64; 3],
    flows: [[f64; 3]; 3],
    outcome: LeverOutcome,
}

impl State<'_> {
    fn corner(&self, i: usize) -> Corner {
        self.economy.services()[i].corner()
    }
    fn spend(&self, i: usize) -> f64 {
        self.unit_cost[i] * self.activity[i]
    }
    fn release(&mut self, i: usize, amount: f64) {
        self.outcome.released += amount;
        self.pool[self.corner(i).index()] += amount;
    }
    fn flow(&mut self, from: Corner, to: Corner, amount: f64) {
        self.flows[from.index()][to.index()] += amount;
        self.outcome.moved += amount;
    }
    /// Records a change of spend on a service that no other service balances: a fall is
    /// released money, a rise is new money.
    fn respend(&mut self, i: usize, before: f64, after: f64) {
        if after < before {
            self.release(i, before - after);
        } else {
            self.outcome.new_money += after - before;
        }
        self.changed[i] = true;
    }
    /// Adds `money` to service `i` as activity at its unit cost.
    fn buy(&mut self, i: usize, money: f64, field: &str) -> Result<()> {
        if money > 0.0 && self.unit_cost[i] == 0.0 {
            return Err(Error::invalid(
                field,
                format!("{:?}", self.economy.services()[i].id()),
                "a service with a unit cost above 0 (money cannot buy activity at no cost)",
            ));
        }
        if money > 0.0 {
            self.activity[i] += money / self.unit_cost[i];
            self.changed[i] = true;
        }
        Ok(())
    }

    fn lever(&mut self, lever: &Lever) -> Result<()> {
        let idx = |id: &str, field: &str| self.economy.service_index(id, field);
        match lever {
            Lever::Substitute { from, to, share, ratio } => {
                let (f, t) = (idx(from, "from")?, idx(to, "to")?);
                let units = share * self.activity[f];
                let given_up = units * self.unit_cost[f];
                let taken_on = units * ratio * self.unit_cost[t];
                self.activity[f] -= units;
                self.activity[t] += units * ratio;
                self.changed[f] = true;
                self.changed[t] = true;
                self.flow(self.corner(f), self.corner(t), given_up.min(taken_on));
                if given_up > taken_on {
                    self.release(f, given_up - taken_on);
                } else {
                    self.outcome.new_money += taken_on - given_up;
                }
            }
            Lever::Shift { from, to, amount } => {
                let (f, t) = (idx(from, "from")?, idx(to, "to")?);
                let has = self.spend(f);
                if *amount > has + 0.005 {
                    return Err(Error::Insufficient {
                        field: "amount".into(),
                        message: format!("shifts £{amount:.2} but {from} spends only £{has:.2}"),
                    });
                }
                let amount = amount.min(has);
                if amount > 0.0 {
                    self.activity[f] = if amount >= has {
                        0.0
                    } else {
                        self.activity[f] - amount / self.unit_cost[f]
                    };
                    self.changed[f] = true;
                }
                self.buy(t, amount, "to")?;
                self.flow(self.corner(f), self.corner(t), amount);
            }
            Lever::Reinvest {
                amount,
                into,
                by,
                source,
            } => {
                let weights = reinvest_weights(self.economy, into, by)?;
                let amount = *amount;
                let drawn = match source {
                    MoneySource::New => {
                        self.outcome.new_money += amount;
                        [0.0; 3]
                    }
                    MoneySource::Released => {
                        let available: f64 = self.pool.iter().sum();
                        if amount > available + 0.005 {
                            return Err(Error::Insufficient {
                                field: "amount".into(),
                                message: format!(
                                    "reinvests £{amount:.2} of released money but earlier levers released only £{available:.2}; \
                                     release more first, or set source = \"new\""
                                ),
                            });
                        }
                        self.outcome.reinvested += amount;
                        // Drawn from each corner in proportion to what it released, so the
                        // flows say where reinvested money came from.
                        let mut drawn = [0.0; 3];
                        for (c, d) in drawn.iter_mut().enumerate() {
                            *d = if available > 0.0 {
                                amount * self.pool[c] / available
                            } else {
                                0.0
                            };
                            self.pool[c] -= *d;
                        }
                        drawn
                    }
                };
                for (k, (id, w)) in into.iter().zip(&weights).enumerate() {
                    let t = idx(id, &format!("into[{k}]"))?;
                    self.buy(t, amount * w, &format!("into[{k}]"))?;
                    for from in Corner::ALL {
                        let d = drawn[from.index()] * w;
                        if d > 0.0 {
                            self.flow(from, self.corner(t), d);
                        }
                    }
                }
            }
            Lever::SetUnitCost { service, unit_cost } => {
                let i = idx(service, "service")?;
                let before = self.spend(i);
                self.unit_cost[i] = *unit_cost;
                self.respend(i, before, self.spend(i));
            }
            Lever::ScaleActivity { service, factor } => {
                let i = idx(service, "service")?;
                let before = self.spend(i);
                self.activity[i] *= factor;
                self.respend(i, before, self.spend(i));
            }
            Lever::Productivity { service, gain } => {
                let i = idx(service, "service")?;
                let before = self.spend(i);
                self.unit_cost[i] *= 1.0 - gain;
                self.respend(i, before, self.spend(i));
            }
        }
        Ok(())
    }
}

impl Economy {
    /// Applies a scenario's levers in order to this economy, which is left as it was, and
    /// compares the result with it.
    ///
    /// # Errors
    /// An id a lever names that does not exist; a shift of more money than a service
    /// spends; reinvesting more released money than earlier levers released; money put into
    /// a service whose unit cost is 0; under `strict`, a scenario over the envelope. Lever
    /// errors are named by their path (`levers[2].amount`).
    pub fn apply(&self, scenario: &Scenario, options: ApplyOptions) -> Result<Comparison> {
        let services = self.services();
        let mut state = State {
            economy: self,
            unit_cost: services.iter().map(|s| s.unit_cost()).collect(),
            activity: services.iter().map(|s| s.activity()).collect(),
            changed: vec![false; services.len()],
            pool: [0.0; 3],
            flows: [[0.0; 3]; 3],
            outcome: LeverOutcome::default(),
        };
        let mut outcomes = Vec::with_capacity(scenario.levers().len());
        for (i, lever) in scenario.levers().iter().enumerate() {
            state.outcome = LeverOutcome {
                description: lever.describe(),
                ..LeverOutcome::default()
            };
            state.lever(lever).map_err(|e| e.within(&format!("levers[{i}]")))?;
            outcomes.push(std::mem::take(&mut state.outcome));
        }
        let comparison = Comparison::new(
            self.clone(),
            scenario.name().to_string(),
            state.unit_cost,
            state.activity,
            state.changed,
            state.flows,
            outcomes,
        );
        if options.strict && comparison.over_envelope() > 0.0 {
            return Err(Error::OverEnvelope {
                scenario: scenario.name().into(),
                spend: comparison.total_after(),
                envelope: self.envelope(),
                over: comparison.over_envelope(),
            });
        }
        Ok(comparison)
    }
}
