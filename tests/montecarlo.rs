//! Monte Carlo runs on the shipped example (its ten uncertain inputs): reproducibility across
//! threads, agreement with the deterministic model, and errors that say what to fix.

use caretriangle::examples::north_of_tyne;
use caretriangle::montecarlo::{EvpiCriterion, Model, MonteCarloOptions, MonteCarloResult};
use caretriangle::sensitivity::SobolOptions;
use caretriangle::uncertainty::{Distribution, DistributionSpec, SamplingPlan};
use caretriangle::{ApplyOptions, Dimension, Error, Scenario};

fn gamma(mean: f64, sd: f64) -> Distribution {
    let spec = DistributionSpec::Gamma {
        shape: None,
        scale: None,
        mean: Some(mean),
        sd: Some(sd),
    };
    Distribution::from_spec(spec, "x").unwrap()
}

fn model() -> Model {
    let programme = north_of_tyne().unwrap();
    let econ = programme.economy();
    let scenarios: Vec<&Scenario> = programme.scenarios().iter().collect();
    Model::new(econ, &scenarios, vec![]).unwrap()
}

fn run(threads: usize, keep: bool, sampling: SamplingPlan) -> MonteCarloResult {
    let options = MonteCarloOptions {
        iterations: 20_000,
        seed: 42,
        sampling,
        threads: Some(threads),
        keep_samples: keep,
        correlation: None,
    };
    model().run(&options, &mut |_, _| true).unwrap()
}

#[test]
fn the_file_gives_ten_uncertain_inputs() {
    let names: Vec<String> = model().inputs().iter().map(|i| i.name.clone()).collect();
    assert_eq!(names.len(), 10, "{names:?}");
    assert!(names.contains(&"specialist_dietitian.unit_cost".to_string()));
    assert!(names.contains(&"skill mix.levers[0].share".to_string()));
    assert!(names.contains(&"newcastle_gateshead.need_weight".to_string()));
}

#[test]
fn same_seed_same_numbers_on_one_two_or_three_threads() {
    // Three threads share 5 chunks unevenly (2, 2, 1): the result must not depend on it.
    for sampling in [SamplingPlan::Random, SamplingPlan::LatinHypercube, SamplingPlan::Sobol] {
        let a = run(1, true, sampling);
        for threads in [2, 3] {
            let b = run(threads, true, sampling);
            assert_eq!(a.samples, b.samples, "{sampling:?} on {threads} threads");
            assert_eq!(a.inputs, b.inputs, "{sampling:?} on {threads} threads");
            assert_eq!(a.summaries, b.summaries, "{sampling:?} on {threads} threads");
        }
        // Streaming summaries are the same whether or not samples are kept.
        assert_eq!(run(2, false, sampling).summaries, a.summaries);
    }
}

#[test]
fn every_row_is_the_same_bits_as_evaluating_it_alone() {
    // A run applies each lever once over all rows of a chunk; row by row, `Model::evaluate`
    // interprets the plan for one parameter vector. The two must agree exactly, on every plan
    // and on a last chunk shorter than the others (20,000 = 4 chunks of 4,096 and one of 3,616).
    let model = model();
    for sampling in [SamplingPlan::Random, SamplingPlan::LatinHypercube, SamplingPlan::Sobol] {
        let r = run(2, true, sampling);
        let (samples, inputs) = (r.samples.unwrap(), r.inputs.unwrap());
        let (mut params, mut ws) = (model.plan().base().to_vec(), model.plan().workspace());
        let mut out = vec![0.0; model.width()];
        for (i, (row, draws)) in samples.rows().into_iter().zip(inputs.rows()).enumerate() {
            model.params_with(draws.as_slice().unwrap(), &mut params);
            model.evaluate(&params, &mut ws, &mut out).unwrap();
            let bits = |xs: &mut dyn Iterator<Item = f64>| xs.map(f64::to_bits).collect::<Vec<_>>();
            assert_eq!(
                bits(&mut row.iter().copied()),
                bits(&mut out.iter().copied()),
                "{sampling:?} row {i}"
            );
        }
    }
}

#[test]
fn the_model_agrees_with_apply_at_base_values() {
    let programme = north_of_tyne().unwrap();
    let econ = programme.economy();
    let m = model();
    let base = m.base_inputs();
    for scenario in programme.scenarios() {
        let res = econ.apply(scenario, ApplyOptions::default()).unwrap();
        let change = m.output_at(&base, m.column(scenario.name(), "change").unwrap());
        assert!((change - res.change()).abs() < 1e-6, "{change} vs {}", res.change());
        let clinical = m.output_at(&base, m.column(scenario.name(), "clinical").unwrap());
        let by = res.by(Dimension::Corner);
        assert!((clinical - by.get("clinical", "scenario").unwrap()).abs() < 1e-6);
    }
}

#[test]
fn skill_mix_mean_is_the_product_of_the_means() {
    // The skill mix changes spend by −share × hours × (dietitian − trainer): the product of
    // independent inputs, so its mean is the product of their means:
    // −0.4 × 6,000 × (21.25 − 11.45) = −£23,520.
    let r = run(2, false, SamplingPlan::LatinHypercube);
    let m = model();
    let s = &r.summaries[m.column("skill mix", "change").unwrap()];
    assert!((s.mean + 23_520.0).abs() < 0.01 * 23_520.0, "{}", s.mean);
    // The trainer's gamma (sd 10%) almost never reaches the dietitian's cost, so the skill
    // mix nearly always saves.
    assert!(s.prob_below_zero() > 0.99, "{}", s.prob_below_zero());
}

#[test]
fn evpi_tornado_threshold_and_sobol_run_on_the_model() {
    let r = run(2, true, SamplingPlan::Random);
    let e = r.evpi(EvpiCriterion::MinimiseCost).unwrap();
    assert!(e.evpi >= 0.0);
    let m = model();
    let change = m.column("skill mix", "change").unwrap();
    let t = m.tornado(change, 0.025, 0.975).unwrap();
    assert_eq!(t.rows.len(), 10);
    // Only the skill mix's own inputs move its change; the widest bar is one of them.
    let widest = &m.inputs()[t.rows[0].input].name;
    assert!(
        widest.starts_with("skill mix") || widest.ends_with("unit_cost"),
        "{widest}"
    );
    // Break-even: the skill mix stops saving when the trainer costs what the dietitian does.
    let be = m.threshold("health_trainer.unit_cost", change, 1.0, 50.0).unwrap();
    assert!((be - 21.25).abs() < 1e-6, "{be}");
    let sobol = m
        .sobol(change, 1 << 10, 1, &SobolOptions::default(), &mut |_, _| true)
        .unwrap();
    // Inputs that do not enter the skill mix have (near) zero total-order indices.
    let i = m
        .inputs()
        .iter()
        .position(|x| x.name == "newcastle_gateshead.need_weight")
        .unwrap();
    assert!(sobol.st[i].abs() < 0.01, "{}", sobol.st[i]);
}

#[test]
fn errors_say_what_to_fix() {
    let programme = north_of_tyne().unwrap();
    let econ = programme.economy();
    let normal = Distribution::from_spec(DistributionSpec::Normal { mean: 21.25, sd: 2.5 }, "x").unwrap();
    let e = Model::new(econ, &[], vec![("structured_education.unit_cost".into(), normal)]).unwrap_err();
    assert!(e.to_string().contains("inputs.structured_education.unit_cost"), "{e}");
    let e = Model::new(
        econ,
        &[],
        vec![("structured_education.unit_cots".into(), gamma(1.0, 0.1))],
    )
    .unwrap_err();
    assert!(
        e.to_string().contains("did you mean `structured_education.unit_cost`"),
        "{e}"
    );
    let m = model();
    let e = m
        .run(
            &MonteCarloOptions {
                iterations: 0,
                ..Default::default()
            },
            &mut |_, _| true,
        )
        .unwrap_err();
    assert!(matches!(e, Error::InvalidValue { .. }));
    let e = m
        .run(
            &MonteCarloOptions {
                iterations: 1 << 40,
                ..Default::default()
            },
            &mut |_, _| true,
        )
        .unwrap_err();
    assert!(e.to_string().contains("keep_samples=False"), "{e}");
    let e = m
        .run(
            &MonteCarloOptions {
                iterations: 100_000,
                ..Default::default()
            },
            &mut |_, _| false,
        )
        .unwrap_err();
    assert_eq!(e, Error::Interrupted);
}

#[test]
fn a_sobol_design_reads_its_quantiles_from_the_tables_within_their_accuracy() {
    // The design's outputs take each input's quantile from its table (1e-10 in u); against
    // the exact quantiles, row by row, they agree to far better than the indices need.
    let m = model();
    let col = m.column("skill mix", "change").unwrap();
    let (n, seed) = (64, 3);
    let fast = m.sobol_outputs(col, n, seed, 0..m.sobol_rows(n)).unwrap();
    let design = caretriangle::sensitivity::saltelli_design(m.inputs().len(), n, seed).unwrap();
    for (row, got) in design.rows().into_iter().zip(&fast) {
        let x: Vec<f64> = row
            .iter()
            .zip(m.inputs())
            .map(|(u, i)| i.distribution.quantile(*u))
            .collect();
        let exact = m.output_at(&x, col);
        assert!(
            (got - exact).abs() <= 1e-6 * exact.abs().max(1.0),
            "{got} against {exact}"
        );
    }
}
