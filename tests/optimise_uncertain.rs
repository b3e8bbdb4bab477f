//! The optimal plan through Monte Carlo, worked by hand (tests/data/optimise_uncertain.toml).
//!
//! Education buys 0.04 / 100 = 0.0004 QALYs a £, peer support 0.01 / 50 = 0.0002: education
//! goes to its capacity, 80 people (£8,000), and peer support to its capacity, 20 (£1,000),
//! £9,000 of the £10,000 envelope; 80 × 0.04 + 20 × 0.01 = 3.4 QALYs.
//!
//! Under uncertainty education's unit cost c ~ Uniform(80, 120) (mean 100, the optimiser's
//! figure) and the plan's spend is 80c + 1,000: over the envelope when c > 112.5, so the plan
//! stays within it with probability (112.5 − 80) / 40 = 0.8125. A Latin hypercube puts
//! exactly one of its N draws in each slice of probability 1/N, so the share counted is
//! within 1/N of it.

use caretriangle::io::{programme_from_str, Format};
use caretriangle::montecarlo::MonteCarloOptions;
use caretriangle::optimise::OptimiseSpec;
use caretriangle::uncertainty::SamplingPlan;
use caretriangle::Programme;

const UNCERTAIN: &str = include_str!("data/optimise_uncertain.toml");

fn programme() -> Programme {
    programme_from_str(UNCERTAIN, Format::Toml, "optimise_uncertain.toml").unwrap()
}

fn lhs(iterations: u64, threads: usize) -> MonteCarloOptions {
    MonteCarloOptions {
        iterations,
        seed: 7,
        sampling: SamplingPlan::LatinHypercube,
        threads: Some(threads),
        keep_samples: false,
        correlation: None,
    }
}

#[test]
fn the_plan_stays_within_the_envelope_with_the_probability_worked_by_hand() {
    let p = programme();
    let opt = p.optimise(None).unwrap();
    assert!((opt.value() - 3.4).abs() < 1e-12);
    let (result, risk) = opt.monte_carlo(p.economy(), &lhs(20_000, 2)).unwrap();
    assert_eq!(result.iterations, 20_000);
    assert!(
        (risk.within_envelope - 0.8125).abs() <= 1.0 / 20_000.0,
        "{}",
        risk.within_envelope
    );
    // No outcome a unit is uncertain: 3.4 QALYs in every draw.
    assert!((risk.mean - 3.4).abs() < 1e-12 && (risk.low - 3.4).abs() < 1e-12 && (risk.high - 3.4).abs() < 1e-12);
    assert_eq!(risk.objective, "QALYs gained");
    assert!(
        risk.words()
            .starts_with("The plan stays within the envelope in 81.2% of 20000 draws"),
        "{}",
        risk.words()
    );
}

#[test]
fn net_benefit_under_uncertainty_moves_with_the_unit_cost() {
    // At £20,000 a QALY education nets 0.04 × 20,000 − 100 = £700 a person and peer support
    // 0.01 × 20,000 − 50 = £150: the same plan, with net benefit 20,000 × 3.4 − (80c + 1,000).
    // Mean: 68,000 − 9,000 = 59,000. Its 2.5% quantile is at c's 97.5%, 80 + 0.975 × 40 = 119:
    // 68,000 − 1,000 − 80 × 119 = 57,480; its 97.5% at c's 2.5%, 81: 67,000 − 6,480 = 60,520.
    let p = programme();
    let spec = OptimiseSpec {
        objective: Some("net_benefit".into()),
        ..Default::default()
    };
    let opt = p.economy().optimise(&spec, &[]).unwrap();
    let (_, risk) = opt.monte_carlo(p.economy(), &lhs(20_000, 1)).unwrap();
    // An LHS sample of c has one draw in each slice of width 40 / N = 0.002: its mean is 100
    // to within 0.002 and its quantiles c's to within a slice or two; × 80, under £0.5.
    assert!((risk.mean - 59_000.0).abs() < 0.5, "{}", risk.mean);
    assert!((risk.low - 57_480.0).abs() < 0.5, "{}", risk.low);
    assert!((risk.high - 60_520.0).abs() < 0.5, "{}", risk.high);
}

#[test]
fn the_same_numbers_whatever_the_threads() {
    let p = programme();
    let opt = p.optimise(None).unwrap();
    let (_, one) = opt.monte_carlo(p.economy(), &lhs(9_000, 1)).unwrap();
    let (_, two) = opt.monte_carlo(p.economy(), &lhs(9_000, 2)).unwrap();
    assert_eq!(one, two);
}
