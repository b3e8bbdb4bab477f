//! The exact quantiles against scipy.

use super::*;
use crate::uncertainty::{Distribution, DistributionSpec};

use super::reference::{BETA, GAMMA, P};
use super::reference_normal::{LOGNORMAL, NORMAL, TRUNCATED};

/// Below the smallest normal float scipy's beta returns that float (a floor) and its gamma 0,
/// where the true quantile underflows; either is right when we return a value that small.
const UNDERFLOW: f64 = 2.3e-308;

fn relative(x: f64, reference: f64) -> f64 {
    if reference.abs() < UNDERFLOW {
        if x.abs() < UNDERFLOW {
            0.0
        } else {
            f64::INFINITY
        }
    } else {
        ((x - reference) / reference).abs()
    }
}

/// The worst relative error of `f` over `P` against `refs`, failing above 1e-10.
fn check(label: &str, refs: &[f64; 13], f: impl Fn(f64) -> f64) -> f64 {
    let mut worst = 0.0f64;
    for (p, r) in P.iter().zip(refs) {
        let x = f(*p);
        let e = relative(x, *r);
        assert!(
            e <= 1e-10,
            "{label} at p = {p}: {x:e} against scipy's {r:e} (relative error {e:e})"
        );
        worst = worst.max(e);
    }
    println!("{label}: worst relative error {worst:.2e}");
    worst
}

fn dist(spec: DistributionSpec) -> Distribution {
    Distribution::from_spec(spec, "x").unwrap()
}

#[test]
fn gamma_quantiles_match_scipy() {
    for (a, refs) in GAMMA {
        check(&format!("gamma({a})"), &refs, |p| gamma_quantile(a, p));
    }
    // Through the distribution, with a scale.
    let d = dist(DistributionSpec::Gamma {
        shape: Some(7.3),
        scale: Some(3.5),
        mean: None,
        sd: None,
    });
    let scaled = GAMMA[6].1.map(|x| 3.5 * x);
    check("gamma(7.3) × 3.5", &scaled, |p| d.quantile(p));
}

#[test]
fn beta_and_pert_quantiles_match_scipy() {
    for (a, b, refs) in BETA {
        check(&format!("beta({a}, {b})"), &refs, |p| beta_quantile(a, b, p));
    }
    // PERT(10, 12, 20) is 10 + 10 beta(1.8, 4.2).
    let d = dist(DistributionSpec::Pert {
        low: 10.0,
        mode: 12.0,
        high: 20.0,
    });
    check("pert(10, 12, 20)", &BETA[6].2.map(|x| 10.0 + 10.0 * x), |p| {
        d.quantile(p)
    });
}

#[test]
fn normal_quantiles_match_scipy() {
    for (mean, sd, refs) in NORMAL {
        let d = dist(DistributionSpec::Normal { mean, sd });
        check(&format!("normal({mean}, {sd})"), &refs, |p| d.quantile(p));
    }
    for (meanlog, sdlog, refs) in LOGNORMAL {
        let d = dist(DistributionSpec::Lognormal {
            meanlog: Some(meanlog),
            sdlog: Some(sdlog),
            mean: None,
            sd: None,
        });
        check(&format!("lognormal({meanlog}, {sdlog})"), &refs, |p| d.quantile(p));
    }
}

#[test]
fn truncated_normal_quantiles_are_exact() {
    for (mean, sd, low, high, refs) in TRUNCATED {
        let d = dist(DistributionSpec::TruncatedNormal {
            mean,
            sd,
            low: low.is_finite().then_some(low),
            high: high.is_finite().then_some(high),
        });
        check(&format!("truncated_normal({mean}, {sd}, {low}, {high})"), &refs, |p| {
            d.quantile(p)
        });
    }
}

/// Monotone on a fine grid, through both tails (down to 1e-300, and to within 1e-300 of 1 as
/// far as doubles allow) and across the switch between the bounds at ½; the ends exact; NaN
/// outside [0, 1]. Neighbouring p a few ulp apart may reverse by the rounding of
/// `mean + sd z` (a few ulp of `|x| + |mean|`, seen only next to p = ½): each bound's value
/// comes from its own solve, so the two disagree in the last bits where they meet.
#[test]
fn truncated_normal_quantiles_are_monotone_and_bounded() {
    let mut grid: Vec<f64> = (1..=20_000).map(|i| f64::from(i) / 20_001.0).collect();
    for k in 0..3000 {
        let p = 10f64.powf(-300.0 * f64::from(k) / 3000.0);
        grid.extend([p, 1.0 - p]);
    }
    let mut half = 0.5f64;
    for _ in 0..64 {
        grid.extend([half, 1.0 - half]);
        half = f64::from_bits(half.to_bits() - 1);
    }
    grid.extend([0.0, 1.0]);
    grid.sort_by(f64::total_cmp);
    grid.dedup();
    let mut cases: Vec<(f64, f64, f64, f64)> = TRUNCATED.iter().map(|c| (c.0, c.1, c.2, c.3)).collect();
    cases.extend([
        (0.0, 1.0, -1e6, 1e6),
        (1e6, 1.0, 1e6 - 3.0, f64::INFINITY),
        (0.0, 1.0, 2.0, 2.0 + 1e-9),
    ]);
    for (mean, sd, low, high) in cases {
        let d = dist(DistributionSpec::TruncatedNormal {
            mean,
            sd,
            low: low.is_finite().then_some(low),
            high: high.is_finite().then_some(high),
        });
        let label = format!("truncated_normal({mean}, {sd}, {low}, {high})");
        assert_eq!((d.quantile(0.0), d.quantile(1.0)), (low, high), "{label}");
        for p in [-1e-300, 1.0 + f64::EPSILON, f64::NAN, f64::INFINITY] {
            assert!(d.quantile(p).is_nan(), "{label} at {p}");
        }
        let mut last = f64::NEG_INFINITY;
        for &p in &grid {
            let x = d.quantile(p);
            let slack = 4.0 * f64::EPSILON * (x.abs() + mean.abs());
            assert!(
                x >= last - slack && x >= low && x <= high,
                "{label} at p = {p:e}: {x:e} after {last:e}"
            );
            last = x;
        }
    }
    // No probability is representable beyond about 38.5 sd.
    let far = Distribution::from_spec(
        DistributionSpec::TruncatedNormal {
            mean: 0.0,
            sd: 1.0,
            low: Some(-40.0),
            high: Some(-39.0),
        },
        "x",
    );
    assert!(far.is_err());
}
