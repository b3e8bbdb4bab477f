//! Monte Carlo runs of a budget impact: the distribution of the cumulative impact and the
//! probability of paying back within the horizon.
//!
//! The inputs are the uncertain slots of the compiled budget model (the economy's
//! distributions, then the budget impact's own). The model implements
//! [`Chunked`], so it runs on the same driver as the economy's
//! [`crate::montecarlo::Model`]: the same checks, chunks, seeds and streams, correlation, runs
//! in parts for Dask ([`bins`], [`run_chunks`], [`merge`]), progress and interruption, and the
//! same bits for any number of threads or parts.

use std::ops::Range;

use ndarray::{Array2, ArrayViewMut2};

use super::discount::present_value;
use super::impact::Totals;
use super::model::{BudgetModel, BudgetWorkspace};
use crate::error::{Error, Result};
use crate::montecarlo::driver::{self, Chunked, Run};
use crate::montecarlo::{Bins, MonteCarloOptions, Partial, Summary};
use crate::uncertainty::{rows_in_chunk, Distribution, Sampler, CHUNK};

/// The outputs recorded before the year-by-year net impacts (`net 2025/26`, …), which the
/// outcomes' outputs follow, where the economy counts outcomes (`qalys_gain`,
/// `net_benefit_qalys`: see `outcomes.rs`).
pub const BUDGET_OUTPUTS: [&str; 7] = [
    "cumulative",
    "discounted_cumulative",
    "cash_releasing",
    "capacity_releasing",
    "total_costs",
    "return_per_pound",
    "pays_back",
];

/// The result of [`run`].
#[derive(Debug, Clone)]
pub struct BudgetMonteCarloResult {
    /// Output names, in column order: [`BUDGET_OUTPUTS`], then `net 2025/26` for each year.
    pub columns: Vec<String>,
    /// The uncertain inputs' names.
    pub input_names: Vec<String>,
    /// One row per iteration, one column per output (when samples were kept).
    pub samples: Option<Array2<f64>>,
    /// One row per iteration, one column per uncertain input (when samples were kept).
    pub inputs: Option<Array2<f64>>,
    /// One summary per column, merged in chunk order.
    pub summaries: Vec<Summary>,
    /// Iterations run.
    pub iterations: u64,
}

impl BudgetMonteCarloResult {
    /// The summary of an output.
    ///
    /// # Errors
    /// An unknown output name (with the nearest).
    pub fn summary(&self, output: &str) -> Result<&Summary> {
        self.columns
            .iter()
            .position(|c| c == output)
            .map(|i| &self.summaries[i])
            .ok_or_else(|| Error::unknown("output", "output", output, self.columns.iter().map(String::as_str)))
    }

    /// The share of iterations whose cumulative net impact reached 0 or below within the
    /// horizon.
    pub fn probability_of_payback(&self) -> f64 {
        self.summaries[6].mean
    }
}

/// The column names of a model's run.
pub fn columns(model: &BudgetModel) -> Vec<String> {
    BUDGET_OUTPUTS
        .iter()
        .map(|s| (*s).to_string())
        .chain(model.year_labels().into_iter().map(|y| format!("net {y}")))
        .chain(outcome_columns(model))
        .collect()
}

/// One iteration's outputs from its line values, into `t` (reused) at the years' discount
/// `factors`.
fn record(model: &BudgetModel, values: &[f64], t: &mut Totals, factors: &[f64], out: &mut [f64]) {
    t.fill(model, values, factors);
    let y = t.net.len();
    out[0] = t.cumulative[y - 1];
    out[1] = t.discounted_cumulative[y - 1];
    out[2] = t.cash.iter().sum();
    out[3] = t.capacity.iter().sum();
    out[4] = t.costs.iter().sum();
    // 0 where nothing is spent, so that summaries stay finite.
    out[5] = t.return_per_pound().unwrap_or(0.0);
    out[6] = f64::from(u8::from(Totals::payback(&t.cumulative).is_some()));
    out[BUDGET_OUTPUTS.len()..BUDGET_OUTPUTS.len() + y].copy_from_slice(&t.net);
}

/// The outcome outputs of a run, after the years' net impacts: each outcome's discounted gain
/// over the horizon (`qalys_gain`) and, where it has a value λ, the net monetary benefit
/// λ·gain − the discounted cumulative net impact (`net_benefit_qalys`).
fn outcome_columns(model: &BudgetModel) -> Vec<String> {
    let mut names = Vec::new();
    for o in model.outcome_specs() {
        names.push(format!("{}_gain", o.id));
        if o.value.is_some() {
            names.push(format!("net_benefit_{}", o.id));
        }
    }
    names
}

/// Writes the outcome outputs of the evaluation in `ws` at `p` into `out`, given its
/// discounted cumulative net impact; `b.gains` is scratch space a year long.
fn record_outcomes(model: &BudgetModel, b: &mut BudgetBuffers, discounted_net: f64, out: &mut [f64]) {
    let mut at = 0;
    for (o, spec) in model.outcome_specs().iter().enumerate() {
        model.outcome_gains(o, &b.params, &b.ws, &mut b.gains);
        let gain = present_value(&b.gains, &b.outcome_factors);
        out[at] = gain;
        at += 1;
        if let Some(lambda) = spec.value {
            out[at] = lambda * gain - discounted_net;
            at += 1;
        }
    }
}

/// A worker thread's buffers for a budget model: the chunk's draws (row-major), its outputs
/// column by column, and one evaluation's parameters, workspace and row of outputs.
#[derive(Debug)]
pub struct BudgetBuffers {
    draws: Vec<f64>,
    outs: Vec<f64>,
    params: Vec<f64>,
    ws: BudgetWorkspace,
    row: Vec<f64>,
    /// One outcome's gains, year by year.
    gains: Vec<f64>,
    /// One evaluation's totals, reused.
    totals: Totals,
    /// The discount factors of money's years and of outcomes' years, worked out once.
    factors: Vec<f64>,
    outcome_factors: Vec<f64>,
}

impl Chunked for BudgetModel {
    type Buffers = BudgetBuffers;

    fn distributions(&self) -> Vec<Distribution> {
        self.uncertain().iter().map(|(_, d)| d.clone()).collect()
    }
    fn dims(&self) -> usize {
        self.uncertain().len()
    }
    fn width(&self) -> usize {
        // The outcome columns (see `outcome_columns`), counted without naming them.
        let outcomes: usize = self
            .outcome_specs()
            .iter()
            .map(|o| 1 + usize::from(o.value.is_some()))
            .sum();
        BUDGET_OUTPUTS.len() + self.years() as usize + outcomes
    }
    fn buffers(&self) -> BudgetBuffers {
        let cap = CHUNK as usize;
        BudgetBuffers {
            draws: vec![0.0; cap * self.dims()],
            outs: vec![0.0; cap * Chunked::width(self)],
            params: self.base().to_vec(),
            ws: self.workspace(),
            row: vec![0.0; Chunked::width(self)],
            gains: vec![0.0; self.years() as usize],
            totals: Totals::default(),
            factors: self.discounting().factors(self.years() as usize),
            outcome_factors: self.outcome_discounting().factors(self.years() as usize),
        }
    }
    /// Row by row (a budget model is small beside the economy's): each row's outputs are
    /// written into their columns.
    fn evaluate_chunk(&self, sampler: &Sampler, k: u64, n: u64, b: &mut BudgetBuffers) -> Result<usize> {
        let rows = rows_in_chunk(n, k);
        let dims = self.dims();
        let view = ArrayViewMut2::from_shape((rows, dims), &mut b.draws[..rows * dims])
            .expect("the buffer holds a chunk of draws");
        sampler.fill_chunk(k, view)?;
        for r in 0..rows {
            for ((slot, _), v) in self.uncertain().iter().zip(&b.draws[r * dims..(r + 1) * dims]) {
                b.params[*slot] = *v;
            }
            self.evaluate(&b.params, &mut b.ws).map_err(|e| {
                Error::invalid(
                    format!("iteration {}", k * CHUNK + r as u64),
                    e.to_string(),
                    "a scenario that can be applied at every drawn value",
                )
            })?;
            let mut row = std::mem::take(&mut b.row);
            record(self, &b.ws.values, &mut b.totals, &b.factors, &mut row);
            let (money, outcomes) = row.split_at_mut(BUDGET_OUTPUTS.len() + self.years() as usize);
            record_outcomes(self, b, money[1], outcomes);
            b.row = row;
            for (c, x) in b.row.iter().enumerate() {
                b.outs[c * rows + r] = *x;
            }
        }
        Ok(rows)
    }
    fn draws(b: &BudgetBuffers) -> &[f64] {
        &b.draws
    }
    fn outputs(b: &BudgetBuffers) -> &[f64] {
        &b.outs
    }
}

/// Runs a budget impact under its uncertain inputs, on the one chunked driver
/// ([`driver::run`]). `progress(done, total)` is called after each batch of chunks; returning
/// `false` stops the run with [`Error::Interrupted`].
///
/// # Errors
/// As [`driver::run`]: no iterations or too many; samples that would not fit in memory; a
/// correlation matrix of the wrong size; a row that cannot be evaluated; an interruption.
pub fn run(
    model: &BudgetModel,
    options: &MonteCarloOptions,
    progress: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<BudgetMonteCarloResult> {
    driver::run(model, options, progress).map(|r| result(model, r))
}

/// The histogram bins of a run of `model` with these options ([`driver::bins`]).
///
/// # Errors
/// As [`run`].
pub fn bins(model: &BudgetModel, options: &MonteCarloOptions) -> Result<Bins> {
    driver::bins(model, options)
}

/// Runs chunks `range` of a run of `model` ([`driver::run_chunks`]), for a run in parts.
///
/// # Errors
/// As [`driver::run_chunks`].
pub fn run_chunks(
    model: &BudgetModel,
    options: &MonteCarloOptions,
    bins: &Bins,
    range: Range<u64>,
    progress: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<Partial> {
    driver::run_chunks(model, options, bins, range, progress)
}

/// Merges the parts of a run of `model` into the result one [`run`] gives, bit for bit.
///
/// # Errors
/// As [`driver::merge`].
pub fn merge(model: &BudgetModel, bins: &Bins, parts: Vec<Partial>) -> Result<BudgetMonteCarloResult> {
    driver::merge(model, bins, parts).map(|r| result(model, r))
}

fn result(model: &BudgetModel, r: Run) -> BudgetMonteCarloResult {
    BudgetMonteCarloResult {
        columns: columns(model),
        input_names: model.input_names(),
        samples: r.samples,
        inputs: r.inputs,
        summaries: r.summaries,
        iterations: r.iterations,
    }
}
