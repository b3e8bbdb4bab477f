//! The one chunked driver of every Monte Carlo run.
//!
//! A model says how to draw and evaluate one chunk into a worker's buffers ([`Chunked`]); the
//! economy's [`super::Model`] and a budget impact's [`crate::BudgetModel`] both do. The driver
//! does the rest the same way for both: the checks before anything is allocated, the
//! histogram bins from chunk 0, chunks on a pool in batches between progress calls (so Ctrl-C
//! is answered within about a second), each chunk's moments folded in chunk order, and runs
//! in parts ([`Partial`]) that merge into the bits of one local run, whatever the threads,
//! chunks or Dask workers. Correlation is the sampler's, so it works alike for both.

use std::ops::Range;
use std::sync::{Mutex, PoisonError};

use ndarray::Array2;
use rayon::prelude::*;

use super::partial::{merge_parts, Bins, Partial};
use super::summary::{Histogram, Moments, Summary};
use super::{sample_memory_limit, thread_pool, MonteCarloOptions, MAX_ITERATIONS};
use crate::error::{Error, Result};
use crate::uncertainty::{chunks, Distribution, Sampler, SamplerOptions, CHUNK};

/// A model the driver can run: uncertain inputs in, output columns out, a chunk at a time.
pub trait Chunked: Sync {
    /// A worker thread's buffers, made once per thread and reused for every chunk it runs.
    type Buffers: Send;

    /// The uncertain inputs' distributions, in the column order of the draws.
    fn distributions(&self) -> Vec<Distribution>;
    /// The number of uncertain inputs.
    fn dims(&self) -> usize;
    /// The number of output columns.
    fn width(&self) -> usize;
    /// Buffers for one chunk of [`CHUNK`] rows.
    fn buffers(&self) -> Self::Buffers;
    /// Draws and evaluates chunk `k` of a run of `n` iterations into `b`; returns its rows.
    ///
    /// # Errors
    /// A row whose values the model cannot evaluate, named with its iteration.
    fn evaluate_chunk(&self, sampler: &Sampler, k: u64, n: u64, b: &mut Self::Buffers) -> Result<usize>;
    /// The chunk's draws, row-major (`dims` a row).
    fn draws(b: &Self::Buffers) -> &[f64];
    /// The chunk's outputs column by column (`rows` values a column).
    fn outputs(b: &Self::Buffers) -> &[f64];
}

/// A run's figures: one summary per output column, and the rows of outputs and inputs when
/// samples were kept.
#[derive(Debug, Clone)]
pub struct Run {
    /// One summary per output column, folded in chunk order.
    pub summaries: Vec<Summary>,
    /// One row per iteration, one column per output (when kept).
    pub samples: Option<Array2<f64>>,
    /// One row per iteration, one column per uncertain input (when kept).
    pub inputs: Option<Array2<f64>>,
    /// Iterations run.
    pub iterations: u64,
}

/// Checks a run's size before anything is allocated: at least 1 and at most
/// [`MAX_ITERATIONS`] iterations, and with `keep_samples` no more samples than
/// [`sample_memory_limit`] bytes hold (the message suggests `keep_samples=False`).
///
/// # Errors
/// As above, on the field `iterations`.
pub fn check_options<S: Chunked>(study: &S, options: &MonteCarloOptions) -> Result<()> {
    let n = options.iterations;
    if n == 0 {
        return Err(Error::invalid("iterations", 0, "at least 1"));
    }
    if options.keep_samples {
        let per_row = (study.width() + study.dims()) as u64 * 8;
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

/// Checks the options and makes the run's sampler.
fn sampler<S: Chunked>(study: &S, options: &MonteCarloOptions) -> Result<Sampler> {
    check_options(study, options)?;
    Sampler::new(
        study.distributions(),
        SamplerOptions {
            plan: options.sampling,
            seed: options.seed,
            iterations: options.iterations,
            correlation: options.correlation.clone(),
        },
    )
}

/// Runs the whole of a run here: [`bins`], [`run_chunks`] over every chunk, and [`merge`], so
/// a run in parts elsewhere gives the same bits. `progress(done, total)` is called on the
/// calling thread after each batch of chunks; returning `false` stops the run, which then
/// returns [`Error::Interrupted`] and leaves nothing behind.
///
/// # Errors
/// As [`check_options`]; a correlation matrix of the wrong size; a row the model cannot
/// evaluate (named with its iteration); an interruption.
pub fn run<S: Chunked>(
    study: &S,
    options: &MonteCarloOptions,
    progress: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<Run> {
    let bins = bins(study, options)?;
    let part = run_chunks(study, options, &bins, 0..chunks(options.iterations), progress)?;
    merge(study, &bins, vec![part])
}

/// The histogram bins of a run with these options, from its chunk 0: every part of the run
/// needs the same bins.
///
/// # Errors
/// As [`run`].
pub fn bins<S: Chunked>(study: &S, options: &MonteCarloOptions) -> Result<Bins> {
    let sampler = sampler(study, options)?;
    let mut b = study.buffers();
    let rows = study.evaluate_chunk(&sampler, 0, options.iterations, &mut b)?;
    let ranges = S::outputs(&b)[..rows * study.width()]
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

/// What a chunk gives back: its moments, and its rows of inputs and outputs when kept.
type Chunk = (Vec<Moments>, Vec<f64>, Vec<f64>);

/// A worker thread's buffers, and the histogram counts of the chunks it has run (counts add
/// up in any order, so each thread keeps its own and the part sums them at the end).
struct Worker<B> {
    buffers: B,
    histograms: Vec<Histogram>,
}

/// Runs chunks `range` of the run (`0..chunks(iterations)` is all of it) on a pool of
/// `options.threads`, calling `progress` as [`run`] does.
///
/// # Errors
/// As [`run`]; bins of another run; a range that is empty or goes past the run's last chunk.
pub fn run_chunks<S: Chunked>(
    study: &S,
    options: &MonteCarloOptions,
    bins: &Bins,
    range: Range<u64>,
    progress: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<Partial> {
    let sampler = sampler(study, options)?;
    let n = options.iterations;
    let (width, dims) = (study.width(), study.dims());
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
    // rayon numbers a pool's threads, so each finds its own buffers without contention.
    let workers: Vec<Mutex<Worker<S::Buffers>>> = (0..pool.current_num_threads())
        .map(|_| {
            Mutex::new(Worker {
                buffers: study.buffers(),
                histograms: hists.iter().map(Histogram::empty_like).collect(),
            })
        })
        .collect();
    let keep = options.keep_samples;
    let mut done = range.start;
    while done < range.end {
        let end = (done + batch).min(range.end);
        let parts: Vec<Chunk> = pool.install(|| {
            (done..end)
                .into_par_iter()
                .map(|k| {
                    let t = rayon::current_thread_index().unwrap_or(0) % workers.len();
                    let mut guard = workers[t].lock().unwrap_or_else(PoisonError::into_inner);
                    let w = &mut *guard;
                    let rows = study.evaluate_chunk(&sampler, k, n, &mut w.buffers)?;
                    let outs = &S::outputs(&w.buffers)[..rows * width];
                    let moments = summarise(outs, rows, &mut w.histograms);
                    let (mut rows_out, mut ins) = (Vec::new(), Vec::new());
                    if keep {
                        append_rows(outs, rows, width, &mut rows_out);
                        ins.extend_from_slice(&S::draws(&w.buffers)[..rows * dims]);
                    }
                    Ok((moments, ins, rows_out))
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
    for w in workers {
        let w = w.into_inner().unwrap_or_else(PoisonError::into_inner);
        for (h, counts) in part.histograms.iter_mut().zip(&w.histograms) {
            h.merge(counts);
        }
    }
    Ok(part)
}

/// Merges the parts of a run (in any order; together they must cover every chunk once) into
/// the figures one [`run`] gives, bit for bit.
///
/// # Errors
/// Parts that leave out or repeat a chunk, that belong to another run or model, or that mix
/// kept and unkept samples.
pub fn merge<S: Chunked>(study: &S, bins: &Bins, parts: Vec<Partial>) -> Result<Run> {
    let n = bins.iterations;
    let (width, dims) = (study.width(), study.dims());
    let merged = merge_parts(parts, bins, width, dims)?;
    let shape = |cols: usize, v: Vec<f64>| Array2::from_shape_vec((n as usize, cols), v).ok();
    Ok(Run {
        summaries: merged.summaries,
        samples: merged.samples.and_then(|v| shape(width, v)),
        inputs: merged.inputs.and_then(|v| shape(dims, v)),
        iterations: n,
    })
}

/// The moments of each output column of a chunk (`rows` values a column), its values added
/// to the worker's histograms.
fn summarise(outs: &[f64], rows: usize, histograms: &mut [Histogram]) -> Vec<Moments> {
    histograms
        .iter_mut()
        .zip(outs.chunks_exact(rows))
        .map(|(h, column)| h.add_column(column))
        .collect()
}

/// `rows` rows of `width` columns stored column by column, appended to `out` row by row.
fn append_rows(columns: &[f64], rows: usize, width: usize, out: &mut Vec<f64>) {
    out.reserve(rows * width);
    for r in 0..rows {
        out.extend((0..width).map(|c| columns[c * rows + r]));
    }
}
