//! An economy and its scenarios compiled into flat arrays: every number is a slot in one
//! parameter vector, every id a resolved index. A deterministic run reads the slots' base
//! values; a Monte Carlo iteration overwrites the uncertain slots with draws and runs again,
//! into a reused [`Workspace`], with no allocation and no cloning of the economy.

mod basis;
mod columns;

pub use columns::{Columns, Params, Tally};

use crate::economy::Economy;
use crate::error::{Error, Result};
use crate::param::{self, Range};
use crate::scenario::{Lever, MoneySource, ReinvestBy, Scenario};
use crate::service::MAX_SPEND;
use crate::sum;
use crate::triangle::Corner;
use crate::uncertainty::{Distribution, UncertainValue};

/// A parameter's position in the parameter vector.
pub type Slot = usize;

#[derive(Debug, Clone, Copy)]
enum Size {
    Activity(Slot),
    Allocation(Slot),
}

#[derive(Debug, Clone)]
struct ServiceSlots {
    corner: usize,
    unit_cost: Slot,
    size: Size,
    units_per_person: Option<Slot>,
}

#[derive(Debug, Clone)]
struct LocalitySlots {
    register: Slot,
    need: Slot,
}

#[derive(Debug, Clone)]
enum Basis {
    Register,
    Need,
    Equal,
    Weights(Vec<Slot>),
}

#[derive(Debug, Clone)]
enum Op {
    Substitute {
        from: usize,
        to: usize,
        share: Slot,
        ratio: Slot,
    },
    Shift {
        from: usize,
        to: usize,
        amount: Slot,
    },
    Reinvest {
        amount: Slot,
        targets: Vec<(usize, Option<usize>)>,
        basis: Basis,
        source: MoneySource,
    },
    SetUnitCost {
        service: usize,
        unit_cost: Slot,
    },
    Scale {
        service: usize,
        factor: Slot,
    },
    Productivity {
        service: usize,
        gain: Slot,
    },
}

/// What one lever did in one run, in £.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Ledger {
    /// Money released.
    pub released: f64,
    /// Released money reinvested.
    pub reinvested: f64,
    /// New money brought in.
    pub new_money: f64,
    /// Money moved between services.
    pub moved: f64,
}

/// The buffers one run writes into; made once per thread or chunk and reused.
#[derive(Debug, Clone)]
pub struct Workspace {
    /// Unit cost of each service.
    pub unit_cost: Vec<f64>,
    /// Activity of each service.
    pub activity: Vec<f64>,
    /// Whether a lever touched each service (an untouched one keeps its exact spend).
    pub changed: Vec<bool>,
    /// Released money not yet reinvested, by the corner it came from.
    pub pool: [f64; 3],
    /// Money moved from corner to corner.
    pub flows: [[f64; 3]; 3],
    /// What each lever did (filled only when asked, for reports).
    pub levers: Vec<Ledger>,
    /// The run's totals.
    pub total: Ledger,
    weights: Vec<f64>,
    // The baseline's unit costs and activity, kept by `reset` so that each scenario after
    // the first starts from a copy rather than from the parameters again.
    base_unit_cost: Vec<f64>,
    base_activity: Vec<f64>,
}

thread_local! {
    static COMPILED: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// How many plans this thread has compiled: the tests count with it that a scenario is
/// checked (compiled) once per apply, not again and again on the way.
#[doc(hidden)]
pub fn compiled_on_this_thread() -> u64 {
    COMPILED.with(std::cell::Cell::get)
}

/// An economy and scenarios, compiled.
#[derive(Debug, Clone)]
pub struct Plan {
    ids: Vec<String>,
    uncertain: Vec<(Slot, Distribution)>,
    base: Vec<f64>,
    names: Vec<String>,
    /// What each slot's field allows, from where it was compiled: a value drawn for it (an
    /// input added to a Monte Carlo study) is checked against this.
    ranges: Vec<Range>,
    services: Vec<ServiceSlots>,
    localities: Vec<LocalitySlots>,
    scenarios: Vec<(String, Vec<Op>)>,
}

struct Builder<'a> {
    economy: &'a Economy,
    base: Vec<f64>,
    names: Vec<String>,
    ranges: Vec<Range>,
    uncertain: Vec<(Slot, Distribution)>,
}

impl Builder<'_> {
    /// A slot for a value that may be uncertain: its base value, and its distribution kept
    /// as one of the plan's uncertain inputs.
    fn slot(&mut self, name: String, value: &UncertainValue, range: Range) -> Slot {
        let slot = self.number(name, value.base(), range);
        if let Some(d) = value.distribution() {
            self.uncertain.push((slot, d.clone()));
        }
        slot
    }

    fn number(&mut self, name: String, value: f64, range: Range) -> Slot {
        self.base.push(value);
        self.names.push(name);
        self.ranges.push(range);
        self.base.len() - 1
    }

    fn service(&self, id: &str, field: &str) -> Result<usize> {
        self.economy.service_index(id, field)
    }

    fn op(&mut self, scenario: &str, i: usize, lever: &Lever) -> Result<Op> {
        let at = format!("{scenario}.levers[{i}]");
        Ok(match lever {
            Lever::Substitute { from, to, share, ratio } => Op::Substitute {
                from: self.service(from, "from")?,
                to: self.service(to, "to")?,
                share: self.slot(format!("{at}.share"), share, Range::Share),
                ratio: self.slot(format!("{at}.ratio"), ratio, Range::NonNegative),
            },
            Lever::Shift { from, to, amount } => Op::Shift {
                from: self.service(from, "from")?,
                to: self.service(to, "to")?,
                amount: self.slot(format!("{at}.amount"), amount, Range::NonNegative),
            },
            Lever::Reinvest {
                amount,
                into,
                by,
                source,
            } => {
                // Checks the basis against the localities once, here.
                basis::reinvest_weights(self.economy, into, by)?;
                let mut targets = Vec::with_capacity(into.len());
                for (k, id) in into.iter().enumerate() {
                    let s = self.service(id, &format!("into[{k}]"))?;
                    let loc = self.economy.services()[s]
                        .locality()
                        .and_then(|l| self.economy.localities().iter().position(|x| x.id == l));
                    targets.push((s, loc));
                }
                let basis = match by {
                    _ if into.len() == 1 => Basis::Equal,
                    ReinvestBy::Register => Basis::Register,
                    ReinvestBy::Need => Basis::Need,
                    ReinvestBy::Equal => Basis::Equal,
                    ReinvestBy::Weights(w) => Basis::Weights(
                        targets
                            .iter()
                            .map(|(_, loc)| {
                                let id = &self.economy.localities()[loc.unwrap_or_default()].id;
                                self.number(format!("{at}.by.{id}"), w.get(id).copied().unwrap_or(0.0), Range::NonNegative)
                            })
                            .collect(),
                    ),
                };
                Op::Reinvest {
                    amount: self.slot(format!("{at}.amount"), amount, Range::NonNegative),
                    targets,
                    basis,
                    source: *source,
                }
            }
            Lever::SetUnitCost { service, unit_cost } => Op::SetUnitCost {
                service: self.service(service, "service")?,
                unit_cost: self.slot(format!("{at}.unit_cost"), unit_cost, Range::NonNegative),
            },
            Lever::ScaleActivity { service, factor } => Op::Scale {
                service: self.service(service, "service")?,
                factor: self.slot(format!("{at}.factor"), factor, Range::NonNegative),
            },
            Lever::Productivity { service, gain } => Op::Productivity {
                service: self.service(service, "service")?,
                gain: self.slot(format!("{at}.gain"), gain, Range::Share),
            },
        })
    }
}

impl Plan {
    /// Compiles an economy and the given scenarios.
    ///
    /// # Errors
    /// A lever naming an unknown service or locality, or a reinvestment basis the
    /// localities cannot support; named by the lever's path (`levers[1].into[0]`).
    pub fn compile(economy: &Economy, scenarios: &[&Scenario]) -> Result<Plan> {
        COMPILED.with(|n| n.set(n.get() + 1));
        let mut b = Builder {
            economy,
            base: Vec::new(),
            names: Vec::new(),
            ranges: Vec::new(),
            uncertain: Vec::new(),
        };
        let mut services = Vec::with_capacity(economy.services().len());
        for s in economy.services() {
            let id = s.id();
            let spec = s.spec();
            let unit_cost = b.slot(format!("{id}.unit_cost"), &spec.unit_cost, Range::NonNegative);
            let size = match (&spec.activity, &spec.allocation) {
                (Some(a), _) => Size::Activity(b.slot(format!("{id}.activity"), a, Range::NonNegative)),
                (None, Some(m)) => Size::Allocation(b.slot(format!("{id}.allocation"), m, Range::NonNegative)),
                (None, None) => Size::Activity(b.number(format!("{id}.activity"), s.activity(), Range::NonNegative)),
            };
            let units_per_person = spec
                .units_per_person
                .as_ref()
                .map(|u| b.slot(format!("{id}.units_per_person"), u, Range::Positive));
            services.push(ServiceSlots {
                corner: s.corner().index(),
                unit_cost,
                size,
                units_per_person,
            });
        }
        let localities = economy
            .localities()
            .iter()
            .map(|l| LocalitySlots {
                register: b.slot(format!("{}.register", l.id), &l.register, Range::NonNegative),
                need: match &l.need_weight {
                    Some(w) => b.slot(format!("{}.need_weight", l.id), w, Range::NonNegative),
                    None => b.number(format!("{}.need_weight", l.id), 1.0, Range::NonNegative),
                },
            })
            .collect();
        let mut compiled = Vec::with_capacity(scenarios.len());
        for scenario in scenarios {
            let ops = scenario
                .levers()
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    b.op(scenario.name(), i, l)
                        .map_err(|e| e.within(&format!("levers[{i}]")))
                })
                .collect::<Result<Vec<_>>>()?;
            compiled.push((scenario.name().to_string(), ops));
        }
        let ids = economy.services().iter().map(|s| s.id().to_string()).collect();
        Ok(Plan {
            ids,
            uncertain: b.uncertain,
            base: b.base,
            names: b.names,
            ranges: b.ranges,
            services,
            localities,
            scenarios: compiled,
        })
    }

    /// Every slot's base value, in slot order: the parameter vector of a deterministic run.
    pub fn base(&self) -> &[f64] {
        &self.base
    }

    /// The slots the economy and scenarios gave as distributions, with them.
    pub fn uncertain(&self) -> &[(Slot, Distribution)] {
        &self.uncertain
    }

    /// Every slot's name (`specialist_dietitian.unit_cost`, `skill mix.levers[0].share`).
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Checks a distribution drawn for `slot` against what its field allows, as the field's
    /// own value was checked when it was read (the one range check of every input).
    ///
    /// # Errors
    /// A distribution that can draw values the field does not allow, under `field`.
    pub fn check_drawn(&self, slot: Slot, field: &str, d: &Distribution) -> Result<()> {
        param::check(field, &UncertainValue::Distribution(d.clone()), self.ranges[slot]).map(|_| ())
    }

    /// The slot with this name.
    pub fn slot(&self, name: &str) -> Option<Slot> {
        self.names.iter().position(|n| n == name)
    }

    /// The number of services.
    pub fn services(&self) -> usize {
        self.services.len()
    }

    /// The compiled scenarios' names.
    pub fn scenario_names(&self) -> impl Iterator<Item = &str> {
        self.scenarios.iter().map(|(n, _)| n.as_str())
    }

    /// Corner index of service `i`.
    pub fn corner(&self, i: usize) -> usize {
        self.services[i].corner
    }

    /// A workspace sized for this plan.
    pub fn workspace(&self) -> Workspace {
        let n = self.services.len();
        Workspace {
            unit_cost: vec![0.0; n],
            activity: vec![0.0; n],
            changed: vec![false; n],
            pool: [0.0; 3],
            flows: [[0.0; 3]; 3],
            levers: Vec::new(),
            total: Ledger::default(),
            weights: Vec::new(),
            base_unit_cost: vec![0.0; n],
            base_activity: vec![0.0; n],
        }
    }

    /// Service `i`'s baseline spend: the allocation exactly where one was given.
    pub fn baseline_spend(&self, params: &[f64], i: usize) -> f64 {
        let s = &self.services[i];
        match s.size {
            Size::Activity(a) => params[a] * params[s.unit_cost],
            Size::Allocation(m) => params[m],
        }
    }

    /// Units per person of service `i`, where known.
    pub fn units_per_person(&self, params: &[f64], i: usize) -> Option<f64> {
        self.services[i].units_per_person.map(|u| params[u])
    }

    /// Sets the workspace to the baseline.
    pub fn reset(&self, params: &[f64], ws: &mut Workspace) {
        for (i, s) in self.services.iter().enumerate() {
            let cost = params[s.unit_cost];
            ws.unit_cost[i] = cost;
            ws.activity[i] = match s.size {
                Size::Activity(a) => params[a],
                Size::Allocation(m) if cost > 0.0 => params[m] / cost,
                Size::Allocation(_) => 0.0,
            };
            ws.changed[i] = false;
        }
        ws.base_unit_cost.copy_from_slice(&ws.unit_cost);
        ws.base_activity.copy_from_slice(&ws.activity);
        Self::clear(ws);
    }

    /// Sets the workspace back to the baseline of the last [`Plan::reset`].
    fn restore(ws: &mut Workspace) {
        ws.unit_cost.copy_from_slice(&ws.base_unit_cost);
        ws.activity.copy_from_slice(&ws.base_activity);
        ws.changed.fill(false);
        Self::clear(ws);
    }

    fn clear(ws: &mut Workspace) {
        ws.pool = [0.0; 3];
        ws.flows = [[0.0; 3]; 3];
        ws.levers.clear();
        ws.total = Ledger::default();
    }

    /// Spend by corner and people reached (where units per person are known) in the
    /// workspace, adding services in order: one pass, for the Monte Carlo hot path.
    pub fn tally(&self, params: &[f64], ws: &Workspace) -> ([f64; 3], f64) {
        let mut corners = [0.0; 3];
        let mut carry = [0.0; 3];
        let mut people = 0.0;
        let it = self
            .services
            .iter()
            .zip(&ws.unit_cost)
            .zip(&ws.activity)
            .zip(&ws.changed);
        for (((s, cost), activity), changed) in it {
            // An untouched service keeps its exact allocation; otherwise (and for any
            // activity-priced service, whose cost × activity is the baseline's product) the
            // spend is unit cost × activity.
            let spend = match s.size {
                Size::Allocation(m) if !changed => params[m],
                _ => cost * activity,
            };
            sum::add(&mut corners[s.corner], &mut carry[s.corner], spend);
            if let Some(u) = s.units_per_person {
                people += activity / params[u];
            }
        }
        for (c, k) in corners.iter_mut().zip(carry) {
            *c += k;
        }
        (corners, people)
    }

    /// Service `i`'s spend in the workspace.
    pub fn spend(&self, params: &[f64], ws: &Workspace, i: usize) -> f64 {
        if ws.changed[i] {
            ws.unit_cost[i] * ws.activity[i]
        } else {
            self.baseline_spend(params, i)
        }
    }

    /// Runs scenario `k` from the baseline into `ws`; with `record`, each lever's ledger is
    /// kept in `ws.levers`.
    ///
    /// # Errors
    /// A shift of more money than a service spends, reinvesting more released money than was
    /// released, money put into a service with a unit cost of 0, reinvestment weights that add
    /// up to 0; named by the lever's path.
    pub fn run(&self, k: usize, params: &[f64], ws: &mut Workspace, record: bool) -> Result<()> {
        self.reset(params, ws);
        self.run_ops(k, params, ws, record)
    }

    /// Runs scenario `k` from the baseline of the last [`Plan::reset`] of `ws` with the same
    /// `params`: as [`Plan::run`], without working the baseline out again.
    ///
    /// # Errors
    /// As [`Plan::run`].
    pub fn run_after_reset(&self, k: usize, params: &[f64], ws: &mut Workspace, record: bool) -> Result<()> {
        Self::restore(ws);
        self.run_ops(k, params, ws, record)
    }

    fn run_ops(&self, k: usize, params: &[f64], ws: &mut Workspace, record: bool) -> Result<()> {
        // The spend limit is checked once at the end, on the hot path; only a run that breaks
        // it runs again from the baseline, checking after each lever, to name the lever.
        self.apply_ops(k, params, ws, record, false)?;
        if self.check_spend(ws).is_err() {
            Self::restore(ws);
            self.apply_ops(k, params, ws, record, true)?;
            self.check_spend(ws)?;
        }
        Ok(())
    }

    fn apply_ops(&self, k: usize, params: &[f64], ws: &mut Workspace, record: bool, check_each: bool) -> Result<()> {
        for (i, op) in self.scenarios[k].1.iter().enumerate() {
            let before = ws.total;
            self.op(op, params, ws).map_err(|e| e.within(&format!("levers[{i}]")))?;
            if check_each {
                self.check_spend(ws).map_err(|e| e.within(&format!("levers[{i}]")))?;
            }
            if record {
                let t = ws.total;
                ws.levers.push(Ledger {
                    released: t.released - before.released,
                    reinvested: t.reinvested - before.reinvested,
                    new_money: t.new_money - before.new_money,
                    moved: t.moved - before.moved,
                });
            }
        }
        Ok(())
    }

    /// Refuses a lever that leaves a service spending more than [`MAX_SPEND`] (a factor of
    /// 1e308, new money of 1e308, money into a service priced at 1e-300), as a file may not:
    /// an infinite or vast spend would poison every total after it, silently.
    fn check_spend(&self, ws: &Workspace) -> Result<()> {
        let ledger = ws.total.released + ws.total.reinvested + ws.total.new_money + ws.total.moved;
        let bad = ws
            .activity
            .iter()
            .zip(&ws.unit_cost)
            .position(|(a, c)| (a * c).is_nan() || a * c > MAX_SPEND);
        if ledger.is_finite() && bad.is_none() {
            return Ok(());
        }
        let what = match bad {
            Some(i) => format!(
                "a spend on `{}` of £{:e}",
                self.ids[i],
                ws.activity[i] * ws.unit_cost[i]
            ),
            None => format!("£{ledger:e} moved"),
        };
        Err(Error::invalid(
            "",
            what,
            format!(
                "a lever that leaves every service's spend at most £{MAX_SPEND:e} a year \
                 (a factor, ratio, amount or unit cost too large)"
            ),
        ))
    }

    fn op(&self, op: &Op, p: &[f64], ws: &mut Workspace) -> Result<()> {
        let corner = |i: usize| self.services[i].corner;
        match op {
            Op::Substitute { from, to, share, ratio } => {
                let (f, t) = (*from, *to);
                let units = p[*share] * ws.activity[f];
                let given_up = units * ws.unit_cost[f];
                let taken_on = units * p[*ratio] * ws.unit_cost[t];
                ws.activity[f] -= units;
                ws.activity[t] += units * p[*ratio];
                ws.changed[f] = true;
                ws.changed[t] = true;
                flow(ws, corner(f), corner(t), given_up.min(taken_on));
                if given_up > taken_on {
                    release(ws, corner(f), given_up - taken_on);
                } else {
                    ws.total.new_money += taken_on - given_up;
                }
            }
            Op::Shift { from, to, amount } => {
                let (f, t) = (*from, *to);
                let has = ws.unit_cost[f] * ws.activity[f];
                let amount = p[*amount];
                if amount > has + 0.005 {
                    return Err(Error::Insufficient {
                        field: "amount".into(),
                        message: format!(
                            "shifts {} but {} spends only {}",
                            crate::report::money(amount),
                            self.ids[f],
                            crate::report::money(has)
                        ),
                    });
                }
                let amount = amount.min(has);
                if amount > 0.0 {
                    ws.activity[f] = if amount >= has {
                        0.0
                    } else {
                        ws.activity[f] - amount / ws.unit_cost[f]
                    };
                    ws.changed[f] = true;
                }
                self.buy(ws, t, amount, || "to".into())?;
                flow(ws, corner(f), corner(t), amount);
            }
            Op::Reinvest {
                amount,
                targets,
                basis,
                source,
            } => {
                let amount = p[*amount];
                self.weights(targets, basis, p, &mut ws.weights)?;
                let mut drawn = [0.0; 3];
                match source {
                    MoneySource::New => ws.total.new_money += amount,
                    MoneySource::Released => {
                        let available: f64 = ws.pool.iter().sum();
                        // Against the totals, not the pool: the half-penny allowed for
                        // rounding is allowed once a run, not once a lever (1,000 levers of
                        // £0.00499 reinvested £4.99 from an empty pool).
                        if ws.total.reinvested + amount > ws.total.released + 0.005 {
                            return Err(Error::Insufficient {
                                field: "amount".into(),
                                message: format!(
                                    "reinvests {} of released money but earlier levers released only {}; \
                                     release more first, or set source = \"new\"",
                                    crate::report::money(amount),
                                    crate::report::money(available)
                                ),
                            });
                        }
                        ws.total.reinvested += amount;
                        // Drawn from each corner in proportion to what it released, so the
                        // flows say where reinvested money came from.
                        for (c, d) in drawn.iter_mut().enumerate() {
                            *d = if available > 0.0 {
                                amount * ws.pool[c] / available
                            } else {
                                0.0
                            };
                            ws.pool[c] = (ws.pool[c] - *d).max(0.0);
                        }
                    }
                }
                for (k, (t, _)) in targets.iter().enumerate() {
                    let w = ws.weights[k];
                    self.buy(ws, *t, amount * w, || format!("into[{k}]"))?;
                    for (c, d) in drawn.iter().enumerate() {
                        if *d > 0.0 {
                            ws.flows[c][corner(*t)] += d * w;
                            ws.total.moved += d * w;
                        }
                    }
                }
            }
            Op::SetUnitCost { service, unit_cost } => {
                let before = ws.unit_cost[*service] * ws.activity[*service];
                ws.unit_cost[*service] = p[*unit_cost];
                respend(ws, *service, corner(*service), before);
            }
            Op::Scale { service, factor } => {
                let before = ws.unit_cost[*service] * ws.activity[*service];
                ws.activity[*service] *= p[*factor];
                respend(ws, *service, corner(*service), before);
            }
            Op::Productivity { service, gain } => {
                let before = ws.unit_cost[*service] * ws.activity[*service];
                ws.unit_cost[*service] *= 1.0 - p[*gain];
                respend(ws, *service, corner(*service), before);
            }
        }
        Ok(())
    }

    /// Fills `out` with each target's share of £1, from the basis and (for register and need)
    /// the current register sizes and need weights.
    fn weights(&self, targets: &[(usize, Option<usize>)], basis: &Basis, p: &[f64], out: &mut Vec<f64>) -> Result<()> {
        out.clear();
        for (k, (_, loc)) in targets.iter().enumerate() {
            let l = loc.map(|l| &self.localities[l]);
            out.push(match basis {
                Basis::Equal => 1.0,
                Basis::Register => l.map_or(0.0, |l| p[l.register]),
                Basis::Need => l.map_or(0.0, |l| p[l.register] * p[l.need]),
                Basis::Weights(w) => p[w[k]],
            });
        }
        let total: f64 = out.iter().sum();
        if !(total > 0.0 && total.is_finite()) {
            return Err(Error::invalid(
                "by",
                format!("weights adding up to {total}"),
                "weights that add up to more than 0",
            ));
        }
        for w in out.iter_mut() {
            *w /= total;
        }
        Ok(())
    }

    /// Adds `money` to service `i` as activity at its unit cost; `field` names the lever's
    /// field in an error (made only then, so the hot path does not allocate).
    fn buy(&self, ws: &mut Workspace, i: usize, money: f64, field: impl Fn() -> String) -> Result<()> {
        if money <= 0.0 {
            return Ok(());
        }
        if ws.unit_cost[i] == 0.0 {
            return Err(Error::invalid(
                field(),
                format!("{:?}", self.ids[i]),
                "a service with a unit cost above 0 (money cannot buy activity at no cost)",
            ));
        }
        ws.activity[i] += money / ws.unit_cost[i];
        ws.changed[i] = true;
        Ok(())
    }
}

fn flow(ws: &mut Workspace, from: usize, to: usize, amount: f64) {
    ws.flows[from][to] += amount;
    ws.total.moved += amount;
}

fn release(ws: &mut Workspace, corner: usize, amount: f64) {
    ws.total.released += amount;
    ws.pool[corner] += amount;
}

/// A change of spend on one service that no other service balances: a fall is released
/// money, a rise new money.
fn respend(ws: &mut Workspace, i: usize, corner: usize, before: f64) {
    let after = ws.unit_cost[i] * ws.activity[i];
    if after < before {
        release(ws, corner, before - after);
    } else {
        ws.total.new_money += after - before;
    }
    ws.changed[i] = true;
}

/// The corner of index `c` (for reports built from a workspace).
pub fn corner_of(c: usize) -> Corner {
    Corner::ALL[c]
}
