//! Scenario sweeps: many scenarios applied to one economy in parallel, gathered into one long
//! ("tidy") table, one row per scenario, dimension and key, in the order the scenarios were
//! given whatever the number of threads.

use rayon::prelude::*;

use crate::apply::ApplyOptions;
use crate::comparison::Comparison;
use crate::economy::{Dimension, Economy};
use crate::error::{Error, Result};
use crate::report::Table;
use crate::scenario::Scenario;

/// Options of [`sweep`].
#[derive(Debug, Clone, PartialEq)]
pub struct SweepOptions {
    /// The dimensions to report each scenario along (the total is always reported).
    pub dimensions: Vec<Dimension>,
    /// Worker threads; all cores when `None`. The table does not depend on it.
    pub threads: Option<usize>,
    /// How each scenario is applied.
    pub apply: ApplyOptions,
    /// λ, £ a unit gained, of the `net_benefit_{outcome}` columns (each outcome's value when
    /// `None`; an outcome with neither has its gain only).
    pub threshold: Option<f64>,
}

impl Default for SweepOptions {
    fn default() -> Self {
        SweepOptions {
            dimensions: vec![Dimension::Corner, Dimension::Locality],
            threads: None,
            apply: ApplyOptions::default(),
            threshold: None,
        }
    }
}

/// Scenarios applied between two calls of `progress`: a sweep of thousands stops soon after
/// Ctrl-C.
const BATCH: usize = 256;

/// Checks that no two scenarios of a sweep share a name: its table is keyed by the name, so two
/// rows of one name would be two scenarios nobody could tell apart.
///
/// # Errors
/// The second of two scenarios with one name, naming both positions.
pub fn check_names(scenarios: &[Scenario]) -> Result<()> {
    let mut seen = std::collections::HashMap::with_capacity(scenarios.len());
    for (j, s) in scenarios.iter().enumerate() {
        if let Some(i) = seen.insert(s.name(), j) {
            return Err(Error::DuplicateId {
                field: crate::error::Location::key("scenarios").at(j).then("name"),
                kind: "scenario",
                id: s.name().to_string(),
                hint: format!(
                    " (also scenarios[{i}]); give each scenario of a sweep its own name, \
                     for example from its parameters"
                ),
            });
        }
    }
    Ok(())
}

/// Applies every scenario to `economy` on a pool of `options.threads`; the comparisons come
/// back in the scenarios' order. `progress(done, total)` is called after each batch of
/// scenarios; returning `false` stops the sweep with [`Error::Interrupted`].
///
/// # Errors
/// Two scenarios with one name ([`check_names`]); the first scenario (in the given order) that
/// cannot be applied, with its own error; a pool that cannot be made; an interruption.
pub fn apply_all(
    economy: &Economy,
    scenarios: &[Scenario],
    options: &SweepOptions,
    progress: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<Vec<Comparison>> {
    check_names(scenarios)?;
    let pool = crate::montecarlo::thread_pool(options.threads)?;
    let mut out = Vec::with_capacity(scenarios.len());
    for batch in scenarios.chunks(BATCH) {
        let done: Vec<Result<Comparison>> =
            pool.install(|| batch.par_iter().map(|s| economy.apply(s, options.apply)).collect());
        for c in done {
            out.push(c?);
        }
        if !progress(out.len() as u64, scenarios.len() as u64) {
            return Err(Error::Interrupted);
        }
    }
    Ok(out)
}

/// Every scenario applied to `economy`, as one long table: key column `scenario` (its name),
/// then `run` (its position in `scenarios`, from 0), `dimension` (`total`, then each of
/// `options.dimensions`), `key` (`total`, a corner, a locality …), and `baseline`, `after` and
/// `change` in £; then, where the economy counts outcomes, each one's `{id}_gain` in the row's
/// group and `net_benefit_{id}` = λ·gain − change at `options.threshold` (or its value).
///
/// # Errors
/// As [`apply_all`]; a negative threshold.
///
/// # Examples
///
/// ```
/// use caretriangle::examples::north_of_tyne;
/// use caretriangle::sweep::{sweep, SweepOptions};
/// let programme = north_of_tyne()?;
/// let (econ, scenarios) = (programme.economy(), programme.scenarios());
/// let t = sweep(econ, scenarios, &SweepOptions::default(), &mut |_, _| true)?;
/// // One total row, three corners and the localities, for each scenario.
/// assert_eq!(t.keys()[0], scenarios[0].name());
/// # Ok::<(), caretriangle::Error>(())
/// ```
pub fn sweep(
    economy: &Economy,
    scenarios: &[Scenario],
    options: &SweepOptions,
    progress: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<Table> {
    if let Some(t) = options.threshold {
        crate::param::Range::NonNegative.check("threshold", t)?;
    }
    let comparisons = apply_all(economy, scenarios, options, progress)?;
    let mut rows = Vec::new();
    let mut names = Vec::new();
    let mut run = Vec::new();
    let mut dimension = Vec::new();
    let mut key = Vec::new();
    let (mut baseline, mut after, mut change) = (Vec::new(), Vec::new(), Vec::new());
    for (i, c) in comparisons.iter().enumerate() {
        let mut row = |dim: &str, k: String, b: f64, a: f64, ch: f64| {
            names.push(c.scenario().to_string());
            run.push(Some(i as f64));
            dimension.push(dim.to_string());
            key.push(k);
            baseline.push(b);
            after.push(a);
            change.push(ch);
        };
        row("total", "total".into(), c.total_before(), c.total_after(), c.change());
        rows.push((i, None, "total".to_string()));
        for dim in &options.dimensions {
            let t = c.by(*dim);
            let col = |name: &str| t.numbers(name).unwrap_or(&[]).to_vec();
            let (b, a, ch) = (col("baseline"), col("scenario"), col("change"));
            for (r, k) in t.keys().iter().enumerate() {
                let at = |v: &[Option<f64>]| v.get(r).copied().flatten().unwrap_or(f64::NAN);
                row(dim.id(), k.clone(), at(&b), at(&a), at(&ch));
                rows.push((i, Some(*dim), k.clone()));
            }
        }
    }
    let t = Table::keyed("scenario", names)
        .figure("run", run)
        .text("dimension", dimension)
        .text("key", key)
        .sum("baseline", baseline)
        .sum("after", after)
        .sum("change", change.clone());
    Ok(crate::outcomes::sweep::with_outcomes(
        t,
        &comparisons,
        &rows,
        &change,
        options.threshold,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples::north_of_tyne;
    use crate::scenario::ScenarioSpec;

    #[test]
    fn rows_follow_the_scenarios_order_on_any_number_of_threads() {
        let programme = north_of_tyne().unwrap();
        let econ = programme.economy();
        // The same scenarios three times over, so a pool could finish them out of order.
        let scenarios = copies(programme.scenarios(), 3 * programme.scenarios().len());
        let one = sweep(
            econ,
            &scenarios,
            &SweepOptions {
                threads: Some(1),
                ..SweepOptions::default()
            },
            &mut |_, _| true,
        )
        .unwrap();
        let two = sweep(
            econ,
            &scenarios,
            &SweepOptions {
                threads: Some(2),
                ..SweepOptions::default()
            },
            &mut |_, _| true,
        )
        .unwrap();
        assert_eq!(one, two);
        // Each scenario's total row agrees with applying it alone.
        let first = econ.apply(&scenarios[0], ApplyOptions::default()).unwrap();
        assert_eq!(one.numbers("change").unwrap()[0], Some(first.change()));
        assert_eq!(one.keys()[0], scenarios[0].name());
        // "skill mix" moves 40% of 6,000 dietitian hours (2,400 h) to health trainers, hour for
        // hour: clinical spend falls by 2,400 × £21.25 = £51,000 and the total by
        // 2,400 × (£21.25 − £11.45) = £23,520 (the file's figures, at their means).
        let row = |dim: &str, key: &str| {
            (0..one.len())
                .find(|&r| {
                    one.keys()[r] == "skill mix #0" && text(&one, "dimension")[r] == dim && text(&one, "key")[r] == key
                })
                .and_then(|r| one.numbers("change").unwrap()[r])
                .unwrap()
        };
        assert!((row("corner", "clinical") + 51_000.0).abs() < 1e-6);
        assert!((row("total", "total") + 23_520.0).abs() < 1e-6);
    }

    #[test]
    fn a_sweep_reports_progress_by_batch_and_stops_when_asked() {
        let programme = north_of_tyne().unwrap();
        let econ = programme.economy();
        // 600 scenarios: batches of 256, 256 and 88.
        let scenarios = copies(programme.scenarios(), 600);
        let mut calls = Vec::new();
        let options = SweepOptions::default();
        apply_all(econ, &scenarios, &options, &mut |done, total| {
            calls.push((done, total));
            true
        })
        .unwrap();
        assert_eq!(calls, vec![(256, 600), (512, 600), (600, 600)]);
        let stopped = sweep(econ, &scenarios, &options, &mut |done, _| done < 256);
        assert_eq!(stopped.unwrap_err(), Error::Interrupted);
    }

    /// `n` scenarios, the given ones over and over, each named with its round (`skill mix #0`).
    fn copies(scenarios: &[Scenario], n: usize) -> Vec<Scenario> {
        let k = scenarios.len();
        (0..n)
            .map(|i| {
                let s = &scenarios[i % k];
                let spec = ScenarioSpec {
                    name: format!("{} #{}", s.name(), i / k),
                    ..s.to_spec()
                };
                Scenario::from_spec(spec).unwrap()
            })
            .collect()
    }

    #[test]
    fn two_scenarios_with_one_name_are_refused() {
        let programme = north_of_tyne().unwrap();
        let mut scenarios = copies(programme.scenarios(), 4);
        scenarios.push(scenarios[1].clone());
        let e = sweep(
            programme.economy(),
            &scenarios,
            &SweepOptions::default(),
            &mut |_, _| true,
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "scenarios[4].name: duplicate scenario id `reinvest £1.4m #0` (also scenarios[1]); give each \
             scenario of a sweep its own name, for example from its parameters"
        );
        assert!(check_names(&copies(programme.scenarios(), 600)).is_ok());
    }

    fn text<'a>(t: &'a Table, name: &str) -> &'a [String] {
        t.columns
            .iter()
            .find(|c| c.name == name)
            .and_then(|c| match &c.values {
                crate::report::Values::Text(v) => Some(v.as_slice()),
                crate::report::Values::Number(_) => None,
            })
            .unwrap()
    }
}
