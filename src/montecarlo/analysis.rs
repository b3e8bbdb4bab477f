//! Sensitivity and value of information on a Monte Carlo [`Model`]: tornado, threshold,
//! Sobol indices and EVPI, each run on the compiled plan.

use std::ops::Range;

use ndarray::{Array2, ArrayView2};
use rayon::prelude::*;

use super::{Measure, Model, MonteCarloResult, OUTPUTS};
use crate::error::{Error, Result};
use crate::sensitivity::{
    evpi, saltelli_design, sobol_indices, threshold, tornado, Criterion, Evpi, SobolIndices, SobolOptions, Tornado,
};
use crate::uncertainty::Quantiles;

/// What makes one scenario better than another, for EVPI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EvpiCriterion {
    /// The scenario that spends least.
    MinimiseCost,
    /// The scenario that reaches most people per £.
    MaximisePeoplePerPound,
}

impl Model {
    /// One output (a column, or a [`Measure`] of the outputs) for the uncertain inputs at
    /// `values` (the rest at base); NaN where a lever cannot be applied.
    pub fn output_at(&self, values: &[f64], column: impl Into<Measure>) -> f64 {
        let measure = column.into();
        let mut params = self.plan().base().to_vec();
        self.params_with(values, &mut params);
        let mut ws = self.plan().workspace();
        let mut out = vec![0.0; self.width()];
        match self.evaluate(&params, &mut ws, &mut out) {
            Ok(()) => measure.of(&out),
            Err(_) => f64::NAN,
        }
    }

    /// Each input's base value: what the economy says (for an input given as a
    /// distribution in the file, its mean).
    pub fn base_inputs(&self) -> Vec<f64> {
        self.inputs().iter().map(|i| self.plan().base()[i.slot]).collect()
    }

    /// One-way sensitivity of `column`: each input at its `low` and `high` quantiles (0.025 and
    /// 0.975 for a 95% range) with the others at base.
    ///
    /// # Errors
    /// No inputs; quantiles outside 0..1; an output that is not finite at an end of a range.
    pub fn tornado(&self, column: impl Into<Measure>, low: f64, high: f64) -> Result<Tornado> {
        let measure = column.into();
        if self.inputs().is_empty() {
            return Err(Error::invalid("inputs", "none", "at least one uncertain input"));
        }
        for (f, v) in [("low", low), ("high", high)] {
            crate::param::Range::Share.check(f, v)?;
        }
        let ranges: Vec<(f64, f64)> = self
            .inputs()
            .iter()
            .map(|i| (i.distribution.quantile(low), i.distribution.quantile(high)))
            .collect();
        tornado(&self.base_inputs(), &ranges, |x| self.output_at(x, measure))
    }

    /// The value of input `input` at which `column` crosses 0 (the break-even), searched on
    /// `[lo, hi]` with the other inputs at base.
    ///
    /// # Errors
    /// An unknown input; a range on which the output does not change sign.
    pub fn threshold(&self, input: &str, column: impl Into<Measure>, lo: f64, hi: f64) -> Result<f64> {
        let measure = column.into();
        let i =
            self.inputs().iter().position(|x| x.name == input).ok_or_else(|| {
                Error::unknown("input", "input", input, self.inputs().iter().map(|x| x.name.as_str()))
            })?;
        let base = self.base_inputs();
        threshold(
            |v| {
                let mut x = base.clone();
                x[i] = v;
                self.output_at(&x, measure)
            },
            lo,
            hi,
            1e-9 * (hi - lo).abs().max(1.0),
        )
    }

    /// First- and total-order Sobol indices of `column` from a Saltelli design of `n` base
    /// rows (`n (d + 2)` model runs, in parallel), with bootstrap intervals: the indices of
    /// [`Model::sobol_outputs`] over every row of the design.
    ///
    /// The design is run in blocks of 65,536 rows; `progress(rows done, rows)` is
    /// called after each, and returning `false` stops the analysis with
    /// [`Error::Interrupted`] (at n = 2^20 a run takes minutes, and Ctrl-C must stop it).
    ///
    /// # Errors
    /// No inputs; `n` below 2; an output that is not finite; an interruption.
    pub fn sobol(
        &self,
        column: impl Into<Measure>,
        n: usize,
        seed: u64,
        options: &SobolOptions,
        progress: &mut dyn FnMut(u64, u64) -> bool,
    ) -> Result<SobolIndices> {
        let measure = column.into();
        let design = self.sobol_design(n, seed)?;
        let total = design.nrows();
        let mut outputs = Vec::with_capacity(total);
        for start in (0..total).step_by(SOBOL_BLOCK) {
            let end = (start + SOBOL_BLOCK).min(total);
            outputs.extend(self.design_outputs(&design, measure, start..end));
            if !progress(end as u64, total as u64) {
                return Err(Error::Interrupted);
            }
        }
        sobol_indices(&outputs, self.inputs().len(), options)
    }

    /// Rows of the Saltelli design of `n` base rows: `n (d + 2)`.
    pub fn sobol_rows(&self, n: usize) -> usize {
        n.saturating_mul(self.inputs().len() + 2)
    }

    /// `column` at rows `rows` of the Saltelli design of `n` base rows, in row order: parts of
    /// the design can run apart (on a cluster) and their outputs, laid end to end, give the
    /// same indices as one run.
    ///
    /// # Errors
    /// No inputs; `n` below 2; rows past the end of the design.
    pub fn sobol_outputs(
        &self,
        column: impl Into<Measure>,
        n: usize,
        seed: u64,
        rows: Range<usize>,
    ) -> Result<Vec<f64>> {
        let design = self.sobol_design(n, seed)?;
        if rows.start > rows.end || rows.end > design.nrows() {
            return Err(Error::invalid(
                "rows",
                format!("{}..{}", rows.start, rows.end),
                format!("a range within 0..{}", design.nrows()),
            ));
        }
        Ok(self.design_outputs(&design, column.into(), rows))
    }

    fn sobol_design(&self, n: usize, seed: u64) -> Result<Array2<f64>> {
        let d = self.inputs().len();
        if d == 0 {
            return Err(Error::invalid("inputs", "none", "at least one uncertain input"));
        }
        saltelli_design(d, n, seed)
    }

    /// `column` at rows `rows` (within the design) of a design in probabilities. Each value's
    /// quantile is read from its input's table (1e-10 in `u`, as the LHS and Sobol plans read
    /// theirs), and each thread reuses one parameter vector and workspace for all its rows.
    fn design_outputs(&self, design: &Array2<f64>, measure: Measure, rows: Range<usize>) -> Vec<f64> {
        let quantiles = Quantiles::new(self.inputs().iter().map(|i| i.distribution.clone()).collect());
        let rows: Vec<_> = design.rows().into_iter().skip(rows.start).take(rows.len()).collect();
        rows.par_iter()
            .map_init(
                || {
                    let p = self.plan();
                    (
                        p.base().to_vec(),
                        p.workspace(),
                        vec![0.0; self.width()],
                        vec![0.0; self.inputs().len()],
                    )
                },
                |(params, ws, out, x), u| {
                    for (j, (x, u)) in x.iter_mut().zip(u).enumerate() {
                        *x = quantiles.at(j, *u);
                    }
                    self.params_with(x, params);
                    match self.evaluate(params, ws, out) {
                        Ok(()) => measure.of(out),
                        Err(_) => f64::NAN,
                    }
                },
            )
            .collect()
    }
}

/// Rows of a Saltelli design run between two checks for an interruption: about a tenth of a
/// second of model runs on one core.
const SOBOL_BLOCK: usize = 1 << 16;

impl MonteCarloResult {
    /// EVPI of choosing among the baseline and the scenarios, from kept samples.
    ///
    /// # Errors
    /// A run that kept no samples.
    pub fn evpi(&self, criterion: EvpiCriterion) -> Result<Evpi> {
        let samples = self
            .samples
            .as_ref()
            .ok_or_else(|| Error::invalid("keep_samples", "false", "true: EVPI needs every iteration's outputs"))?;
        // The blocks' spend outputs come first; outcome outputs, if any, follow them.
        let blocks = self.columns.iter().filter(|c| c.1 == "total").count();
        evpi_of(samples.slice(ndarray::s![.., ..blocks * OUTPUTS.len()]), criterion)
    }
}

/// EVPI of choosing among the blocks (baseline and scenarios) of a run's output samples, laid
/// out as [`Model::columns`]: each option's value per iteration is its total spend (least is
/// best) or its people reached per £ (most is best).
///
/// # Errors
/// Samples whose width is not a whole number of blocks; no iterations.
pub fn evpi_of(samples: ArrayView2<'_, f64>, criterion: EvpiCriterion) -> Result<Evpi> {
    let width = samples.ncols();
    if width == 0 || width % OUTPUTS.len() != 0 {
        return Err(Error::invalid(
            "samples",
            format!("{width} columns"),
            "the columns of a Monte Carlo run",
        ));
    }
    let blocks = width / OUTPUTS.len();
    let col = |b: usize, o: &str| b * OUTPUTS.len() + OUTPUTS.iter().position(|x| *x == o).unwrap_or(0);
    let mut nb = Array2::zeros((samples.nrows(), blocks));
    for b in 0..blocks {
        let total = samples.column(col(b, "total"));
        let people = samples.column(col(b, "people_reached"));
        for (r, v) in nb.column_mut(b).iter_mut().enumerate() {
            *v = match criterion {
                EvpiCriterion::MinimiseCost => total[r],
                EvpiCriterion::MaximisePeoplePerPound if total[r] > 0.0 => people[r] / total[r],
                EvpiCriterion::MaximisePeoplePerPound => 0.0,
            };
        }
    }
    let c = match criterion {
        EvpiCriterion::MinimiseCost => Criterion::MinimiseCost,
        EvpiCriterion::MaximisePeoplePerPound => Criterion::MaximiseNetBenefit,
    };
    evpi(nb.view(), c)
}
