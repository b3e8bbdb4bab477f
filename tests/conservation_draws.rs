//! Conservation of money at every Monte Carlo draw: random economies, scenarios whose shares,
//! factors and gains are uncertain (so each draw releases a different sum) and whose released
//! money is reinvested as it is released (all of it, or a share, from all levers or some).
//! At every draw the change in total = new money + reinvested − released, to half a penny, and
//! no draw reinvests more than it released: a reinvestment of what was released cannot stop a
//! run, whatever the draws. Commissions of an uncertain number of units with new money too.

mod conservation_support;

use std::cell::Cell;

use caretriangle::montecarlo::{Model, MonteCarloOptions};
use caretriangle::uncertainty::{Distribution, DistributionSpec, UncertainValue};
use caretriangle::{Economy, Error, Lever, MoneySource, ReinvestBy, Scenario, ScenarioSpec};
use conservation_support::{build_economy, economy_plan};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

const PENNY: f64 = 0.005;

/// A share drawn from a beta with mean `mean` (0.02..0.98) and a spread of up to a fifth of
/// the most a beta with that mean allows.
fn beta(mean: f64, spread: f64) -> UncertainValue {
    let sd = spread * (mean * (1.0 - mean)).sqrt() * 0.2;
    let spec = DistributionSpec::Beta {
        alpha: None,
        beta: None,
        mean: Some(mean),
        sd: Some(sd),
    };
    Distribution::from_spec(spec, "share").unwrap().into()
}

#[derive(Debug, Clone)]
enum Step {
    Substitute(usize, usize, f64, f64),
    Productivity(usize, f64, f64),
    Released(Vec<usize>, usize, Option<(f64, f64)>, Vec<usize>),
    NewMoney(usize, f64),
    Commission(usize, f64),
}

fn step() -> impl Strategy<Value = Step> {
    let mean = 0.02f64..0.98;
    let spread = 0.05f64..1.0;
    prop_oneof![
        (0..8usize, 0..8usize, mean.clone(), spread.clone()).prop_map(|(f, t, m, s)| Step::Substitute(f, t, m, s)),
        (0..8usize, mean.clone(), spread.clone()).prop_map(|(i, m, s)| Step::Productivity(i, m, s)),
        (
            proptest::collection::vec(0..8usize, 1..3),
            0..3usize,
            proptest::option::of((mean, spread)),
            proptest::collection::vec(0..8usize, 0..3),
        )
            .prop_map(|(into, by, share, from)| Step::Released(into, by, share, from)),
        (0..8usize, 0.0f64..50_000.0).prop_map(|(i, x)| Step::NewMoney(i, x)),
        (0..8usize, 1.0f64..500.0).prop_map(|(i, x)| Step::Commission(i, x)),
    ]
}

fn scenario(economy: &Economy, steps: &[Step]) -> Scenario {
    let n = economy.services().len();
    let id = |i: usize| economy.services()[i % n].id().to_string();
    let mut levers = Vec::new();
    for s in steps {
        levers.push(match s {
            Step::Substitute(f, t, m, sp) => {
                let (f, t) = (f % n, if f % n == t % n { (t + 1) % n } else { t % n });
                Lever::Substitute {
                    from: id(f),
                    to: id(t),
                    share: beta(*m, *sp),
                    ratio: 1.0.into(),
                    per: caretriangle::Per::Unit,
                }
            }
            Step::Productivity(i, m, sp) => Lever::Productivity {
                service: id(*i),
                gain: beta(*m, *sp),
            },
            Step::Released(into, by, share, from) => {
                let mut into: Vec<String> = into.iter().map(|i| id(*i)).collect();
                into.sort();
                into.dedup();
                let mut from: Vec<usize> = from
                    .iter()
                    .filter(|_| !levers.is_empty())
                    .map(|j| j % levers.len())
                    .collect();
                from.sort_unstable();
                from.dedup();
                Lever::Reinvest {
                    amount: None,
                    into,
                    by: [ReinvestBy::Register, ReinvestBy::Need, ReinvestBy::Equal][*by].clone(),
                    source: MoneySource::Released,
                    share_of_released: Some(share.map_or(1.0.into(), |(m, sp)| beta(m, sp))),
                    from_levers: from.into_iter().map(Into::into).collect(),
                    condition: None,
                }
            }
            Step::NewMoney(i, x) => Lever::reinvest(*x, &[&id(*i)], ReinvestBy::Equal, MoneySource::New).unwrap(),
            // Units from a triangular around `x`, bought with new money at each draw's unit cost.
            Step::Commission(i, x) => {
                let spec = DistributionSpec::Triangular {
                    low: 0.5 * x,
                    mode: *x,
                    high: 1.5 * x,
                };
                Lever::Commission {
                    service: id(*i),
                    people: None,
                    units: Some(Distribution::from_spec(spec, "units").unwrap().into()),
                    source: MoneySource::New,
                }
            }
        });
    }
    Scenario::from_spec(ScenarioSpec {
        name: "draws".into(),
        description: None,
        levers,
        names: vec![],
    })
    .expect("the steps make valid levers")
}

#[test]
fn money_is_conserved_at_every_draw() {
    let cases = 1024;
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let (ran, draws, reinvesting) = (Cell::new(0u32), Cell::new(0u64), Cell::new(0u32));
    let strategy = (economy_plan(), proptest::collection::vec(step(), 1..6), any::<u64>());
    let result = runner.run(&strategy, |(plan, steps, seed)| {
        let economy = build_economy(&plan);
        let scenario = scenario(&economy, &steps);
        let model = match Model::new(&economy, &[&scenario], vec![]) {
            Ok(m) => m,
            // A reinvestment basis the services' localities do not support.
            Err(e @ Error::InvalidValue { .. }) => {
                prop_assert!(e.field().unwrap_or_default().starts_with("levers["), "{}", e);
                return Ok(());
            }
            Err(e) => return Err(TestCaseError::fail(format!("Model::new gave {e:?}"))),
        };
        let options = MonteCarloOptions {
            iterations: 64,
            seed,
            threads: Some(1),
            keep_samples: true,
            ..MonteCarloOptions::default()
        };
        let r = match model.run(&options, &mut |_, _| true) {
            Ok(r) => r,
            // Money into a service priced at 0, at some draw; never money that is not there.
            Err(e @ Error::InvalidValue { .. }) => {
                prop_assert!(e.field().unwrap_or_default().starts_with("iteration "), "{}", e);
                return Ok(());
            }
            Err(e) => return Err(TestCaseError::fail(format!("run gave {e:?}"))),
        };
        ran.set(ran.get() + 1);
        if steps.iter().any(|s| matches!(s, Step::Released(..))) {
            reinvesting.set(reinvesting.get() + 1);
        }
        let s = r.samples.expect("samples were kept");
        let col = |o: &str| model.column("draws", o).unwrap();
        let (change, released, reinvested, new) = (col("change"), col("released"), col("reinvested"), col("new_money"));
        for row in s.rows() {
            draws.set(draws.get() + 1);
            let ledger = row[new] + row[reinvested] - row[released];
            prop_assert!(
                (row[change] - ledger).abs() <= PENNY,
                "change {} != new {} + reinvested {} − released {}",
                row[change],
                row[new],
                row[reinvested],
                row[released]
            );
            prop_assert!(row[reinvested] <= row[released] + PENNY);
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    eprintln!(
        "ran {} of {cases} ({} reinvesting released money), {} draws",
        ran.get(),
        reinvesting.get(),
        draws.get()
    );
    assert!(ran.get() >= cases / 2, "only {} of {cases} ran", ran.get());
    assert!(reinvesting.get() >= cases / 4);
}
