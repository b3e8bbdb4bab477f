//! The shipped example's figures, fixed to the bit before the core was reorganised (issue
//! 11): every kept scenario's tables, every kept budget impact, and seeded Monte Carlo runs
//! of both kinds. A reorganisation must leave each fingerprint as it is; a change that means
//! to move a figure updates it here, saying why in the commit.
//!
//! A fingerprint is FNV-1a (64 bits) of the `{:?}` text of the results; `{:?}` prints every
//! `f64` so that it reads back to the same bits, so one changed bit changes the text. (Writing
//! to a `String` cannot fail.)

use std::fmt::Write as _;

use caretriangle::budget as budget_mc;
use caretriangle::examples::north_of_tyne;
use caretriangle::montecarlo::{Model, MonteCarloOptions, OUTPUTS};
use caretriangle::uncertainty::SamplingPlan;
use caretriangle::{ApplyOptions, BudgetImpact, Dimension, Scenario, Table};

fn fingerprint(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A table's column names and values, each value as `{:?}` prints it: what a report says,
/// apart from how the front ends are told to show it.
fn figures(t: &Table) -> String {
    let mut text = String::new();
    for c in &t.columns {
        let _ = write!(text, "{}={:?};", c.name, c.values);
    }
    text
}

fn options(sampling: SamplingPlan, threads: usize) -> MonteCarloOptions {
    MonteCarloOptions {
        iterations: 10_000,
        seed: 2011,
        sampling,
        threads: Some(threads),
        keep_samples: false,
        correlation: None,
    }
}

#[test]
fn every_kept_scenario_gives_the_same_tables() {
    let programme = north_of_tyne().unwrap();
    let econ = programme.economy();
    let mut text = String::new();
    for scenario in programme.scenarios() {
        let c = econ.apply(scenario, ApplyOptions::default()).unwrap();
        for dim in [
            Dimension::Corner,
            Dimension::Commissioner,
            Dimension::Locality,
            Dimension::Service,
        ] {
            text += &figures(&c.by(dim));
        }
        for t in [c.flows(), c.lever_table(), c.summary()] {
            text += &figures(&t);
        }
        let _ = write!(text, "{:?}", c.warnings());
    }
    assert_eq!(programme.scenarios().len(), 3);
    assert_eq!(fingerprint(&text), GOLDEN_SCENARIOS, "the scenarios' figures changed");
}

#[test]
fn every_kept_budget_impact_gives_the_same_years() {
    let programme = north_of_tyne().unwrap();
    let mut text = String::new();
    for spec in programme.budget_impacts() {
        let bi = BudgetImpact::new(programme.compile(spec).unwrap()).unwrap();
        for t in [bi.summary(), bi.annual(), bi.by_line()] {
            text += &figures(&t);
        }
    }
    assert!(!programme.budget_impacts().is_empty());
    assert_eq!(fingerprint(&text), GOLDEN_BUDGET, "the budget impacts' figures changed");
}

#[test]
fn seeded_monte_carlo_summaries_stay_the_same() {
    let programme = north_of_tyne().unwrap();
    let econ = programme.economy();
    let scenarios: Vec<&Scenario> = programme.scenarios().iter().collect();
    let model = Model::new(econ, &scenarios, vec![]).unwrap();
    let mut text = String::new();
    for sampling in [SamplingPlan::Random, SamplingPlan::LatinHypercube, SamplingPlan::Sobol] {
        let one = model.run(&options(sampling, 1), &mut |_, _| true).unwrap();
        let two = model.run(&options(sampling, 2), &mut |_, _| true).unwrap();
        assert_eq!(one.summaries, two.summaries);
        // The money outputs of every block, as fixed before the example gained outcomes (issue
        // 14): its outcome columns follow them and are left out, so that the fingerprint still
        // says the money did not move.
        let money = model.blocks().len() * OUTPUTS.len();
        assert_eq!(one.columns.len(), money + 7 * model.blocks().len());
        let _ = write!(text, "{:?}{:?}", &one.columns[..money], &one.summaries[..money]);
    }
    assert_eq!(
        fingerprint(&text),
        GOLDEN_MONTE_CARLO,
        "the Monte Carlo summaries changed"
    );
}

#[test]
fn seeded_budget_monte_carlo_stays_the_same() {
    let programme = north_of_tyne().unwrap();
    let mut text = String::new();
    for spec in programme.budget_impacts() {
        let model = programme.compile(spec).unwrap();
        let run = budget_mc::run(&model, &options(SamplingPlan::Random, 2), &mut |_, _| true).unwrap();
        // The money outputs, as fixed before budget impacts counted outcomes (issue 14): the
        // outcome columns (`qalys_gain`, `net_benefit_qalys`, …) follow them and are left out,
        // so that the fingerprint still says the money did not move.
        let money = run
            .columns
            .iter()
            .position(|c| c.ends_with("_gain"))
            .unwrap_or(run.columns.len());
        assert!(
            money < run.columns.len(),
            "the example's budget Monte Carlo counts outcomes"
        );
        let _ = write!(text, "{:?}{:?}", &run.columns[..money], &run.summaries[..money]);
    }
    assert_eq!(
        fingerprint(&text),
        GOLDEN_BUDGET_MONTE_CARLO,
        "the budget Monte Carlo changed"
    );
}

const GOLDEN_SCENARIOS: u64 = 1_459_456_424_040_387_899;
const GOLDEN_BUDGET: u64 = 2_215_499_206_437_358_053;
const GOLDEN_MONTE_CARLO: u64 = 11_129_957_501_013_811_846;
const GOLDEN_BUDGET_MONTE_CARLO: u64 = 12_630_143_818_311_339_280;
