//! Outcomes in a Monte Carlo run, and the cost-effectiveness analyses of its samples.
//!
//! Each outcome the economy counts adds, for every block (baseline and scenarios), its total
//! (`qalys`), the gain against the baseline (`qalys_gain`: the change where more is better,
//! the fall where less is), and where the outcome has a value λ the net monetary benefit
//! (`net_benefit_qalys` = λ·gain − change). These columns follow every block's [`OUTPUTS`], so
//! an economy without outcomes has the columns, and the bits, it had before.
//!
//! From kept samples, at any threshold: the cost-effectiveness acceptability curve (CEAC,
//! the probability each option has the highest net benefit) and frontier (CEAF), and the
//! EVPI and EVPPI of the choice on net benefit (the generic [`evpi()`] and [`evppi()`]).

use ndarray::{Array2, ArrayView2};

use super::{Model, OUTPUTS};
use crate::economy::Economy;
use crate::error::{Error, Result};
use crate::plan::{Columns, Params, Workspace};
use crate::report::{Column, Kind, Table, Values};
use crate::sensitivity::{evpi, evppi, Criterion, Evpi, EvppiMethod};

#[derive(Debug, Clone, Copy)]
enum Part {
    Total,
    Gain,
    NetBenefit,
}

/// The outcome columns of one block, in order: for each outcome its total, its gain and,
/// where it has a value, its net benefit (always in that order: each is made from the one
/// before).
#[derive(Debug, Clone, Default)]
pub(super) struct Extra {
    columns: Vec<(usize, Part, String)>,
    /// Each outcome's id, sign (+1 more is better, −1 less) and value (£ a unit).
    pub(super) outcomes: Vec<(String, f64, Option<f64>)>,
}

impl Extra {
    pub(super) fn of(economy: &Economy) -> Extra {
        let mut columns = Vec::new();
        for (o, spec) in economy.outcomes().iter().enumerate() {
            columns.push((o, Part::Total, spec.id.clone()));
            columns.push((o, Part::Gain, format!("{}_gain", spec.id)));
            if spec.value.is_some() {
                columns.push((o, Part::NetBenefit, format!("net_benefit_{}", spec.id)));
            }
        }
        let outcomes = economy
            .outcomes()
            .iter()
            .map(|o| (o.id.clone(), o.better.sign(), o.value))
            .collect();
        Extra { columns, outcomes }
    }
    pub(super) fn len(&self) -> usize {
        self.columns.len()
    }
    pub(super) fn names(&self) -> impl Iterator<Item = &str> {
        self.columns.iter().map(|c| c.2.as_str())
    }
    /// The outputs that count an outcome (its total and gain), not money.
    pub(super) fn counted(&self) -> Vec<String> {
        self.columns
            .iter()
            .filter(|c| !matches!(c.1, Part::NetBenefit))
            .map(|c| c.2.clone())
            .collect()
    }
    pub(super) fn position(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.2 == name)
    }
    pub(super) fn columns<'a>(&'a self, blocks: &'a [String]) -> impl Iterator<Item = (String, String)> + 'a {
        blocks
            .iter()
            .flat_map(move |b| self.columns.iter().map(move |c| (b.clone(), c.2.clone())))
    }
}

impl Model {
    /// The outputs that count an outcome (`qalys`, `qalys_gain`), not money: a summary shows
    /// them as plain numbers.
    pub fn counted_outputs(&self) -> Vec<String> {
        self.extra.counted()
    }

    /// The column of block `b`'s `e`-th outcome output.
    fn extra_column(&self, b: usize, e: usize) -> usize {
        self.blocks.len() * OUTPUTS.len() + b * self.extra.len() + e
    }

    /// Writes block `b`'s outcome outputs into one row's `out` (after its [`OUTPUTS`], which
    /// give the change in spend).
    pub(super) fn record_outcomes(&self, b: usize, params: &[f64], ws: &Workspace, out: &mut [f64]) {
        for (e, &(o, part, _)) in self.extra.columns.iter().enumerate() {
            let at = self.extra_column(b, e);
            let (_, sign, value) = self.extra.outcomes[o];
            out[at] = match part {
                Part::Total => self.plan.outcome_total(o, params, ws),
                Part::Gain if b == 0 => 0.0,
                Part::Gain => sign * (out[at - 1] - out[self.extra_column(0, e - 1)]),
                Part::NetBenefit => value.unwrap_or(0.0) * out[at - 1] - out[b * OUTPUTS.len() + 4],
            };
        }
    }

    /// As [`Model::record_outcomes`], for every row of a chunk (`outs` column by column).
    pub(super) fn record_outcome_columns(&self, b: usize, p: &Params, ws: &Columns, outs: &mut [f64], rows: usize) {
        for (e, &(o, part, _)) in self.extra.columns.iter().enumerate() {
            let c = self.extra_column(b, e);
            let (_, sign, value) = self.extra.outcomes[o];
            let change = b * OUTPUTS.len() + 4;
            let base = self.extra_column(0, e.saturating_sub(1));
            for r in 0..rows {
                outs[c * rows + r] = match part {
                    Part::Total => continue,
                    Part::Gain if b == 0 => 0.0,
                    Part::Gain => sign * (outs[(c - 1) * rows + r] - outs[base * rows + r]),
                    Part::NetBenefit => value.unwrap_or(0.0) * outs[(c - 1) * rows + r] - outs[change * rows + r],
                };
            }
            if let Part::Total = part {
                self.plan.outcome_columns(o, p, ws, &mut outs[c * rows..(c + 1) * rows]);
            }
        }
    }

    /// The net monetary benefit of each option (baseline, then scenarios) in each iteration
    /// of `samples` (laid out as [`Model::columns`]), on `outcome` at `threshold` £ a unit
    /// gained (the outcome's value when `None`): λ·gain − change, 0 for the baseline.
    ///
    /// # Errors
    /// An outcome the economy does not count (with the nearest id); no threshold and none
    /// declared; a negative threshold; samples of another width.
    pub fn net_benefit_samples(
        &self,
        samples: ArrayView2<'_, f64>,
        outcome: &str,
        threshold: Option<f64>,
    ) -> Result<Array2<f64>> {
        let (o, lambda) = self.outcome_and_threshold(outcome, threshold)?;
        Ok(self.net_benefit_at(samples, o, lambda))
    }

    pub(super) fn outcome_and_threshold(&self, outcome: &str, threshold: Option<f64>) -> Result<(usize, f64)> {
        let ids = self.extra.outcomes.iter().map(|x| x.0.as_str());
        let o = self
            .extra
            .outcomes
            .iter()
            .position(|x| x.0 == crate::ids::normal(outcome))
            .ok_or_else(|| Error::unknown("outcome", "outcome", outcome, ids))?;
        let lambda = threshold.or(self.extra.outcomes[o].2).ok_or_else(|| {
            Error::invalid(
                "threshold",
                "nothing",
                format!("a threshold in £ a unit of {outcome} (threshold=…), or a value on the outcome in the economy"),
            )
        })?;
        crate::param::Range::NonNegative.check("threshold", lambda)?;
        Ok((o, lambda))
    }

    fn net_benefit_at(&self, samples: ArrayView2<'_, f64>, o: usize, lambda: f64) -> Array2<f64> {
        let e = self
            .extra
            .columns
            .iter()
            .position(|c| c.0 == o && matches!(c.1, Part::Gain));
        let e = e.expect("every outcome has a gain column");
        let mut nb = Array2::zeros((samples.nrows(), self.blocks.len()));
        for b in 1..self.blocks.len() {
            let gain = samples.column(self.extra_column(b, e));
            let change = samples.column(b * OUTPUTS.len() + 4);
            for (r, v) in nb.column_mut(b).iter_mut().enumerate() {
                *v = lambda * gain[r] - change[r];
            }
        }
        nb
    }

    /// The cost-effectiveness acceptability curve and frontier of `samples` on `outcome`:
    /// one row a threshold, one column an option (the baseline among them) holding the
    /// share of iterations in which it has the highest net benefit (the first option on a
    /// tie), so each row sums to 1; then `frontier`, the option with the highest expected net
    /// benefit there, and `frontier_probability`, its share.
    ///
    /// # Errors
    /// As [`Model::net_benefit_samples`], for each threshold; no thresholds.
    pub fn ceac(&self, samples: ArrayView2<'_, f64>, outcome: &str, thresholds: &[f64]) -> Result<Table> {
        if thresholds.is_empty() {
            return Err(Error::invalid("thresholds", "none", "at least one threshold"));
        }
        let options = self.blocks.len();
        let mut probability = vec![Vec::with_capacity(thresholds.len()); options];
        let (mut frontier, mut frontier_p) = (Vec::new(), Vec::new());
        for &lambda in thresholds {
            let (o, lambda) = self.outcome_and_threshold(outcome, Some(lambda))?;
            let e = evpi(
                self.net_benefit_at(samples, o, lambda).view(),
                Criterion::MaximiseNetBenefit,
            )?;
            for (k, p) in e.probability_best.iter().enumerate() {
                probability[k].push(Some(*p));
            }
            frontier.push(self.blocks[e.best_option].clone());
            frontier_p.push(Some(e.probability_best[e.best_option]));
        }
        let mut t = Table {
            columns: vec![Column {
                name: "threshold".into(),
                values: Values::Number(thresholds.iter().copied().map(Some).collect()),
                additive: false,
                kind: Kind::Money,
            }],
            row_kinds: None,
        };
        for (name, p) in self.blocks.iter().zip(probability) {
            t = t.figure(name, p).shown_as(Kind::Share);
        }
        Ok(t.text("frontier", frontier)
            .figure("frontier_probability", frontier_p)
            .shown_as(Kind::Share))
    }

    /// EVPI of the choice among the baseline and scenarios on net benefit (£ per decision).
    ///
    /// # Errors
    /// As [`Model::net_benefit_samples`].
    pub fn evpi_net_benefit(
        &self,
        samples: ArrayView2<'_, f64>,
        outcome: &str,
        threshold: Option<f64>,
    ) -> Result<Evpi> {
        evpi(
            self.net_benefit_samples(samples, outcome, threshold)?.view(),
            Criterion::MaximiseNetBenefit,
        )
    }

    /// EVPPI of the named inputs together, on net benefit: the kept input columns of those
    /// names against the net benefits.
    ///
    /// # Errors
    /// An unknown input (with the nearest name) or none; as [`Model::net_benefit_samples`];
    /// as [`evppi()`].
    pub fn evppi_net_benefit(
        &self,
        samples: ArrayView2<'_, f64>,
        inputs: ArrayView2<'_, f64>,
        names: &[String],
        outcome: &str,
        threshold: Option<f64>,
        method: EvppiMethod,
    ) -> Result<f64> {
        if names.is_empty() {
            return Err(Error::invalid("inputs", "none", "at least one input's name"));
        }
        let known = || self.inputs.iter().map(|i| i.name.as_str());
        let cols = names
            .iter()
            .map(|n| {
                self.inputs
                    .iter()
                    .position(|i| &i.name == n)
                    .ok_or_else(|| Error::unknown("inputs", "input", n, known()))
            })
            .collect::<Result<Vec<_>>>()?;
        let x = inputs.select(ndarray::Axis(1), &cols);
        evppi(
            self.net_benefit_samples(samples, outcome, threshold)?.view(),
            x.view(),
            method,
        )
    }
}
