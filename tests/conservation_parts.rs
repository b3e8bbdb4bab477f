//! Properties of the newer parts of an economy on random economies and lever sequences
//! (`conservation_support`): naming a lever changes nothing a reinvestment draws from it,
//! outcomes never move money, and reinvestment by need across the clusters of a locality
//! splits the money by register × need weight.

mod conservation_support;

use std::cell::Cell;

use caretriangle::{ApplyOptions, Comparison, Corner, Economy, Error, Lever, MoneySource, ReinvestBy, Scenario};
use conservation_support::levers::{build_scenario, lever_plan};
use conservation_support::parts::{self, ClusterPlan};
use conservation_support::{build_economy, config, economy_plan, economy_spec, EconomyPlan};
use proptest::prelude::*;
use proptest::test_runner::{TestCaseError, TestRunner};

const PENNY: f64 = 0.005;

/// Every money figure of a comparison, as bits: each service's spend, activity and unit cost
/// after, each lever's released, reinvested, new money, moved and people, and the flows.
fn money_bits(c: &Comparison) -> Vec<u64> {
    let mut out: Vec<u64> = [c.spend_after(), c.activity_after(), c.unit_cost_after()]
        .concat()
        .iter()
        .map(|x| x.to_bits())
        .collect();
    for l in c.levers() {
        out.extend([l.released, l.reinvested, l.new_money, l.moved, l.people].map(f64::to_bits));
    }
    for (a, b) in Corner::ALL.iter().flat_map(|a| Corner::ALL.map(|b| (*a, b))) {
        out.push(c.flow(a, b).to_bits());
    }
    out.extend([c.total_before(), c.total_after()].map(f64::to_bits));
    out
}

/// Applies `scenario`: the comparison, `None` for a refusal a random sequence can earn (the
/// same kinds `conservation.rs` accepts), a test failure for any other error.
fn applied(economy: &Economy, scenario: &Scenario) -> Result<Option<Comparison>, TestCaseError> {
    match economy.apply(scenario, ApplyOptions::default()) {
        Ok(c) => Ok(Some(c)),
        Err(e @ Error::InvalidValue { .. }) if e.field().unwrap_or_default().starts_with("levers[") => Ok(None),
        Err(e) => Err(TestCaseError::fail(format!("unexpected error: {e:?}"))),
    }
}

/// A lever drawing on earlier levers by name draws on exactly what it would by their indices:
/// names are resolved to indices once, when the scenario is compiled, so every figure is the
/// same to the bit.
#[test]
fn from_levers_by_name_equals_by_index() {
    let mut runner = TestRunner::new(config(512, "tests/fuzz_corpus/regressions/conservation_parts.txt"));
    let cases = runner.config().cases;
    let named = Cell::new(0u32);
    let strategy = (economy_plan(), proptest::collection::vec(lever_plan(), 1..7));
    let result = runner.run(&strategy, |(plan, levers)| {
        let economy = build_economy(&plan);
        let (Some(by_name), Some(by_index)) = (
            build_scenario(&economy, &levers, true),
            build_scenario(&economy, &levers, false),
        ) else {
            return Ok(());
        };
        let (a, b) = (applied(&economy, &by_name)?, applied(&economy, &by_index)?);
        prop_assert_eq!(a.is_some(), b.is_some(), "one applied, the other did not");
        if let (Some(a), Some(b)) = (a, b) {
            prop_assert_eq!(money_bits(&a), money_bits(&b));
            if by_name.levers() != by_index.levers() {
                named.set(named.get() + 1);
            }
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    eprintln!("{} of {cases} applied scenarios drew on levers by name", named.get());
    assert!(named.get() >= cases / 40, "only {} drew on levers by name", named.get());
}

/// Outcomes are counted from activity, never fed back into it: the same economy and levers
/// with every outcome left out give the same money, to the bit.
#[test]
fn outcomes_never_move_money() {
    let mut runner = TestRunner::new(config(512, "tests/fuzz_corpus/regressions/conservation_parts.txt"));
    let strategy = (economy_plan(), proptest::collection::vec(lever_plan(), 0..7));
    let result = runner.run(&strategy, |(mut plan, levers)| {
        if plan.outcomes.is_empty() {
            plan.outcomes = vec![false, true];
        }
        let economy = build_economy(&plan);
        let mut spec = economy_spec(&plan);
        spec.outcomes.clear();
        for s in &mut spec.services {
            s.outcomes_per_unit.clear();
            s.outcomes_per_person.clear();
            s.counts_as = None;
        }
        let without = Economy::new(spec).unwrap();
        prop_assert_eq!(economy.total_spend().to_bits(), without.total_spend().to_bits());
        let Some(scenario) = build_scenario(&economy, &levers, true) else {
            return Ok(());
        };
        let (a, b) = (applied(&economy, &scenario)?, applied(&without, &scenario)?);
        prop_assert_eq!(a.is_some(), b.is_some(), "one applied, the other did not");
        if let (Some(a), Some(b)) = (a, b) {
            prop_assert_eq!(money_bits(&a), money_bits(&b));
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

/// Locality `pick` with two clusters or more, each with a register (new ones 500, 1,000: with
/// a need weight of their own), and a care planning service in each whole locality and each
/// cluster.
fn with_clusters(plan: &mut EconomyPlan, pick: usize) -> usize {
    let new = |k: usize| ClusterPlan {
        register: Some(500.0 * (k + 1) as f64),
        need_weight: Some(1.5),
    };
    let some = |k: usize, r: Option<f64>| Some(r.unwrap_or(100.0 * (k + 1) as f64));
    parts::with_clusters(plan, pick, new, some)
}

/// Reinvesting by need across the clusters of a locality (and, beside them, other whole
/// localities) gives each service amount × register × need weight / Σ register × need weight,
/// a cluster's need weight being its own or, without one, its locality's; by a condition's
/// registers across whole localities, the condition's register in each locality × the
/// locality's need weight. That is the rule of `by = "need"` (docs/file-format.md,
/// *reinvest*), worked out here from the plan, not from the library: each part to 1e-9 of
/// the amount (or of the service's spend, whose rounding the part carries, where larger). The
/// parts add up to the amount, which is all of it reinvested.
#[test]
fn need_reinvestment_across_clusters_splits_by_register_times_need() {
    let mut runner = TestRunner::new(config(512, "tests/fuzz_corpus/regressions/conservation_parts.txt"));
    let cases = runner.config().cases;
    let split = Cell::new(0u32);
    let strategy = (
        economy_plan(),
        any::<usize>(),
        0..3usize,
        proptest::option::of(100.0f64..500_000.0),
        (0..8usize, 0.01f64..=1.0),
    );
    let result = runner.run(&strategy, |(mut plan, pick, mode, new_money, (from, gain))| {
        let l = with_clusters(&mut plan, pick);
        // Mode 2: by condition `c0`, with a register in every locality.
        if mode == 2 && plan.conditions.is_empty() {
            plan.conditions.push(conservation_support::parts::ConditionPlan {
                registers: vec![None; 4],
            });
        }
        for (m, r) in plan
            .conditions
            .iter_mut()
            .flat_map(|c| c.registers.iter_mut().enumerate())
        {
            r.get_or_insert(1000.0 * (m + 1) as f64);
        }
        let economy = build_economy(&plan);
        let need = |given: Option<f64>| given.unwrap_or(1.0);
        let locality = &plan.localities[l];
        // (service, register × need weight): each cluster of `l`, then the other localities;
        // or each whole locality by the condition's register.
        let mut weights: Vec<(String, f64)> = if mode == 2 {
            let registers = &plan.conditions[0].registers;
            let whole = plan.localities.iter().enumerate();
            whole
                .map(|(m, o)| (format!("p{m}"), registers[m].unwrap() * need(o.need_weight)))
                .collect()
        } else {
            let clusters = locality.clusters.iter().enumerate();
            clusters
                .map(|(c, k)| {
                    let w = k.register.unwrap() * k.need_weight.unwrap_or(need(locality.need_weight));
                    (format!("p{l}_{c}"), w)
                })
                .collect()
        };
        if mode == 1 {
            for (m, o) in plan.localities.iter().enumerate().filter(|(m, _)| *m != l) {
                weights.push((format!("p{m}"), o.register * need(o.need_weight)));
            }
        }
        let into: Vec<&str> = weights.iter().map(|(s, _)| s.as_str()).collect();
        let by = |lever: Lever| {
            if mode == 2 {
                lever.by_condition("c0").unwrap()
            } else {
                lever
            }
        };
        // New money, or all that a productivity gain on a service released.
        let scenario = if let Some(m) = new_money {
            Scenario::new("split").unwrap().with(by(
                Lever::reinvest(m, &into, ReinvestBy::Need, MoneySource::New).unwrap()
            ))
        } else {
            let s = economy.services()[from % plan.services.len()].id().to_string();
            Scenario::new("split")
                .unwrap()
                .with(Lever::productivity(&s, gain).unwrap())
                .with(by(Lever::reinvest_released(None, &[], &into, ReinvestBy::Need).unwrap()))
        };
        let total: f64 = weights.iter().map(|(_, w)| w).sum();
        let c = match economy.apply(&scenario, ApplyOptions::default()) {
            Ok(c) => c,
            // Weights adding up to 0 are refused; so is money into a service priced at 0,
            // which no care planning service is.
            Err(e @ Error::InvalidValue { .. }) => {
                prop_assert!(total == 0.0, "refused with weights adding up to {}: {}", total, e);
                return Ok(());
            }
            Err(e) => return Err(TestCaseError::fail(format!("unexpected error: {e:?}"))),
        };
        let amount = new_money.unwrap_or_else(|| c.released());
        if new_money.is_none() {
            prop_assert!((c.reinvested() - c.released()).abs() <= PENNY);
        }
        let mut parts = 0.0;
        for (id, w) in &weights {
            let i = economy.services().iter().position(|s| s.id() == id).unwrap();
            let part = c.spend_after()[i] - economy.services()[i].spend();
            let expected = amount * w / total;
            prop_assert!(
                (part - expected).abs() <= 1e-9 * amount.max(economy.services()[i].spend()),
                "{} took {} of {}, not {} (weight {} of {})",
                id,
                part,
                amount,
                expected,
                w,
                total
            );
            parts += part;
        }
        prop_assert!((parts - amount).abs() <= PENNY, "parts {} != amount {}", parts, amount);
        split.set(split.get() + 1);
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    eprintln!("{} of {cases} reinvestments split", split.get());
    assert!(split.get() >= cases / 2, "only {} of {cases} split", split.get());
}
