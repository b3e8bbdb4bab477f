//! An economy and its scenarios compiled into flat arrays: every number is a slot in one
//! parameter vector, every id a resolved index. A deterministic run reads the slots' base
//! values; a Monte Carlo iteration overwrites the uncertain slots with draws and runs again,
//! into a reused [`Workspace`], with no allocation and no cloning of the economy.

mod basis;
mod columns;
mod commission;
mod compile;
mod condition;
mod label;
mod outcomes;
mod released;
mod row;

pub use columns::{Columns, Params, Tally};
pub use label::label;
pub use outcomes::RateSlots;

use crate::error::Result;
use crate::param::{self, Range};
use crate::scenario::MoneySource;
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
        /// Person for person: the slots of `from`'s and `to`'s units per person, whose
        /// quotient is the ratio.
        per_person: Option<(Slot, Slot)>,
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
        /// For released money reinvested as it is released, the levers whose release it
        /// spends (all when empty); `amount` is then a share of it.
        of_released: Option<Vec<usize>>,
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
    /// Change `service`'s activity by use share × coverage × effect (a segment's lever).
    Target {
        service: usize,
        use_share: Slot,
        coverage: Slot,
        effect: Slot,
    },
    /// Buy `units` (× the service's units per person, for people) of `service`.
    Commission {
        service: usize,
        units: Slot,
        per_person: Option<Slot>,
        source: MoneySource,
    },
}

impl Op {
    /// Calls `f` with each service whose unit cost or activity this operation may change.
    fn for_each_service(&self, mut f: impl FnMut(usize)) {
        match self {
            Op::Substitute { from, to, .. } | Op::Shift { from, to, .. } => {
                f(*from);
                f(*to);
            }
            Op::Reinvest { targets, .. } => targets.iter().for_each(|(t, _)| f(*t)),
            Op::SetUnitCost { service, .. }
            | Op::Scale { service, .. }
            | Op::Productivity { service, .. }
            | Op::Commission { service, .. }
            | Op::Target { service, .. } => f(*service),
        }
    }
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
    /// The change in people reached by the services with units per person: recorded for
    /// each lever of a report (left 0 in a run's totals, which the hot path keeps).
    pub people: f64,
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
    /// The money each lever run so far released (for a reinvestment of what named levers
    /// released).
    released_by: Vec<f64>,
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
    /// The places money is spread over: every locality, in file order, then the clusters the
    /// scenarios' levers spread money over (see `basis.rs`).
    localities: Vec<LocalitySlots>,
    scenarios: Vec<(String, Vec<Op>)>,
    /// For each of the economy's outcomes, the services that produce it (see `outcomes.rs`).
    outcomes: Vec<Vec<outcomes::Term>>,
}

impl Plan {
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
            released_by: Vec::new(),
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

    /// People reached by the services with units per person at the workspace's activity
    /// (a person seen by two services counts twice, as in the service table's columns).
    pub(crate) fn people_reached(&self, params: &[f64], ws: &Workspace) -> f64 {
        sum::total(
            (0..self.services.len()).filter_map(|i| self.units_per_person(params, i).map(|u| ws.activity[i] / u)),
        )
    }
}

/// The corner of index `c` (for reports built from a workspace).
pub fn corner_of(c: usize) -> Corner {
    Corner::ALL[c]
}
