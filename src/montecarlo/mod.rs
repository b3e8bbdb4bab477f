//! Monte Carlo runs of an economy and its scenarios under uncertain inputs.
//!
//! The economy and scenarios are compiled once into a [`Plan`]; each iteration writes its
//! draws into the uncertain slots of a parameter vector and runs the plan into a reused
//! workspace. Iterations run in chunks of [`CHUNK`], each with its own random stream derived
//! from the seed and the chunk index, on a rayon pool; results are assembled in chunk order,
//! so they are the same bit for bit whatever the number of threads.

mod analysis;
mod chunk;
pub mod driver;
mod measure;
mod moments;
mod outcomes;
mod partial;
mod summary;

use std::ops::Range;

use ndarray::Array2;

pub use analysis::{evpi_of, EvpiCriterion};
pub use driver::Chunked;
pub use measure::Measure;
pub use partial::{Bins, Partial};
pub use summary::{sorted_quantile, Histogram, Moments, Summary, BINS};

use crate::economy::Economy;
use crate::error::{Error, Result};
use crate::plan::{Plan, Slot, Workspace};
use crate::scenario::Scenario;
use crate::sum;
use crate::uncertainty::{rows_in_chunk, CorrelationMatrix, Distribution, Sampler, SamplingPlan, CHUNK};

/// The outputs recorded for the baseline and for each scenario, in column order, in pounds
/// except `people_reached` (people) and `over_envelope_indicator` (1 in an iteration whose
/// total is over the envelope, else 0: its mean is the probability of being over; the pounds
/// over are `Comparison.over_envelope`).
pub const OUTPUTS: [&str; 10] = [
    "total",
    "clinical",
    "nhs_self_management",
    "community_self_management",
    "change",
    "released",
    "reinvested",
    "new_money",
    "people_reached",
    "over_envelope_indicator",
];

/// The most memory `keep_samples` may ask for (8 GiB): beyond it a run must stream.
pub const MAX_SAMPLE_BYTES: u64 = 8 << 30;

/// The most iterations a run may have, 10^12: at about 1.4 million iterations a second on one
/// core, a week's work. More is a slip of the keyboard, better refused than left running.
pub const MAX_ITERATIONS: u64 = 1_000_000_000_000;

/// The most memory kept samples may take: [`MAX_SAMPLE_BYTES`], or half the memory this
/// process may use ([`crate::memory::usable_bytes`]: the machine, rlimits and cgroup) where
/// that is less, so that `keep_samples=True` is refused with advice rather than ending in an
/// aborted allocation or the out-of-memory killer.
pub fn sample_memory_limit() -> u64 {
    (crate::memory::usable_bytes() / 2).min(MAX_SAMPLE_BYTES)
}

/// The most worker threads a run may ask for: far more than the cores of the machines this
/// runs on, and few enough that the operating system can start them.
pub const MAX_THREADS: usize = 1024;

/// A pool of `threads` worker threads (all cores when `None`), for the runs that take it.
///
/// # Errors
/// [`Error::InvalidValue`] for 0 or more than [`MAX_THREADS`] threads, or more than it can give.
pub fn thread_pool(threads: Option<usize>) -> Result<rayon::ThreadPool> {
    // 0 used to mean all cores silently, and 10^6 started about 1,360 threads before failing.
    if let Some(n) = threads.filter(|n| !(1..=MAX_THREADS).contains(n)) {
        return Err(Error::invalid(
            "threads",
            n,
            format!("between 1 and {MAX_THREADS}, or None for all cores"),
        ));
    }
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .build()
        .map_err(|e| Error::invalid("threads", format!("{threads:?}"), format!("a usable number ({e})")))
}

/// Options of a run.
#[derive(Debug, Clone, PartialEq)]
pub struct MonteCarloOptions {
    /// Iterations (at least 1).
    pub iterations: u64,
    /// The seed every draw follows from; 0 is a seed like any other.
    pub seed: u64,
    /// Random, Latin hypercube or scrambled Sobol points.
    pub sampling: SamplingPlan,
    /// Worker threads; all cores when `None`. The numbers do not depend on it.
    pub threads: Option<usize>,
    /// Keep every iteration's outputs and inputs (else only streaming summaries).
    pub keep_samples: bool,
    /// Rank correlation between the inputs, in their order.
    pub correlation: Option<CorrelationMatrix>,
}

impl Default for MonteCarloOptions {
    fn default() -> Self {
        MonteCarloOptions {
            iterations: 10_000,
            seed: 0,
            sampling: SamplingPlan::Random,
            threads: None,
            keep_samples: true,
            correlation: None,
        }
    }
}

/// One uncertain input: the slot it overrides and its distribution.
#[derive(Debug, Clone)]
pub struct UncertainInput {
    /// The slot's name (`specialist_dietitian.unit_cost`).
    pub name: String,
    /// The same in words, for charts ("unit cost of specialist dietitian (£ per hour)").
    pub label: String,
    /// Its distribution.
    pub distribution: Distribution,
    slot: Slot,
}

/// An economy, scenarios and uncertain inputs, ready to run many times.
#[derive(Debug, Clone)]
pub struct Model {
    plan: Plan,
    inputs: Vec<UncertainInput>,
    envelope: f64,
    blocks: Vec<String>,
    /// For each slot, the input that overrides it, if any.
    slot_column: Vec<Option<usize>>,
    /// The outcome outputs of each block, after every block's [`OUTPUTS`] (see `outcomes.rs`).
    extra: outcomes::Extra,
}

/// The result of [`Model::run`].
#[derive(Debug, Clone)]
pub struct MonteCarloResult {
    /// `(block, output)` of each column: the block is `baseline` or a scenario's name.
    pub columns: Vec<(String, String)>,
    /// The inputs' names, in column order of `inputs`.
    pub input_names: Vec<String>,
    /// One row per iteration, one column per output (when samples were kept).
    pub samples: Option<Array2<f64>>,
    /// One row per iteration, one column per input (when samples were kept).
    pub inputs: Option<Array2<f64>>,
    /// One summary per column, merged in chunk order.
    pub summaries: Vec<Summary>,
    /// Iterations run.
    pub iterations: u64,
}

impl Model {
    /// Compiles `economy` and `scenarios`; the uncertain inputs are those the economy and
    /// scenarios give as distributions, then `extra` (by slot name, such as
    /// `specialist_dietitian.unit_cost`), which may also override a file's distribution.
    ///
    /// # Errors
    /// An input naming no slot (with the nearest name), named twice in `extra`, or whose
    /// distribution can take values its field does not allow (a normal unit cost can go below
    /// 0: use a gamma, lognormal or truncated normal).
    pub fn new(economy: &Economy, scenarios: &[&Scenario], extra: Vec<(String, Distribution)>) -> Result<Model> {
        let plan = Plan::compile(economy, scenarios)?;
        let mut inputs: Vec<UncertainInput> = plan
            .uncertain()
            .iter()
            .map(|(slot, d)| UncertainInput {
                name: plan.names()[*slot].clone(),
                label: crate::plan::label(economy, scenarios, &plan.names()[*slot]),
                distribution: d.clone(),
                slot: *slot,
            })
            .collect();
        let from_file = inputs.len();
        for (name, distribution) in extra {
            let slot = plan
                .slot(&name)
                .ok_or_else(|| Error::unknown("inputs", "input", &name, plan.names().iter().map(String::as_str)))?;
            plan.check_drawn(slot, &format!("inputs.{name}"), &distribution)?;
            match inputs.iter().position(|b| b.slot == slot) {
                Some(i) if i < from_file => inputs[i].distribution = distribution,
                Some(_) => {
                    return Err(Error::DuplicateId {
                        field: "inputs".into(),
                        kind: "input",
                        id: name,
                        hint: String::new(),
                    })
                }
                None => inputs.push(UncertainInput {
                    label: crate::plan::label(economy, scenarios, &name),
                    name,
                    distribution,
                    slot,
                }),
            }
        }
        let mut blocks = vec!["baseline".to_string()];
        blocks.extend(plan.scenario_names().map(str::to_string));
        let mut slot_column = vec![None; plan.base().len()];
        for (j, input) in inputs.iter().enumerate() {
            slot_column[input.slot] = Some(j);
        }
        Ok(Model {
            plan,
            inputs,
            envelope: economy.envelope(),
            blocks,
            slot_column,
            extra: outcomes::Extra::of(economy),
        })
    }

    /// The compiled plan.
    pub fn plan(&self) -> &Plan {
        &self.plan
    }
    /// The uncertain inputs, in column order.
    pub fn inputs(&self) -> &[UncertainInput] {
        &self.inputs
    }
    /// `baseline`, then each scenario's name.
    pub fn blocks(&self) -> &[String] {
        &self.blocks
    }
    /// Number of output columns.
    pub fn width(&self) -> usize {
        self.blocks.len() * (OUTPUTS.len() + self.extra.len())
    }
    /// `(block, output)` of each column.
    pub fn columns(&self) -> Vec<(String, String)> {
        self.blocks
            .iter()
            .flat_map(|b| OUTPUTS.iter().map(move |o| (b.clone(), (*o).to_string())))
            .chain(self.extra.columns(&self.blocks))
            .collect()
    }
    /// The column of `output` in `block`.
    ///
    /// # Errors
    /// An unknown block or output (with the nearest name).
    pub fn column(&self, block: &str, output: &str) -> Result<usize> {
        let b = self
            .blocks
            .iter()
            .position(|x| x == block)
            .ok_or_else(|| Error::unknown("scenario", "scenario", block, self.blocks.iter().map(String::as_str)))?;
        if let Some(e) = self.extra.position(output) {
            return Ok(self.blocks.len() * OUTPUTS.len() + b * self.extra.len() + e);
        }
        let o = OUTPUTS.iter().position(|x| *x == output).ok_or_else(|| {
            Error::unknown(
                "output",
                "output",
                output,
                OUTPUTS.iter().copied().chain(self.extra.names()),
            )
        })?;
        Ok(b * OUTPUTS.len() + o)
    }

    /// Writes `values` into the uncertain slots of `params`.
    pub fn params_with(&self, values: &[f64], params: &mut [f64]) {
        for (input, v) in self.inputs.iter().zip(values) {
            params[input.slot] = *v;
        }
    }

    /// Every output for one parameter vector, into `out` (one value per column).
    ///
    /// # Errors
    /// A lever that cannot be applied with these values (a shift of more than a service
    /// spends, …).
    pub fn evaluate(&self, params: &[f64], ws: &mut Workspace, out: &mut [f64]) -> Result<()> {
        self.plan.reset(params, ws);
        let base_total = self.record(params, ws, &mut out[..OUTPUTS.len()], None);
        self.record_outcomes(0, params, ws, out);
        for k in 0..self.blocks.len() - 1 {
            self.plan.run_after_reset(k, params, ws, false)?;
            let o = (k + 1) * OUTPUTS.len();
            self.record(params, ws, &mut out[o..o + OUTPUTS.len()], Some(base_total));
            self.record_outcomes(k + 1, params, ws, out);
        }
        Ok(())
    }

    /// Writes one block's outputs (the change against `base_total`, or 0 for the baseline
    /// itself); returns its total.
    fn record(&self, params: &[f64], ws: &Workspace, out: &mut [f64], base_total: Option<f64>) -> f64 {
        let (corners, people) = self.plan.tally(params, ws);
        let total = sum::total(corners);
        out[0] = total;
        out[1..4].copy_from_slice(&corners);
        out[4] = base_total.map_or(0.0, |b| total - b);
        out[5] = ws.total.released;
        out[6] = ws.total.reinvested;
        out[7] = ws.total.new_money;
        out[8] = people;
        out[9] = f64::from(u8::from(total - self.envelope > 0.005));
        total
    }

    /// Checks a run's size before anything is allocated (see [`driver::check_options`]).
    ///
    /// # Errors
    /// As [`driver::check_options`], on the field `iterations`.
    pub fn check_options(&self, options: &MonteCarloOptions) -> Result<()> {
        driver::check_options(self, options)
    }

    /// Runs the model on the one chunked driver ([`driver::run`]): the same bits for any
    /// number of threads, and as a run in parts ([`Model::bins`], [`Model::run_chunks`],
    /// [`Model::merge`]) elsewhere. `progress(done, total)` may stop it by returning `false`.
    ///
    /// # Errors
    /// As [`driver::run`].
    pub fn run(
        &self,
        options: &MonteCarloOptions,
        progress: &mut dyn FnMut(u64, u64) -> bool,
    ) -> Result<MonteCarloResult> {
        driver::run(self, options, progress).map(|r| self.result(r))
    }

    /// The histogram bins of a run with these options ([`driver::bins`]).
    ///
    /// # Errors
    /// As [`Model::run`].
    pub fn bins(&self, options: &MonteCarloOptions) -> Result<Bins> {
        driver::bins(self, options)
    }

    /// Runs chunks `range` of the run ([`driver::run_chunks`]).
    ///
    /// # Errors
    /// As [`driver::run_chunks`].
    pub fn run_chunks(
        &self,
        options: &MonteCarloOptions,
        bins: &Bins,
        range: Range<u64>,
        progress: &mut dyn FnMut(u64, u64) -> bool,
    ) -> Result<Partial> {
        driver::run_chunks(self, options, bins, range, progress)
    }

    /// Merges the parts of a run into the result one [`Model::run`] gives, bit for bit.
    ///
    /// # Errors
    /// As [`driver::merge`].
    pub fn merge(&self, bins: &Bins, parts: Vec<Partial>) -> Result<MonteCarloResult> {
        driver::merge(self, bins, parts).map(|r| self.result(r))
    }

    fn result(&self, r: driver::Run) -> MonteCarloResult {
        MonteCarloResult {
            columns: self.columns(),
            input_names: self.inputs.iter().map(|i| i.name.clone()).collect(),
            samples: r.samples,
            inputs: r.inputs,
            summaries: r.summaries,
            iterations: r.iterations,
        }
    }

    /// Draws and evaluates chunk `k`: its inputs and outputs, row-major. The parameter vector
    /// and workspace are made once per chunk and reused by every iteration in it.
    fn chunk(&self, sampler: &Sampler, k: u64, n: u64) -> Result<(Vec<f64>, Vec<f64>)> {
        let rows = rows_in_chunk(n, k);
        let dims = self.inputs.len();
        let width = self.width();
        let mut draws = Array2::zeros((rows, dims));
        sampler.fill_chunk(k, draws.view_mut())?;
        let mut params = self.plan.base().to_vec();
        let mut ws = self.plan.workspace();
        let mut outs = vec![0.0; rows * width];
        for (r, (row, out)) in draws.rows().into_iter().zip(outs.chunks_mut(width)).enumerate() {
            for (input, v) in self.inputs.iter().zip(row) {
                params[input.slot] = *v;
            }
            self.evaluate(&params, &mut ws, out).map_err(|e| {
                Error::invalid(
                    format!("iteration {}", k * CHUNK + r as u64),
                    e.to_string(),
                    "a scenario that can be applied at every drawn value",
                )
            })?;
        }
        Ok((draws.into_raw_vec_and_offset().0, outs))
    }
}
