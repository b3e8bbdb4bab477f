//! A scenario set beside its baseline: where the money went, by every dimension and along
//! the triangle's sides.

use crate::economy::{capacity_warnings, Dimension, Economy};
use crate::report::{sum_by_group, Table};
use crate::sum;
use crate::triangle::{Corner, Side};

/// What one lever did, in £.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LeverOutcome {
    /// The lever in words.
    pub description: String,
    /// Money it released.
    pub released: f64,
    /// Released money it reinvested.
    pub reinvested: f64,
    /// New money it brought in (or spent beyond what it released).
    pub new_money: f64,
    /// Money it moved between services (along the sides or within corners).
    pub moved: f64,
    /// The change in people reached it made (services with units per person).
    pub people: f64,
}

/// The result of [`Economy::apply`]: baseline and scenario side by side.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    economy: Economy,
    scenario: String,
    unit_cost: Vec<f64>,
    activity: Vec<f64>,
    spend_after: Vec<f64>,
    flows: [[f64; 3]; 3],
    levers: Vec<LeverOutcome>,
}

impl Comparison {
    pub(crate) fn new(
        economy: Economy,
        scenario: String,
        unit_cost: Vec<f64>,
        activity: Vec<f64>,
        changed: Vec<bool>,
        flows: [[f64; 3]; 3],
        levers: Vec<LeverOutcome>,
    ) -> Comparison {
        // A service no lever touched keeps its baseline spend exactly (an allocation stays
        // the allocation, not allocation / unit cost × unit cost).
        let spend_after = economy
            .services()
            .iter()
            .enumerate()
            .map(|(i, s)| {
                if changed[i] {
                    unit_cost[i] * activity[i]
                } else {
                    s.spend()
                }
            })
            .collect();
        Comparison {
            economy,
            scenario,
            unit_cost,
            activity,
            spend_after,
            flows,
            levers,
        }
    }

    /// The baseline economy.
    pub fn baseline(&self) -> &Economy {
        &self.economy
    }
    /// The scenario's name.
    pub fn scenario(&self) -> &str {
        &self.scenario
    }
    /// Each service's spend in the scenario, in the economy's service order.
    pub fn spend_after(&self) -> &[f64] {
        &self.spend_after
    }
    /// Each service's activity in the scenario.
    pub fn activity_after(&self) -> &[f64] {
        &self.activity
    }
    /// Each service's unit cost in the scenario.
    pub fn unit_cost_after(&self) -> &[f64] {
        &self.unit_cost
    }
    /// What each lever did.
    pub fn levers(&self) -> &[LeverOutcome] {
        &self.levers
    }
    /// Baseline total spend.
    pub fn total_before(&self) -> f64 {
        self.economy.total_spend()
    }
    /// Scenario total spend.
    pub fn total_after(&self) -> f64 {
        sum::total(self.spend_after.iter().copied())
    }
    /// Scenario less baseline (negative is a saving).
    pub fn change(&self) -> f64 {
        self.total_after() - self.total_before()
    }
    /// Money released by the levers.
    pub fn released(&self) -> f64 {
        sum::total(self.levers.iter().map(|l| l.released))
    }
    /// Released money reinvested.
    pub fn reinvested(&self) -> f64 {
        sum::total(self.levers.iter().map(|l| l.reinvested))
    }
    /// New money brought in.
    pub fn new_money(&self) -> f64 {
        sum::total(self.levers.iter().map(|l| l.new_money))
    }
    /// Released money not reinvested: the scenario's saving to the programme.
    pub fn unspent_release(&self) -> f64 {
        self.released() - self.reinvested()
    }
    /// Money moved from corner `from` to corner `to` (the same corner: a redesign within it).
    pub fn flow(&self, from: Corner, to: Corner) -> f64 {
        self.flows[from.index()][to.index()]
    }
    /// How far the scenario is over the envelope (0 when within it).
    pub fn over_envelope(&self) -> f64 {
        let over = self.total_after() - self.economy.envelope();
        if over > 0.005 {
            over
        } else {
            0.0
        }
    }
    /// Envelope less scenario spend.
    pub fn headroom_after(&self) -> f64 {
        self.economy.envelope() - self.total_after()
    }

    /// People reached by each service before and after, where units per person is known.
    pub fn people_reached(&self) -> (Vec<Option<f64>>, Vec<Option<f64>>) {
        let services = self.economy.services();
        let before = services.iter().map(super::service::Service::people_reached).collect();
        let after = services
            .iter()
            .zip(&self.activity)
            .map(|(s, a)| s.units_per_person().map(|u| a / u))
            .collect();
        (before, after)
    }

    /// Baseline, scenario and change along `dim`: columns `name`, `baseline`, `scenario`,
    /// `change`, and shares of the envelope before and after (by service, also activity and
    /// people reached before and after).
    pub fn by(&self, dim: Dimension) -> Table {
        let before: Vec<f64> = self
            .economy
            .services()
            .iter()
            .map(super::service::Service::spend)
            .collect();
        let g = self.economy.groups(dim);
        let n = g.keys.len();
        let b = sum_by_group(&before, &g.of_service, n);
        let a = sum_by_group(&self.spend_after, &g.of_service, n);
        let envelope = self.economy.envelope();
        let share = |v: &f64| if envelope > 0.0 { v / envelope } else { 0.0 };
        let mut t = Table::keyed(dim.id(), g.keys)
            .text("name", g.labels)
            .sum("baseline", b.clone())
            .sum("scenario", a.clone())
            .sum("change", a.iter().zip(&b).map(|(a, b)| a - b).collect())
            .sum("baseline_share", b.iter().map(share).collect())
            .sum("scenario_share", a.iter().map(share).collect());
        let (pb, pa) = self.people_reached();
        if dim == Dimension::Service {
            t = t
                .figure(
                    "activity_before",
                    self.economy.services().iter().map(|s| Some(s.activity())).collect(),
                )
                .figure("activity_after", self.activity.iter().copied().map(Some).collect())
                .sum_known("people_before", pb.clone())
                .sum_known("people_after", pa.clone());
        } else {
            t = t
                .sum_known("people_before", crate::people::by_group(&pb, &g.of_service, n))
                .sum_known("people_after", crate::people::by_group(&pa, &g.of_service, n));
        }
        t.sum_known("extra_people", crate::people::extra(&pb, &pa, &g.of_service, n))
    }

    /// Money moved along each side of the triangle and within each corner. One row per
    /// side (`left`, `floor`, `right`) and per corner (`within_clinical`, …): `forward` runs
    /// from `from_corner` to `to_corner`, `backward` the other way; `net` = forward −
    /// backward; `gross` = forward + backward.
    pub fn flows(&self) -> Table {
        use Corner::{Clinical, CommunitySelfManagement, NhsSelfManagement};
        let pairs = [
            (Clinical, NhsSelfManagement),
            (NhsSelfManagement, CommunitySelfManagement),
            (Clinical, CommunitySelfManagement),
            (Clinical, Clinical),
            (NhsSelfManagement, NhsSelfManagement),
            (CommunitySelfManagement, CommunitySelfManagement),
        ];
        let side = |(a, b): &(Corner, Corner)| Side::between(*a, *b);
        let fwd: Vec<f64> = pairs.iter().map(|(a, b)| self.flow(*a, *b)).collect();
        let bwd: Vec<f64> = pairs
            .iter()
            .map(|(a, b)| if a == b { 0.0 } else { self.flow(*b, *a) })
            .collect();
        Table::keyed("side", pairs.iter().map(|p| side(p).id()).collect())
            .text("name", pairs.iter().map(|p| side(p).label()).collect())
            .text("from_corner", pairs.iter().map(|p| p.0.id().into()).collect())
            .text("to_corner", pairs.iter().map(|p| p.1.id().into()).collect())
            .sum("forward", fwd.clone())
            .sum("backward", bwd.clone())
            .sum("net", fwd.iter().zip(&bwd).map(|(f, b)| f - b).collect())
            .sum("gross", fwd.iter().zip(&bwd).map(|(f, b)| f + b).collect())
    }

    /// One row per lever: what it released, reinvested, brought in and moved.
    pub fn lever_table(&self) -> Table {
        let col = |f: fn(&LeverOutcome) -> f64| self.levers.iter().map(f).collect::<Vec<f64>>();
        Table::keyed("lever", (1..=self.levers.len()).map(|i| i.to_string()).collect())
            .text(
                "description",
                self.levers.iter().map(|l| l.description.clone()).collect(),
            )
            .sum("released", col(|l| l.released))
            .sum("reinvested", col(|l| l.reinvested))
            .sum("new_money", col(|l| l.new_money))
            .sum("moved", col(|l| l.moved))
            .sum("extra_people", col(|l| l.people))
    }

    /// The headline figures: totals before and after, the envelope and headroom, released,
    /// reinvested and new money; people reached before and after, and the extra people.
    pub fn summary(&self) -> Table {
        let rows: [(&str, &str, f64); 10] = [
            ("baseline", "Baseline spend", self.total_before()),
            ("scenario", "Scenario spend", self.total_after()),
            ("change", "Change in spend", self.change()),
            ("envelope", "Envelope", self.economy.envelope()),
            ("headroom_before", "Headroom before", self.economy.headroom()),
            ("headroom_after", "Headroom after", self.headroom_after()),
            ("released", "Money released", self.released()),
            ("reinvested", "Released money reinvested", self.reinvested()),
            ("unspent_release", "Released and not reinvested", self.unspent_release()),
            ("new_money", "New money", self.new_money()),
        ];
        let (pb, pa) = self.people_reached();
        let people = crate::people::headline(&pb, &pa);
        Table::keyed(
            "figure",
            rows.iter()
                .map(|r| r.0.into())
                .chain(people.iter().map(|r| r.0.into()))
                .collect(),
        )
        .text(
            "name",
            rows.iter()
                .map(|r| r.1.into())
                .chain(people.iter().map(|r| r.1.into()))
                .collect(),
        )
        .figure(
            "amount",
            rows.iter()
                .map(|r| Some(r.2))
                .chain(people.iter().map(|r| r.2))
                .collect(),
        )
        .kinds_by_row("figure", &["amount"])
    }

    /// Warnings about the scenario: services over capacity, spend over the envelope.
    pub fn warnings(&self) -> Vec<String> {
        let mut out = capacity_warnings(self.economy.services(), |i| self.activity[i]);
        let over = self.over_envelope();
        if over > 0.0 {
            out.push(format!(
                "scenario `{}` spends £{:.2}, over the envelope of £{:.2} by £{over:.2}",
                self.scenario,
                self.total_after(),
                self.economy.envelope()
            ));
        }
        out
    }
}
