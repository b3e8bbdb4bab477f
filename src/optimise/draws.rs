//! Re-optimising per draw: on each of a sample of draws of the economy's uncertain inputs, the
//! optimiser's question is solved again at that draw's figures, and the answers are counted:
//! how often each service grows, shrinks or stays, its mean optimal activity, how often each
//! option is chosen, and the distribution of the optimal objective.
//!
//! The draws are the Monte Carlo run's own (the economy's uncertain inputs through the one
//! [`Sampler`], with the same seed and plan giving the same values as `MonteCarlo`): a draw sets
//! each service's unit cost, activity (or allocation), units a person and outcomes a unit or a
//! person; other uncertain inputs are drawn but the optimiser does not read them. Each draw's
//! answer depends on its index only, and the answers are kept in draw order and summed once at
//! the end, so the numbers are the same bit for bit whatever the threads, the chunk size, or the
//! parts a run is split into on a cluster. A draw whose constraints conflict is counted as
//! infeasible rather than stopping the run.

use std::ops::Range;

use ndarray::Array2;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::economy::{Economy, EconomySpec};
use crate::error::{Error, Result};
use crate::montecarlo::{thread_pool, Model};
use crate::scenario::Scenario;
use crate::uncertainty::{rows_in_chunk, Distribution, Sampler, SamplerOptions, SamplingPlan, UncertainValue, CHUNK};

use super::OptimiseSpec;

/// The most draws a run may have: each is a linear programme solved afresh.
pub const MAX_DRAWS: u64 = 10_000_000;

/// How a run of draws is made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DrawsOptions {
    /// Draws (at least 1, at most [`MAX_DRAWS`]).
    pub draws: u64,
    /// The seed every draw follows from.
    pub seed: u64,
    /// Random, Latin hypercube or Sobol points, as a Monte Carlo run's.
    pub sampling: SamplingPlan,
    /// Draws a chunk: the unit of work a thread or a cluster's task takes.
    pub chunk: u64,
    /// Worker threads; all cores when `None`. The numbers do not depend on it.
    pub threads: Option<usize>,
}

/// Which field of a service an uncertain input sets.
#[derive(Debug, Clone)]
enum Field {
    UnitCost,
    Activity,
    Allocation,
    UnitsPerPerson,
    PerUnit(String),
    PerPerson(String),
}

/// The answers of a range of draws, in draw order: what the parts of a run merge from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DrawsPart {
    /// The first draw's index.
    pub start: u64,
    /// Each draw's optimal objective; NaN where the draw is infeasible.
    pub value: Vec<f64>,
    /// Each draw's activity of each service today and at its optimum (`2 × services` a draw).
    pub activity: Vec<f64>,
    /// Each draw's choice of each option (1 chosen, else 0).
    pub chosen: Vec<u8>,
}

impl DrawsPart {
    /// The part as CBOR bytes, to send back from a cluster's worker (CBOR keeps every float's
    /// bits, the NaN of an infeasible draw too, where JSON would write it as null).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        // Writing to a Vec cannot fail, and every field has a CBOR form.
        let _ = ciborium::into_writer(self, &mut out);
        out
    }
    /// A part from [`DrawsPart::to_bytes`].
    ///
    /// # Errors
    /// Bytes that are not a part.
    pub fn from_bytes(bytes: &[u8]) -> Result<DrawsPart> {
        ciborium::from_reader(bytes).map_err(|e| {
            Error::invalid(
                "parts",
                format!("{} bytes", bytes.len()),
                format!("the bytes of a part of draws ({e})"),
            )
        })
    }
}

/// The optimiser's question with what it needs to be asked again at each draw.
pub struct Redraw<'a> {
    economy: &'a Economy,
    spec: &'a OptimiseSpec,
    options: &'a [Scenario],
    base: EconomySpec,
    fields: Vec<Option<(usize, Field)>>,
    distributions: Vec<Distribution>,
    run: DrawsOptions,
}

/// Checks the run's size and chunk before anything is drawn.
///
/// # Errors
/// [`Error::InvalidValue`] on `draws` (0, or more than [`MAX_DRAWS`]) or `chunk` (0).
pub fn check(run: &DrawsOptions) -> Result<()> {
    if !(1..=MAX_DRAWS).contains(&run.draws) {
        return Err(Error::invalid(
            "draws",
            run.draws,
            format!("at least 1 and at most {MAX_DRAWS} (each draw solves the optimisation again)"),
        ));
    }
    if run.chunk == 0 {
        return Err(Error::invalid("chunk", 0, "at least 1 draw a chunk"));
    }
    Ok(())
}

impl<'a> Redraw<'a> {
    /// The question `spec` (with `options`) on `economy`, to be asked at each draw of `run`.
    ///
    /// # Errors
    /// As [`check`]; as [`Model::new`].
    pub fn new(
        economy: &'a Economy,
        spec: &'a OptimiseSpec,
        options: &'a [Scenario],
        run: DrawsOptions,
    ) -> Result<Self> {
        check(&run)?;
        let model = Model::new(economy, &[], Vec::new())?;
        let mut base = economy.to_spec();
        // The services as loaded (uprated to the economy's price year), so that a drawn
        // figure, drawn in that year, is not uprated again.
        base.services = economy
            .services()
            .iter()
            .map(|s| {
                let mut spec = s.spec().clone();
                spec.price_year = None;
                spec
            })
            .collect();
        let fields = model
            .inputs()
            .iter()
            .map(|input| {
                let (service, field) = input.name.split_once('.')?;
                let s = base.services.iter().position(|x| x.id == service)?;
                let field = match field {
                    "unit_cost" => Field::UnitCost,
                    "activity" => Field::Activity,
                    "allocation" => Field::Allocation,
                    "units_per_person" => Field::UnitsPerPerson,
                    f => match f.split_once('.') {
                        Some(("outcomes_per_unit", o)) => Field::PerUnit(o.to_string()),
                        Some(("outcomes_per_person", o)) => Field::PerPerson(o.to_string()),
                        _ => return None,
                    },
                };
                Some((s, field))
            })
            .collect();
        Ok(Redraw {
            economy,
            spec,
            options,
            base,
            fields,
            distributions: model.inputs().iter().map(|i| i.distribution.clone()).collect(),
            run,
        })
    }

    /// The run's options.
    pub fn run(&self) -> &DrawsOptions {
        &self.run
    }

    /// The economy at one draw's values of its uncertain inputs.
    fn economy_at(&self, row: &[f64]) -> Result<Economy> {
        let mut spec = self.base.clone();
        for (field, &x) in self.fields.iter().zip(row) {
            let Some((s, field)) = field else { continue };
            let service = &mut spec.services[*s];
            let v = UncertainValue::Value(x);
            match field {
                Field::UnitCost => service.unit_cost = v,
                Field::Activity => service.activity = Some(v),
                Field::Allocation => service.allocation = Some(v),
                Field::UnitsPerPerson => service.units_per_person = Some(v),
                Field::PerUnit(o) => {
                    service.outcomes_per_unit.insert(o.clone(), v);
                }
                Field::PerPerson(o) => {
                    service.outcomes_per_person.insert(o.clone(), v);
                }
            }
        }
        Economy::new(spec)
    }

    /// The draws `range` (draw indices), from the sampler's chunks that hold them.
    fn draws(&self, sampler: &Sampler, range: &Range<u64>) -> Result<Array2<f64>> {
        let dims = self.distributions.len();
        let mut out = Array2::zeros((usize::try_from(range.end - range.start).unwrap_or(usize::MAX), dims));
        let (mut k, mut buffer, mut held) = (u64::MAX, Array2::zeros((0, dims)), 0);
        for (r, i) in range.clone().enumerate() {
            if i / CHUNK != k {
                k = i / CHUNK;
                held = rows_in_chunk(self.run.draws, k);
                buffer = Array2::zeros((held, dims));
                sampler.fill_chunk(k, buffer.view_mut())?;
            }
            let at = usize::try_from(i % CHUNK).unwrap_or(held);
            out.row_mut(r).assign(&buffer.row(at));
        }
        Ok(out)
    }

    /// The sampler of the run: the Monte Carlo run's, for the same seed and plan.
    fn sampler(&self) -> Result<Sampler> {
        Sampler::new(
            self.distributions.clone(),
            SamplerOptions {
                plan: self.run.sampling,
                seed: self.run.seed,
                iterations: self.run.draws,
                correlation: None,
            },
        )
    }

    /// Solves draws `range` one chunk of `run.chunk` draws a task on the run's threads.
    ///
    /// # Errors
    /// A range empty or past the last draw; a draw whose figures make an invalid economy or
    /// an unbounded question (named with its draw); an option that does not apply.
    pub fn part(&self, range: Range<u64>) -> Result<DrawsPart> {
        if range.start >= range.end || range.end > self.run.draws {
            return Err(Error::invalid(
                "draws",
                format!("{}..{}", range.start, range.end),
                format!("a non-empty range within 0..{}", self.run.draws),
            ));
        }
        let sampler = self.sampler()?;
        let chunk = self.run.chunk;
        let tasks: Vec<Range<u64>> = (range.start..range.end)
            .step_by(usize::try_from(chunk).unwrap_or(usize::MAX))
            .map(|a| a..(a + chunk).min(range.end))
            .collect();
        let pool = thread_pool(self.run.threads)?;
        let parts: Vec<Result<DrawsPart>> =
            pool.install(|| tasks.into_par_iter().map(|r| self.solve_chunk(&sampler, r)).collect());
        let mut all = DrawsPart {
            start: range.start,
            value: Vec::new(),
            activity: Vec::new(),
            chosen: Vec::new(),
        };
        for p in parts {
            let p = p?;
            all.value.extend(p.value);
            all.activity.extend(p.activity);
            all.chosen.extend(p.chosen);
        }
        Ok(all)
    }

    fn solve_chunk(&self, sampler: &Sampler, range: Range<u64>) -> Result<DrawsPart> {
        let draws = self.draws(sampler, &range)?;
        let services = self.economy.services().len();
        let mut part = DrawsPart {
            start: range.start,
            value: Vec::with_capacity(draws.nrows()),
            activity: Vec::with_capacity(draws.nrows() * 2 * services),
            chosen: Vec::with_capacity(draws.nrows() * self.options.len()),
        };
        for (i, row) in range.zip(draws.rows()) {
            let named =
                |e: Error| e.within(crate::error::Location::key("draw").at(usize::try_from(i).unwrap_or(usize::MAX)));
            let economy = self
                .economy_at(row.as_slice().unwrap_or(&row.to_vec()))
                .map_err(named)?;
            match economy.optimise(self.spec, self.options) {
                Ok(opt) => {
                    part.value.push(opt.value);
                    part.activity.extend(opt.before.iter().chain(&opt.after));
                    part.chosen.extend(opt.options.iter().map(|(_, c)| u8::from(*c)));
                }
                Err(Error::Infeasible { .. }) => {
                    part.value.push(f64::NAN);
                    part.activity.extend(std::iter::repeat_n(f64::NAN, 2 * services));
                    part.chosen.extend(std::iter::repeat_n(0, self.options.len()));
                }
                Err(e) => return Err(named(e)),
            }
        }
        Ok(part)
    }

    /// The whole run here: every draw, then [`Redraw::merge`].
    ///
    /// # Errors
    /// As [`Redraw::part`].
    pub fn solve(&self) -> Result<super::OptimumDraws> {
        let part = self.part(0..self.run.draws)?;
        self.merge(vec![part])
    }

    /// The run's answer from its parts (in any order), the same bits as [`Redraw::solve`].
    ///
    /// # Errors
    /// Parts that overlap, leave a gap, or are of another run.
    pub fn merge(&self, mut parts: Vec<DrawsPart>) -> Result<super::OptimumDraws> {
        parts.sort_by_key(|p| p.start);
        let services = self.economy.services().len();
        let mut next = 0;
        let (mut value, mut activity, mut chosen) = (Vec::new(), Vec::new(), Vec::new());
        for p in parts {
            let n = p.value.len();
            if p.start != next || p.activity.len() != n * 2 * services || p.chosen.len() != n * self.options.len() {
                return Err(Error::invalid(
                    "parts",
                    format!("a part from draw {}", p.start),
                    format!("parts of this run, each starting where the one before ends (at draw {next})"),
                ));
            }
            next += n as u64;
            value.extend(p.value);
            activity.extend(p.activity);
            chosen.extend(p.chosen);
        }
        if next != self.run.draws {
            return Err(Error::invalid(
                "parts",
                format!("parts ending at draw {next}"),
                format!("parts covering all {} draws", self.run.draws),
            ));
        }
        Ok(super::draws_summary::summarise(
            self.economy,
            self.options,
            self.spec,
            &value,
            &activity,
            &chosen,
        ))
    }
}
