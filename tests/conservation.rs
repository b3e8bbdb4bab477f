//! Conservation of money under random economies and random lever sequences: whatever the
//! levers do, spend after = spend before + new money + reinvested − released, activity never
//! goes below 0, the corner, cluster and condition reports add up to the total, the people
//! the levers add up to the change in people reached, and the baseline is left as it was.
//! The economies hold clusters of practices, conditions, segments and outcomes; the levers
//! reinvest across localities and clusters, by a condition's registers, and draw on earlier
//! levers by name or by index (`conservation_support`).

use std::cell::Cell;

mod conservation_support;

use caretriangle::{ApplyOptions, Dimension, Economy, Error, Lever, LeverRef, Scenario};
use conservation_support::levers::{build_scenario, lever_plan, KINDS};
use conservation_support::{build_economy, config, economy_plan};
use proptest::prelude::*;
use proptest::test_runner::{TestCaseError, TestRunner};

/// Tolerance of the ledger: half a penny, as the crate's own envelope checks.
const PENNY: f64 = 0.005;

/// What an applied scenario exercised of the newer parts: a reinvestment by a condition's
/// registers, one spreading money over clusters of a locality, one drawing on a lever by name.
fn exercised(economy: &Economy, scenario: &Scenario) -> [bool; 3] {
    let mut out = [false; 3];
    for lever in scenario.levers() {
        if let Lever::Reinvest {
            into,
            condition,
            from_levers,
            ..
        } = lever
        {
            out[0] |= condition.is_some() && into.len() > 1;
            let localities: Vec<Option<&str>> = into
                .iter()
                .filter_map(|s| economy.service(s).ok())
                .filter(|s| s.cluster().is_some())
                .map(caretriangle::Service::locality)
                .collect();
            out[1] |= (1..localities.len()).any(|k| localities[..k].contains(&localities[k]));
            out[2] |= from_levers.iter().any(|r| matches!(r, LeverRef::Name(_)));
        }
    }
    out
}

#[test]
fn money_is_conserved_under_random_levers() {
    let mut runner = TestRunner::new(config(4096, "tests/fuzz_corpus/regressions/conservation.txt"));
    let cases = runner.config().cases;
    let applied = Cell::new(0u32);
    // Applied scenarios that used each lever kind, so that the test shows it exercised all ten;
    // and those that reinvested by a condition, across clusters, from a lever by name.
    let kinds_applied: [Cell<u32>; 10] = Default::default();
    let parts_applied: [Cell<u32>; 3] = Default::default();
    let strategy = (
        economy_plan(),
        proptest::collection::vec(lever_plan(), 0..7),
        any::<bool>(),
        any::<bool>(),
    );
    let result = runner.run(&strategy, |(plan, levers, strict, by_name)| {
        let economy = build_economy(&plan);
        let before = economy.clone();
        let Some(scenario) = build_scenario(&economy, &levers, by_name) else {
            return Ok(());
        };
        let result = economy.apply(&scenario, ApplyOptions { strict });
        prop_assert_eq!(&economy, &before, "apply changed the economy");
        let c = match result {
            Ok(c) => c,
            Err(Error::OverEnvelope { over, .. }) => {
                prop_assert!(strict, "OverEnvelope without strict");
                // The same scenario without strict is reported as over by the same amount.
                let c = economy.apply(&scenario, ApplyOptions::default()).unwrap();
                prop_assert!((c.over_envelope() - over).abs() <= 1e-9);
                prop_assert!(c.over_envelope() > 0.0);
                c
            }
            // Refusals a random sequence can earn: money into a service priced at 0, a
            // reinvestment basis the services' localities, clusters or conditions do not support.
            Err(e @ Error::InvalidValue { .. }) => {
                let field = e.field().unwrap_or_default();
                prop_assert!(field.starts_with("levers["), "unexpected refusal: {}", e);
                return Ok(());
            }
            Err(e) => return Err(TestCaseError::fail(format!("unexpected error: {e:?}"))),
        };
        applied.set(applied.get() + 1);
        for l in &levers {
            let k = &kinds_applied[l.kind()];
            k.set(k.get() + 1);
        }
        for (n, used) in parts_applied.iter().zip(exercised(&economy, &scenario)) {
            n.set(n.get() + u32::from(used));
        }

        let ledger = c.new_money() + c.reinvested() - c.released();
        prop_assert!(
            (c.total_after() - c.total_before() - ledger).abs() <= PENNY,
            "after {} − before {} != new {} + reinvested {} − released {}",
            c.total_after(),
            c.total_before(),
            c.new_money(),
            c.reinvested(),
            c.released()
        );
        for (i, a) in c.activity_after().iter().enumerate() {
            prop_assert!(a.is_finite() && *a >= 0.0, "activity of s{} is {}", i, a);
        }
        // Every pound sits in exactly one corner, one cluster (or none) and one condition (or
        // combination of conditions): each report's Total row is the economy's total.
        for dim in [Dimension::Corner, Dimension::Cluster, Dimension::Condition] {
            let by = c.by(dim).with_total();
            let (after, base) = (by.get("Total", "scenario"), by.get("Total", "baseline"));
            prop_assert!(
                (after.unwrap() - c.total_after()).abs() <= PENNY,
                "{:?}: {:?}",
                dim,
                after
            );
            prop_assert!(
                (base.unwrap() - c.total_before()).abs() <= PENNY,
                "{:?}: {:?}",
                dim,
                base
            );
        }
        // People: the change in people reached is the sum of what each lever added (each lever's
        // figure is the change it made, so they telescope), and every service with units per
        // person is in one cluster row, so the by-cluster Total counts everyone reached.
        let summary = c.summary();
        let lever_people: f64 = c.lever_table().numbers("extra_people").unwrap().iter().flatten().sum();
        let by_cluster = c.by(Dimension::Cluster).with_total();
        if let (Some(b), Some(a)) = (
            summary.get("people_before", "amount"),
            summary.get("people_after", "amount"),
        ) {
            let scale = 1.0 + a.abs() + b.abs();
            prop_assert!(
                ((a - b) - lever_people).abs() <= 1e-9 * scale,
                "people after {} − before {} != Σ levers' extra people {}",
                a,
                b,
                lever_people
            );
            let total = by_cluster.get("Total", "people_after").unwrap();
            prop_assert!((total - a).abs() <= 1e-9 * scale, "by cluster {} != {}", total, a);
        } else {
            prop_assert!(
                lever_people.abs() <= 1e-9,
                "people added {} where none are counted",
                lever_people
            );
        }
        prop_assert!(c.reinvested() <= c.released() + PENNY * c.levers().len() as f64);
        prop_assert_eq!(c.baseline(), &before);
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    eprintln!(
        "applied {} of {cases}; by lever kind: {:?}; by condition, across clusters, by name: {:?}",
        applied.get(),
        kinds_applied.iter().map(Cell::get).collect::<Vec<_>>(),
        parts_applied.iter().map(Cell::get).collect::<Vec<_>>()
    );
    // Most random sequences must apply, or the properties above say little.
    assert!(
        applied.get() >= cases / 2,
        "only {} of {cases} scenarios applied",
        applied.get()
    );
    for (kind, n) in KINDS.iter().zip(&kinds_applied) {
        assert!(n.get() >= cases / 20, "only {} applied scenarios used {kind}", n.get());
    }
    for (part, n) in ["by condition", "across clusters", "by name"]
        .iter()
        .zip(&parts_applied)
    {
        assert!(
            n.get() >= cases / 100,
            "only {} applied scenarios reinvested {part}",
            n.get()
        );
    }
}
