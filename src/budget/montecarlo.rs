//! Monte Carlo runs of a budget impact: the distribution of the cumulative impact and the
//! probability of paying back within the horizon.
//!
//! The same machinery as [`crate::montecarlo::Model`]: the inputs are the uncertain slots of
//! the compiled budget model (the economy's distributions, then the budget impact's own);
//! iterations run in chunks of [`CHUNK`], each drawn from its own stream of the seed, and the
//! chunks' summaries merge in chunk order, so the result is the same bit for bit for any
//! number of threads.

use ndarray::Array2;
use rayon::prelude::*;

use super::impact::Totals;
use super::model::BudgetModel;
use crate::error::{Error, Result};
use crate::montecarlo::{column_ranges, thread_pool, Histogram, MonteCarloOptions, Summary, MAX_SAMPLE_BYTES};
use crate::uncertainty::{chunks, rows_in_chunk, Sampler, SamplerOptions, CHUNK};

/// The outputs recorded before the year-by-year net impacts (`net 2025/26`, …).
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
    /// One row per iteration (when samples were kept).
    pub samples: Option<Array2<f64>>,
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
        .map(|s| s.to_string())
        .chain(model.year_labels().into_iter().map(|y| format!("net {y}")))
        .collect()
}

fn record(model: &BudgetModel, values: &[f64], out: &mut [f64]) {
    let t = Totals::of(model, values);
    let y = t.net.len();
    out[0] = t.cumulative[y - 1];
    out[1] = t.discounted_cumulative[y - 1];
    out[2] = t.cash.iter().sum();
    out[3] = t.capacity.iter().sum();
    out[4] = t.costs.iter().sum();
    // 0 where nothing is spent, so that summaries stay finite.
    out[5] = t.return_per_pound().unwrap_or(0.0);
    out[6] = f64::from(u8::from(Totals::payback(&t.cumulative).is_some()));
    out[BUDGET_OUTPUTS.len()..].copy_from_slice(&t.net);
}

fn chunk(model: &BudgetModel, sampler: &Sampler, k: u64, n: u64, width: usize) -> Result<Vec<f64>> {
    let rows = rows_in_chunk(n, k);
    let inputs = model.uncertain();
    let mut draws = Array2::zeros((rows, inputs.len()));
    sampler.fill_chunk(k, draws.view_mut())?;
    let mut params = model.base().to_vec();
    let mut ws = model.workspace();
    let mut outs = vec![0.0; rows * width];
    for (r, (row, out)) in draws.rows().into_iter().zip(outs.chunks_mut(width)).enumerate() {
        for ((slot, _), v) in inputs.iter().zip(row) {
            params[*slot] = *v;
        }
        model.evaluate(&params, &mut ws).map_err(|e| {
            Error::invalid(
                format!("iteration {}", k * CHUNK + r as u64),
                e.to_string(),
                "a scenario that can be applied at every drawn value",
            )
        })?;
        record(model, &ws.values, out);
    }
    Ok(outs)
}

/// Runs a budget impact under its uncertain inputs. `progress(done, total)` is called after
/// each batch of chunks; returning `false` stops the run with [`Error::Interrupted`].
///
/// # Errors
/// No iterations; samples that would need more than [`MAX_SAMPLE_BYTES`]; a correlation
/// matrix of the wrong size; an interruption.
pub fn run(
    model: &BudgetModel,
    options: &MonteCarloOptions,
    progress: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<BudgetMonteCarloResult> {
    let n = options.iterations;
    if n == 0 {
        return Err(Error::invalid("iterations", 0, "at least 1"));
    }
    let columns = columns(model);
    let width = columns.len();
    if options.keep_samples && n.saturating_mul(width as u64).saturating_mul(8) > MAX_SAMPLE_BYTES {
        return Err(Error::invalid(
            "iterations",
            n,
            format!(
                "at most {} with keep_samples=True; use keep_samples=False",
                MAX_SAMPLE_BYTES / 8 / width as u64
            ),
        ));
    }
    let sampler = Sampler::new(
        model.uncertain().iter().map(|(_, d)| d.clone()).collect(),
        SamplerOptions {
            plan: options.sampling,
            seed: options.seed,
            iterations: n,
            correlation: options.correlation.clone(),
        },
    )?;
    let pool = thread_pool(options.threads)?;
    // Histogram bins from chunk 0, the same for every run with this seed.
    let first = chunk(model, &sampler, 0, n, width)?;
    let hists: Vec<Histogram> = column_ranges(&first, width)
        .into_iter()
        .map(|(lo, hi)| Histogram::spanning(lo, hi))
        .collect();
    let mut summaries: Vec<Summary> = hists.iter().cloned().map(Summary::new).collect();
    let mut samples = options.keep_samples.then(|| vec![0.0; n as usize * width]);
    let total = chunks(n);
    let batch = (pool.current_num_threads() as u64 * 8).max(8);
    let mut done = 0;
    while done < total {
        let end = (done + batch).min(total);
        let parts: Vec<(Vec<Summary>, Vec<f64>)> = pool.install(|| {
            (done..end)
                .into_par_iter()
                .map(|k| {
                    let outs = chunk(model, &sampler, k, n, width)?;
                    Ok((Summary::of_rows(&outs, &hists), outs))
                })
                .collect::<Result<Vec<_>>>()
        })?;
        for (k, (s, outs)) in (done..end).zip(parts) {
            summaries.iter_mut().zip(&s).for_each(|(a, b)| a.merge(b));
            if let Some(buf) = samples.as_mut() {
                let row0 = (k * CHUNK) as usize;
                buf[row0 * width..row0 * width + outs.len()].copy_from_slice(&outs);
            }
        }
        done = end;
        if !progress((done * CHUNK).min(n), n) {
            return Err(Error::Interrupted);
        }
    }
    Ok(BudgetMonteCarloResult {
        columns,
        input_names: model
            .uncertain()
            .iter()
            .map(|(s, _)| model.names()[*s].clone())
            .collect(),
        samples: samples.and_then(|v| Array2::from_shape_vec((n as usize, width), v).ok()),
        summaries,
        iterations: n,
    })
}
