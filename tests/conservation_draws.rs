//! Conservation of money at every Monte Carlo draw: random economies, scenarios whose shares,
//! factors and gains are uncertain (so each draw releases a different sum) and whose released
//! money is reinvested as it is released (all of it, or a share, from all levers or some).
//! At every draw the change in total = new money + reinvested − released, to half a penny, and
//! no draw reinvests more than it released: a reinvestment of what was released cannot stop a
//! run, whatever the draws. Commissions of an uncertain number of units with new money too.
//! And with uncertain need weights of the clusters of a locality, a reinvestment by need of
//! all the released money across them reinvests, at every draw, exactly what was released.

mod conservation_support;

use std::cell::Cell;

use caretriangle::montecarlo::{Model, MonteCarloOptions};
use caretriangle::uncertainty::{Distribution, DistributionSpec, UncertainValue};
use caretriangle::{Economy, Error, Lever, MoneySource, ReinvestBy, Scenario, ScenarioSpec};
use conservation_support::parts::{self, ClusterPlan};
use conservation_support::{build_economy, config, economy_plan, economy_spec, EconomyPlan};
use proptest::prelude::*;
use proptest::test_runner::{TestCaseError, TestRunner};

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
    let mut runner = TestRunner::new(config(768, "tests/fuzz_corpus/regressions/conservation_draws.txt"));
    let cases = runner.config().cases;
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
        let options = sixty_four_draws(seed);
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

/// Locality `pick` with two clusters or more, each with a register above 0 (registers of 0
/// weigh nothing: the reinvestment would be refused), and a care planning service in each.
fn with_clusters(plan: &mut EconomyPlan, pick: usize) -> usize {
    let new = |_| ClusterPlan {
        register: None,
        need_weight: None,
    };
    let positive = |k: usize, r: Option<f64>| Some(r.filter(|r| *r > 0.0).unwrap_or(100.0 * (k + 1) as f64));
    parts::with_clusters(plan, pick, new, positive)
}

/// A need weight drawn from a uniform (0 to `high`) or a lognormal with mean `high`.
fn need_weight(high: f64, lognormal: bool) -> UncertainValue {
    let spec = if lognormal {
        DistributionSpec::Lognormal {
            meanlog: None,
            sdlog: None,
            mean: Some(high),
            sd: Some(0.4 * high),
        }
    } else {
        DistributionSpec::Uniform { low: 0.0, high }
    };
    Distribution::from_spec(spec, "need_weight").unwrap().into()
}

/// Levers releasing an uncertain sum, then a reinvestment by need of all of it across the
/// clusters of a locality whose need weights are uncertain: each draw spreads its own
/// released money by its own weights, so at every draw reinvested = released (to half a
/// penny) and the change in spend is the new money alone (a substitution into a dearer
/// service brings some). The weights' draws change only the split.
#[test]
fn released_money_is_all_reinvested_across_clusters_of_uncertain_need() {
    let mut runner = TestRunner::new(config(192, "tests/fuzz_corpus/regressions/conservation_draws.txt"));
    let cases = runner.config().cases;
    let (ran, draws) = (Cell::new(0u32), Cell::new(0u64));
    let releasing = prop_oneof![
        (0..8usize, 0..8usize, 0.02f64..0.98, 0.05f64..1.0).prop_map(|(f, t, m, s)| Step::Substitute(f, t, m, s)),
        (0..8usize, 0.02f64..0.98, 0.05f64..1.0).prop_map(|(i, m, s)| Step::Productivity(i, m, s)),
    ];
    let strategy = (
        economy_plan(),
        any::<usize>(),
        proptest::collection::vec((0.1f64..3.0, any::<bool>()), 4),
        proptest::collection::vec(releasing, 1..4),
        any::<u64>(),
    );
    let result = runner.run(&strategy, |(mut plan, pick, weights, steps, seed)| {
        let l = with_clusters(&mut plan, pick);
        let mut spec = economy_spec(&plan);
        let clusters = &mut spec.localities[l].clusters;
        for (c, (high, lognormal)) in clusters.iter_mut().zip(weights.iter().cycle()) {
            c.need_weight = Some(need_weight(*high, *lognormal));
        }
        let into: Vec<String> = (0..clusters.len()).map(|c| format!("p{l}_{c}")).collect();
        let economy = Economy::new(spec).unwrap();
        let mut levers = scenario(&economy, &steps).levers().to_vec();
        let into: Vec<&str> = into.iter().map(String::as_str).collect();
        levers.push(Lever::reinvest_released(None, &[], &into, ReinvestBy::Need).unwrap());
        let scenario = Scenario::from_spec(ScenarioSpec {
            name: "draws".into(),
            description: None,
            levers,
            names: vec![],
        })
        .unwrap();
        let model = Model::new(&economy, &[&scenario], vec![]).unwrap();
        for c in &economy.localities()[l].clusters {
            let name = format!("{}.need_weight", c.id);
            prop_assert!(
                model.inputs().iter().any(|i| i.name == name),
                "{} is not an input",
                name
            );
        }
        let options = sixty_four_draws(seed);
        let r = model
            .run(&options, &mut |_, _| true)
            .map_err(|e| TestCaseError::fail(format!("run gave {e:?}")))?;
        ran.set(ran.get() + 1);
        let s = r.samples.expect("samples were kept");
        let col = |o: &str| model.column("draws", o).unwrap();
        let (change, released, reinvested, new) = (col("change"), col("released"), col("reinvested"), col("new_money"));
        for row in s.rows() {
            draws.set(draws.get() + 1);
            prop_assert!(
                (row[reinvested] - row[released]).abs() <= PENNY,
                "reinvested {} != released {}",
                row[reinvested],
                row[released]
            );
            prop_assert!(
                (row[change] - row[new]).abs() <= PENNY,
                "change {} != new {}",
                row[change],
                row[new]
            );
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    eprintln!("ran {} of {cases}, {} draws", ran.get(), draws.get());
    assert_eq!(ran.get(), cases);
}

/// 64 draws on one thread, every draw kept: few enough for many cases, each checked draw by draw.
fn sixty_four_draws(seed: u64) -> MonteCarloOptions {
    MonteCarloOptions {
        iterations: 64,
        seed,
        threads: Some(1),
        keep_samples: true,
        ..MonteCarloOptions::default()
    }
}
