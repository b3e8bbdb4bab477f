//! Monte Carlo runs of an economy and its scenarios under uncertain inputs.
//!
//! The economy and scenarios are compiled once into a [`Plan`]; each iteration writes its
//! draws into the uncertain slots of a parameter vector and runs the plan into a reused
//! workspace. Iterations run in chunks of [`CHUNK`], each with its own random stream derived
//! from the seed and the chunk index, on a rayon pool; results are assembled in chunk order,
//! so they are the same bit for bit whatever the number of threads.

mod analysis;
mod chunk;
mod partial;
mod summary;

use std::ops::Range;

use ndarray::Array2;
use rayon::prelude::*;

pub use analysis::{evpi_of, EvpiCriterion};
pub use partial::{Bins, Partial};
pub use summary::{sorted_quantile, Histogram, Moments, Summary, BINS};

use crate::economy::Economy;
use crate::error::{Error, Result};
use crate::plan::{Plan, Slot, Workspace};
use crate::scenario::Scenario;
use crate::sum;
use crate::uncertainty::{
    chunks, rows_in_chunk, CorrelationMatrix, Distribution, Sampler, SamplerOptions, SamplingPlan, CHUNK,
};

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

/// A pool of `threads` worker threads (all cores when `None`), for the runs that take the
/// option.
///
/// # Errors
/// [`Error::InvalidValue`] for 0 or more than [`MAX_THREADS`] threads, or a number the system
/// cannot give.
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

/// The smallest and largest value of each column of `rows` (row-major, `width` a row): the
/// ranges of a run's histogram bins, from its chunk 0.
pub fn column_ranges(rows: &[f64], width: usize) -> Vec<(f64, f64)> {
    let mut ranges = vec![(f64::INFINITY, f64::NEG_INFINITY); width];
    for row in rows.chunks_exact(width) {
        for ((lo, hi), x) in ranges.iter_mut().zip(row) {
            *lo = lo.min(*x);
            *hi = hi.max(*x);
        }
    }
    ranges
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

/// Which values a field accepts, from its slot name.
fn allowed(name: &str) -> (f64, f64, &'static str) {
    if name.ends_with(".share") || name.ends_with(".gain") {
        (0.0, 1.0, "between 0 and 1")
    } else {
        (0.0, f64::INFINITY, ">= 0")
    }
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
                distribution: d.clone(),
                slot: *slot,
            })
            .collect();
        let from_file = inputs.len();
        for (name, distribution) in extra {
            let slot = plan
                .slot(&name)
                .ok_or_else(|| Error::unknown("inputs", "input", &name, plan.names().iter().map(String::as_str)))?;
            let (lo, hi, words) = allowed(&name);
            let (dlo, dhi) = distribution.support();
            if dlo < lo || dhi > hi {
                return Err(Error::invalid(
                    format!("inputs.{name}"),
                    format!("a {} distribution over [{dlo}, {dhi}]", distribution.spec().kind()),
                    format!(
                        "a distribution of values {words} (for money and counts: gamma, lognormal, \
                         or a normal truncated at 0)"
                    ),
                ));
            }
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
        self.blocks.len() * OUTPUTS.len()
    }
    /// `(block, output)` of each column.
    pub fn columns(&self) -> Vec<(String, String)> {
        self.blocks
            .iter()
            .flat_map(|b| OUTPUTS.iter().map(move |o| (b.clone(), o.to_string())))
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
        let o = OUTPUTS
            .iter()
            .position(|x| *x == output)
            .ok_or_else(|| Error::unknown("output", "output", output, OUTPUTS))?;
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
        for k in 0..self.blocks.len() - 1 {
            self.plan.run_after_reset(k, params, ws, false)?;
            let o = (k + 1) * OUTPUTS.len();
            self.record(params, ws, &mut out[o..o + OUTPUTS.len()], Some(base_total));
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

    /// Checks a run's size before anything is allocated: at least 1 and at most
    /// [`MAX_ITERATIONS`] iterations, and with `keep_samples` no more samples than
    /// [`sample_memory_limit`] bytes hold (the message suggests `keep_samples=False`).
    ///
    /// # Errors
    /// As above, on the field `iterations`.
    pub fn check_options(&self, options: &MonteCarloOptions) -> Result<()> {
        let n = options.iterations;
        if n == 0 {
            return Err(Error::invalid("iterations", 0, "at least 1"));
        }
        if options.keep_samples {
            let per_row = (self.width() + self.inputs.len()) as u64 * 8;
            let bytes = n.saturating_mul(per_row);
            let limit = sample_memory_limit();
            if bytes > limit {
                return Err(Error::invalid(
                    "iterations",
                    n,
                    format!(
                        "at most {} with keep_samples=True (this run would keep {:.1} GiB of samples, over the \
                         limit of {:.1} GiB); use keep_samples=False to keep streaming summaries only",
                        limit / per_row,
                        bytes as f64 / (1u64 << 30) as f64,
                        limit as f64 / (1u64 << 30) as f64
                    ),
                ));
            }
        }
        if n > MAX_ITERATIONS {
            return Err(Error::invalid(
                "iterations",
                n,
                format!("at most {MAX_ITERATIONS} (10^12: about a week on one core)"),
            ));
        }
        Ok(())
    }

    /// Runs the model: [`Model::bins`], [`Model::run_chunks`] over every chunk, and
    /// [`Model::merge`], so a run in parts elsewhere gives the same bits.
    ///
    /// `progress(done, total)` is called on the calling thread after each batch of chunks;
    /// returning `false` stops the run, which then returns [`Error::Interrupted`] and leaves
    /// nothing behind.
    ///
    /// # Errors
    /// As [`Model::check_options`]; a correlation matrix of the wrong size; a
    /// lever that fails in an iteration (named with the iteration); an interruption.
    pub fn run(
        &self,
        options: &MonteCarloOptions,
        progress: &mut dyn FnMut(u64, u64) -> bool,
    ) -> Result<MonteCarloResult> {
        let bins = self.bins(options)?;
        let part = self.run_chunks(options, &bins, 0..chunks(options.iterations), progress)?;
        self.merge(&bins, vec![part])
    }

    /// Checks the options and makes the run's sampler.
    fn sampler(&self, options: &MonteCarloOptions) -> Result<Sampler> {
        self.check_options(options)?;
        Sampler::new(
            self.inputs.iter().map(|i| i.distribution.clone()).collect(),
            SamplerOptions {
                plan: options.sampling,
                seed: options.seed,
                iterations: options.iterations,
                correlation: options.correlation.clone(),
            },
        )
    }

    /// The histogram bins of a run with these options, from its chunk 0: every part of the
    /// run needs the same bins.
    ///
    /// # Errors
    /// As [`Model::run`].
    pub fn bins(&self, options: &MonteCarloOptions) -> Result<Bins> {
        let sampler = self.sampler(options)?;
        let mut s = self.scratch(&[]);
        let rows = self.evaluate_chunk(&sampler, 0, options.iterations, &mut s)?;
        let ranges = s.outs[..rows * self.width()]
            .chunks_exact(rows)
            .map(|column| {
                column.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), x| {
                    (lo.min(*x), hi.max(*x))
                })
            })
            .collect();
        Ok(Bins {
            iterations: options.iterations,
            seed: options.seed,
            ranges,
        })
    }

    /// Runs chunks `range` of the run (`0..chunks(iterations)` is all of it) on a pool of
    /// `options.threads`, calling `progress` as [`Model::run`] does.
    ///
    /// # Errors
    /// As [`Model::run`]; bins of another run; a range that is empty or goes past the run's
    /// last chunk.
    pub fn run_chunks(
        &self,
        options: &MonteCarloOptions,
        bins: &Bins,
        range: Range<u64>,
        progress: &mut dyn FnMut(u64, u64) -> bool,
    ) -> Result<Partial> {
        let sampler = self.sampler(options)?;
        let n = options.iterations;
        let width = self.width();
        let dims = self.inputs.len();
        if bins.iterations != n || bins.seed != options.seed || bins.ranges.len() != width {
            return Err(Error::invalid(
                "bins",
                format!("bins of {} iterations, seed {}", bins.iterations, bins.seed),
                format!("the bins of this run ({n} iterations, seed {})", options.seed),
            ));
        }
        let total_chunks = chunks(n);
        if range.start >= range.end || range.end > total_chunks {
            return Err(Error::invalid(
                "chunks",
                format!("{}..{}", range.start, range.end),
                format!("a non-empty range within 0..{total_chunks}"),
            ));
        }
        let pool = thread_pool(options.threads)?;
        let hists: Vec<Histogram> = (0..width).map(|c| bins.histogram(c)).collect();
        let rows = (range.end * CHUNK).min(n) - range.start * CHUNK;
        let mut part = Partial {
            iterations: n,
            chunks: range.clone(),
            width,
            dims,
            moments: if range.start == 0 {
                vec![Moments::EMPTY; width]
            } else {
                Vec::with_capacity((range.end - range.start) as usize * width)
            },
            histograms: hists.clone(),
            samples: options.keep_samples.then(|| Vec::with_capacity(rows as usize * width)),
            inputs: options.keep_samples.then(|| Vec::with_capacity(rows as usize * dims)),
        };
        // Batches of chunks between progress calls: a few per thread, so each batch takes well
        // under a second and an interrupt is answered quickly.
        let batch = (pool.current_num_threads() as u64 * 8).max(8);
        // Each worker thread reuses its own buffers for every chunk it runs (rayon numbers a
        // pool's threads, so each finds its own without contention).
        let scratch: Vec<std::sync::Mutex<chunk::Scratch>> = (0..pool.current_num_threads())
            .map(|_| std::sync::Mutex::new(self.scratch(&hists)))
            .collect();
        let keep = options.keep_samples;
        let mut done = range.start;
        while done < range.end {
            let end = (done + batch).min(range.end);
            type Chunk = (Vec<Moments>, Vec<f64>, Vec<f64>);
            let parts: Vec<Chunk> = pool.install(|| {
                (done..end)
                    .into_par_iter()
                    .map(|k| {
                        let t = rayon::current_thread_index().unwrap_or(0) % scratch.len();
                        let mut s = scratch[t].lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                        let rows = self.evaluate_chunk(&sampler, k, n, &mut s)?;
                        let moments = Self::summarise_chunk(&mut s, rows);
                        let (mut outs, mut ins) = (Vec::new(), Vec::new());
                        if keep {
                            chunk::append_rows(&s.outs, rows, width, &mut outs);
                            ins.extend_from_slice(&s.draws[..rows * dims]);
                        }
                        Ok((moments, ins, outs))
                    })
                    .collect::<Result<Vec<_>>>()
            })?;
            for (moments, ins, outs) in parts {
                part.push_moments(&moments);
                if let Some(buf) = part.samples.as_mut() {
                    buf.extend_from_slice(&outs);
                }
                if let Some(buf) = part.inputs.as_mut() {
                    buf.extend_from_slice(&ins);
                }
            }
            done = end;
            let rows_done = (done * CHUNK).min(n) - range.start * CHUNK;
            if !progress(rows_done, rows) {
                return Err(Error::Interrupted);
            }
        }
        for s in scratch {
            let s = s.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
            for (h, counts) in part.histograms.iter_mut().zip(&s.histograms) {
                h.merge(counts);
            }
        }
        Ok(part)
    }

    /// Merges the parts of a run (in any order; together they must cover every chunk once)
    /// into the result one [`Model::run`] gives, bit for bit.
    ///
    /// # Errors
    /// Parts that leave out or repeat a chunk, that belong to another run or model, or that
    /// mix kept and unkept samples.
    pub fn merge(&self, bins: &Bins, parts: Vec<Partial>) -> Result<MonteCarloResult> {
        let n = bins.iterations;
        let (width, dims) = (self.width(), self.inputs.len());
        let merged = partial::merge_parts(parts, bins, width, dims)?;
        let shape = |cols: usize, v: Vec<f64>| Array2::from_shape_vec((n as usize, cols), v).ok();
        Ok(MonteCarloResult {
            columns: self.columns(),
            input_names: self.inputs.iter().map(|i| i.name.clone()).collect(),
            samples: merged.samples.and_then(|v| shape(width, v)),
            inputs: merged.inputs.and_then(|v| shape(dims, v)),
            summaries: merged.summaries,
            iterations: n,
        })
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
