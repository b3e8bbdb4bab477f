//! Fuzzing of scenario application: random levers, with ids that exist and ids that do not,
//! and numbers good and bad (negative, NaN, infinite, huge, shares past 1), built through the
//! lever constructors and through a scenario file's JSON form (where a number can be a
//! distribution), applied to every seed economy and run for a few Monte Carlo iterations.
//! Whatever the levers, the result is a comparison whose money adds up or a typed error;
//! never a panic.
//!
//! `PROPTEST_CASES` sets the number of cases (`make fuzz`); see `tests/fuzz_support`.

mod fuzz_support;

use caretriangle::io::programme_from_str;
use caretriangle::montecarlo::{Model, MonteCarloOptions};
use caretriangle::plan::Plan;
use caretriangle::{Economy, Error, Lever, MoneySource, ReinvestBy, Scenario, ScenarioSpec};
use fuzz_support::{apply_checked, config, seeds, Tally};
use proptest::prelude::*;
use proptest::test_runner::{TestCaseError, TestRunner};
use serde_json::{json, Value};

fn economies() -> Vec<Economy> {
    seeds()
        .iter()
        .filter_map(|s| programme_from_str(&s.text, s.format, &s.name).ok())
        .map(|p| p.economy().clone())
        .collect()
}

/// A number for a lever: mostly sensible for its kind, sometimes at or past an edge.
fn number() -> impl Strategy<Value = f64> {
    prop_oneof![
        6 => 0.0f64..=1.0,
        3 => 0.0f64..3.0,
        2 => 0.0f64..2_000_000.0,
        1 => prop::sample::select(vec![
            -1.0,
            -0.0,
            0.0,
            1.0,
            1.0 + f64::EPSILON,
            1e308,
            f64::MAX,
            f64::MIN_POSITIVE,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ]),
    ]
}

/// A service id: index `i` of the economy's services, or (for `i` past them) one that is not
/// there.
#[derive(Debug, Clone, Copy)]
struct Pick(usize);

fn pick() -> impl Strategy<Value = Pick> {
    prop_oneof![9 => (0..64usize).prop_map(Pick), 1 => Just(Pick(usize::MAX))]
}

fn id(economy: &Economy, p: Pick) -> String {
    let s = economy.services();
    if p.0 == usize::MAX {
        "no_such_service".into()
    } else {
        s[p.0 % s.len()].id().to_string()
    }
}

#[derive(Debug, Clone)]
enum LeverPlan {
    Substitute(Pick, Pick, f64, f64),
    Shift(Pick, Pick, f64),
    Reinvest(f64, Vec<Pick>, u8, Vec<f64>, bool),
    SetUnitCost(Pick, f64),
    ScaleActivity(Pick, f64),
    Productivity(Pick, f64),
}

fn lever_plan() -> impl Strategy<Value = LeverPlan> {
    prop_oneof![
        (pick(), pick(), number(), number()).prop_map(|(a, b, s, r)| LeverPlan::Substitute(a, b, s, r)),
        (pick(), pick(), number()).prop_map(|(a, b, x)| LeverPlan::Shift(a, b, x)),
        (
            number(),
            prop::collection::vec(pick(), 0..4),
            0..4u8,
            prop::collection::vec(number(), 0..4),
            any::<bool>()
        )
            .prop_map(|(x, into, by, w, new)| LeverPlan::Reinvest(x, into, by, w, new)),
        (pick(), number()).prop_map(|(a, x)| LeverPlan::SetUnitCost(a, x)),
        (pick(), number()).prop_map(|(a, x)| LeverPlan::ScaleActivity(a, x)),
        (pick(), number()).prop_map(|(a, x)| LeverPlan::Productivity(a, x)),
    ]
}

/// The lever, or `None` for the constructor's refusal (which must be a typed invalid value or
/// a service named twice).
fn build(economy: &Economy, plan: &LeverPlan) -> Result<Option<Lever>, String> {
    let id = |p: &Pick| id(economy, *p);
    let lever = match plan {
        LeverPlan::Substitute(a, b, s, r) => Lever::substitute(&id(a), &id(b), *s, *r),
        LeverPlan::Shift(a, b, x) => Lever::shift(&id(a), &id(b), *x),
        LeverPlan::Reinvest(x, into, by, weights, new) => {
            let ids: Vec<String> = into.iter().map(id).collect();
            let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
            let by = match by {
                0 => ReinvestBy::Register,
                1 => ReinvestBy::Need,
                2 => ReinvestBy::Equal,
                _ => ReinvestBy::Weights(
                    ids.iter()
                        .filter_map(|s| economy.service(s).ok().and_then(|s| s.locality()))
                        .zip(weights)
                        .map(|(l, w)| (l.to_string(), *w))
                        .collect(),
                ),
            };
            let source = if *new { MoneySource::New } else { MoneySource::Released };
            Lever::reinvest(*x, &refs, by, source)
        }
        LeverPlan::SetUnitCost(a, x) => Lever::set_unit_cost(&id(a), *x),
        LeverPlan::ScaleActivity(a, x) => Lever::scale_activity(&id(a), *x),
        LeverPlan::Productivity(a, x) => Lever::productivity(&id(a), *x),
    };
    match lever {
        Ok(l) => Ok(Some(l)),
        Err(Error::InvalidValue { .. } | Error::DuplicateId { .. }) => Ok(None),
        Err(other) => Err(format!("a lever constructor gave {other:?}")),
    }
}

/// Finishes a run, failing with proptest's report of the shrunk input.
fn finish(result: Result<(), proptest::test_runner::TestError<impl std::fmt::Debug>>) {
    if let Err(e) = result {
        panic!("{e}");
    }
}

#[test]
fn random_levers_never_panic() {
    let economies = economies();
    let tally = Tally::new("random levers");
    let mut runner = TestRunner::new(config(256, "tests/fuzz_corpus/regressions/random_levers.txt"));
    let result = runner.run(
        &(0..economies.len(), prop::collection::vec(lever_plan(), 1..6)),
        |(e, plans)| {
            let economy = &economies[e];
            let mut scenario = Scenario::new("fuzz").unwrap();
            for plan in &plans {
                if let Some(lever) = build(economy, plan).map_err(TestCaseError::fail)? {
                    scenario = scenario.with(lever);
                } else {
                    tally.count(false);
                    return Ok(());
                }
            }
            let applied = apply_checked(economy, &scenario).map_err(TestCaseError::fail)?;
            tally.count(applied);
            Ok(())
        },
    );
    finish(result);
}

/// A lever as a scenario file writes it; numbers may be distributions, ids anything.
fn lever_json() -> impl Strategy<Value = Value> {
    let value = prop_oneof![
        4 => number().prop_map(|x| json!(if x.is_finite() { x } else { f64::MAX.copysign(x) })),
        1 => (prop::sample::select(vec!["beta", "gamma", "pert", "uniform", "normal", "discrete"]),
            -1.0f64..2.0, 0.0f64..1.0, 0.0f64..3.0)
            .prop_map(|(d, a, b, c)| match d {
                "beta" => json!({"dist": d, "mean": a, "sd": b}),
                "gamma" | "normal" => json!({"dist": d, "mean": a.abs() * 10.0, "sd": b}),
                "pert" => json!({"dist": d, "low": a, "mode": b, "high": c}),
                "uniform" => json!({"dist": d, "low": a, "high": c}),
                _ => json!({"dist": d, "values": [a, b, c]}),
            }),
        1 => prop::sample::select(vec![json!(null), json!("0.4"), json!([]), json!(-1)]),
    ];
    let id = prop::sample::select(vec![
        "specialist_dietitian",
        "health_trainer",
        "diabetes_outpatients",
        "care_planning_north_tyneside",
        "social_prescribing_northumberland",
        "dietitian",
        "gp_care_planning",
        "health_trainer_north",
        "peer_support",
        "",
        "nobody",
    ]);
    (
        prop::sample::select(vec![
            "substitute",
            "shift",
            "reinvest",
            "set_unit_cost",
            "scale_activity",
            "productivity",
            "teleport",
            "reinvest_released",
            "commission",
        ]),
        id.clone(),
        id.clone(),
        value.clone(),
        value,
        prop::collection::vec(id, 0..3),
        prop::sample::select(vec!["register", "need", "equal", "nobody"]),
        any::<bool>(),
        prop::collection::vec(0..5usize, 0..3),
    )
        .prop_map(|(kind, a, b, x, y, into, by, new, from)| match kind {
            "substitute" if new => json!({"lever": kind, "from": a, "to": b, "share": x, "per": "person"}),
            "substitute" => json!({"lever": kind, "from": a, "to": b, "share": x, "ratio": y}),
            "shift" => json!({"lever": kind, "from": a, "to": b, "amount": x}),
            "reinvest" => json!({"lever": kind, "amount": x, "into": into, "by": by,
                "source": if new { "new" } else { "released" }}),
            "set_unit_cost" => json!({"lever": kind, "service": a, "unit_cost": x}),
            "scale_activity" => json!({"lever": kind, "service": a, "factor": x}),
            "productivity" => json!({"lever": kind, "service": a, "gain": x}),
            // All that was released, or a share of it, from all earlier levers or some (an
            // index may be this lever's or a later one's, which is refused).
            "reinvest_released" if new => json!({"lever": "reinvest", "amount": "released", "into": into,
                "by": by, "from_levers": from}),
            "reinvest_released" => json!({"lever": "reinvest", "share_of_released": x, "into": into, "by": by,
                "from_levers": from}),
            "commission" if new => json!({"lever": kind, "service": a, "people": x, "source": "new"}),
            "commission" => json!({"lever": kind, "service": a, "units": x}),
            _ => json!({"lever": kind, "service": a}),
        })
}

/// Scenarios from file text, including uncertain levers: checked against the economy,
/// applied (at the distributions' means), and run for a few Monte Carlo iterations.
#[test]
fn scenario_files_never_panic() {
    let economies = economies();
    let tally = Tally::new("scenario files");
    let mut runner = TestRunner::new(config(128, "tests/fuzz_corpus/regressions/scenario_files.txt"));
    let result = runner.run(
        &(
            0..economies.len(),
            prop::collection::vec(lever_json(), 1..5),
            any::<u64>(),
        ),
        |(e, levers, seed)| {
            let economy = &economies[e];
            let text = json!({"name": "fuzz", "levers": levers}).to_string();
            let Ok(spec) = serde_json::from_str::<ScenarioSpec>(&text) else {
                tally.count(false);
                return Ok(());
            };
            let scenario = match Scenario::from_spec(spec) {
                Ok(s) => s,
                Err(Error::InvalidValue { .. } | Error::DuplicateId { .. }) => {
                    tally.count(false);
                    return Ok(());
                }
                Err(other) => return Err(TestCaseError::fail(format!("from_spec gave {other:?}"))),
            };
            // Compiling is the one check of a scenario against an economy.
            let checked = Plan::compile(economy, &[&scenario]).map(|_| ());
            let applied = apply_checked(economy, &scenario).map_err(TestCaseError::fail)?;
            prop_assert!(
                checked.is_ok() || !applied,
                "compiling refused {text} but apply took it"
            );
            tally.count(applied);
            if checked.is_err() {
                return Ok(());
            }
            let model = match Model::new(economy, &[&scenario], Vec::new()) {
                Ok(m) => m,
                Err(Error::InvalidValue { .. } | Error::UnknownId { .. } | Error::Insufficient { .. }) => return Ok(()),
                Err(other) => return Err(TestCaseError::fail(format!("Model::new gave {other:?}"))),
            };
            let options = MonteCarloOptions {
                iterations: 50,
                seed,
                threads: Some(1),
                ..MonteCarloOptions::default()
            };
            match model.run(&options, &mut |_, _| true) {
                Ok(r) => {
                    let s = r.samples.expect("samples were kept");
                    prop_assert_eq!(s.nrows(), 50);
                    prop_assert!(s.iter().all(|x| x.is_finite()), "a sample is not finite: {}", text);
                    // The run evaluates its chunks lever by lever over all rows; each row must be
                    // the same bits as evaluating that row's draws on its own.
                    let inputs = r.inputs.expect("inputs were kept");
                    let (mut params, mut ws) = (model.plan().base().to_vec(), model.plan().workspace());
                    let mut out = vec![0.0; model.width()];
                    for (row, draws) in s.rows().into_iter().zip(inputs.rows()) {
                        model.params_with(draws.as_slice().expect("rows are contiguous"), &mut params);
                        model
                            .evaluate(&params, &mut ws, &mut out)
                            .map_err(|e| TestCaseError::fail(e.to_string()))?;
                        let same = row.iter().zip(&out).all(|(a, b)| a.to_bits() == b.to_bits());
                        prop_assert!(same, "a row differs from its own evaluation: {}", text);
                    }
                }
                Err(Error::InvalidValue { field, .. }) => {
                    prop_assert!(field.starts_with("iteration "), "{}", field);
                }
                Err(other) => return Err(TestCaseError::fail(format!("run gave {other:?}"))),
            }
            Ok(())
        },
    );
    finish(result);
}
