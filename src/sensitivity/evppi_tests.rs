use super::*;
use crate::sensitivity::voi::{evpi, Criterion};
use ndarray::{array, Array2};
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;
use statrs::distribution::{Continuous, ContinuousCDF, Normal};

/// E[max(0, μ + s·Z)] − max(0, μ) for Z standard normal: s·φ(μ/s) − |μ|·Φ(−|μ|/s).
fn closed_form(mu: f64, s: f64) -> f64 {
    let z = Normal::standard();
    s * z.pdf(mu / s) - mu.abs() * z.cdf(-mu.abs() / s)
}

/// Two options whose incremental net benefit is INB = μ + 3·X₁ + 4·X₂ (X standard normal, so
/// σ = 5): option 0 does nothing (NB 0), option 1 has NB = INB. Returns (net benefit, inputs).
fn two_options(mu: f64, n: usize, seed: u64) -> (Array2<f64>, Array2<f64>) {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let z = Normal::standard();
    let mut nb = Array2::zeros((n, 2));
    let mut x = Array2::zeros((n, 2));
    for i in 0..n {
        let x1: f64 = rand::RngExt::sample(&mut rng, z);
        let x2: f64 = rand::RngExt::sample(&mut rng, z);
        x[[i, 0]] = x1;
        x[[i, 1]] = x2;
        nb[[i, 1]] = mu + 3.0 * x1 + 4.0 * x2;
    }
    (nb, x)
}

#[test]
fn the_closed_forms_quoted_in_the_issue() {
    // The values the value-of-information issue quotes: EVPI = 5φ(μ/5) − |μ|Φ(−|μ|/5), the EVPPI
    // of X₁ the same with 3, of X₂ with 4.
    let round5 = |v: f64| (v * 1e5).round() / 1e5;
    assert_eq!(round5(closed_form(0.0, 5.0)), 1.99471);
    assert_eq!(round5(closed_form(1.0, 5.0)), 1.53447);
    assert_eq!(round5(closed_form(0.0, 3.0)), 1.19683);
    assert_eq!(round5(closed_form(1.0, 3.0)), 0.76271);
    assert_eq!(round5(closed_form(0.0, 4.0)), 1.59577);
    assert_eq!(round5(closed_form(1.0, 4.0)), 1.14538);
}

#[test]
fn both_methods_match_the_closed_forms_within_two_percent() {
    // 2·10^5 draws keep the debug-build test quick; tests/python/test_value.py checks 10^6.
    let n = 200_000;
    let blocks = EvppiMethod::default_blocks(n);
    assert_eq!(blocks, 447);
    for mu in [0.0, 1.0] {
        let (nb, x) = two_options(mu, n, 7);
        let total = evpi(nb.view(), Criterion::MaximiseNetBenefit).unwrap().evpi;
        let within = |got: f64, exact: f64, what: &str| {
            assert!((got / exact - 1.0).abs() < 0.02, "mu {mu}, {what}: {got} vs {exact}");
        };
        within(total, closed_form(mu, 5.0), "EVPI");
        for (j, s) in [(0, 3.0), (1, 4.0)] {
            let one = x.slice(ndarray::s![.., j..=j]);
            let binned = evppi(nb.view(), one, EvppiMethod::Binned { blocks }).unwrap();
            let part = evppi(nb.view(), one, EvppiMethod::Partition { leaf: blocks }).unwrap();
            within(binned, closed_form(mu, s), "binned EVPPI");
            within(part, closed_form(mu, s), "partition EVPPI");
            assert!(binned <= total && part <= total);
        }
        // Both inputs together determine INB: their EVPPI is the EVPI.
        let group = evppi(nb.view(), x.view(), EvppiMethod::Partition { leaf: blocks }).unwrap();
        within(group, closed_form(mu, 5.0), "EVPPI of the group");
        assert!(group <= total);
    }
}

#[test]
fn a_group_is_worth_at_least_each_member() {
    let n = 50_000;
    let leaf = EvppiMethod::default_blocks(n);
    let (nb, x) = two_options(0.5, n, 11);
    let group = evppi(nb.view(), x.view(), EvppiMethod::Partition { leaf }).unwrap();
    for j in 0..2 {
        let one = evppi(
            nb.view(),
            x.slice(ndarray::s![.., j..=j]),
            EvppiMethod::Partition { leaf },
        )
        .unwrap();
        assert!(group >= one, "group {group} < input {j} alone {one}");
    }
}

#[test]
fn an_input_unrelated_to_the_decision_is_worth_nothing_and_one_block_is_zero() {
    // Option 1 is better in every iteration: no information changes the choice.
    let nb = array![[0.0, 1.0], [0.0, 2.0], [0.0, 3.0], [0.0, 4.0]];
    let x = array![[4.0], [3.0], [2.0], [1.0]];
    assert_eq!(
        evppi(nb.view(), x.view(), EvppiMethod::Binned { blocks: 2 }).unwrap(),
        0.0
    );
    // One block is choosing now; one iteration a block is the EVPI of the samples.
    let nb = array![[1.0, 0.0], [0.0, 3.0], [1.0, 0.0], [0.0, 3.0]];
    let x = array![[0.1], [0.9], [0.2], [0.8]];
    assert_eq!(
        evppi(nb.view(), x.view(), EvppiMethod::Binned { blocks: 1 }).unwrap(),
        0.0
    );
    let total = evpi(nb.view(), Criterion::MaximiseNetBenefit).unwrap().evpi;
    assert_eq!(
        evppi(nb.view(), x.view(), EvppiMethod::Binned { blocks: 4 }).unwrap(),
        total
    );
}

#[test]
fn partition_of_one_input_is_the_binned_method() {
    // Eight iterations, leaf 2: median splits give the four blocks of two that binning gives.
    let (nb, x) = two_options(0.3, 8, 3);
    let one = x.slice(ndarray::s![.., 0..1]);
    let binned = evppi(nb.view(), one, EvppiMethod::Binned { blocks: 4 }).unwrap();
    let part = evppi(nb.view(), one, EvppiMethod::Partition { leaf: 2 }).unwrap();
    assert_eq!(binned, part);
}

#[test]
fn the_order_of_the_rows_does_not_matter() {
    let (nb, x) = two_options(0.2, 5_000, 5);
    let reversed_nb = nb.slice(ndarray::s![..;-1, ..]).to_owned();
    let reversed_x = x.slice(ndarray::s![..;-1, ..]).to_owned();
    let method = EvppiMethod::Partition { leaf: 70 };
    let a = evppi(nb.view(), x.view(), method).unwrap();
    let b = evppi(reversed_nb.view(), reversed_x.view(), method).unwrap();
    assert!((a - b).abs() < 1e-12, "{a} vs {b}");
}

#[test]
fn inputs_are_checked() {
    let nb = array![[1.0, 0.0], [0.0, 3.0]];
    let x = array![[0.1], [0.9]];
    let two = array![[0.1, 0.2], [0.9, 0.3]];
    let err = |nb: ArrayView2<'_, f64>, x: ArrayView2<'_, f64>, m| evppi(nb, x, m).unwrap_err().to_string();
    assert_eq!(
        err(nb.view(), two.view(), EvppiMethod::Binned { blocks: 1 }),
        "evppi.inputs must be one input for the binned method (use the partition method for a group), got 2 inputs"
    );
    assert_eq!(
        err(nb.view(), x.view(), EvppiMethod::Binned { blocks: 3 }),
        "evppi.blocks must be between 1 and the number of iterations (2), got 3"
    );
    assert_eq!(
        err(nb.view(), x.view(), EvppiMethod::Partition { leaf: 0 }),
        "evppi.leaf must be at least 1, got 0"
    );
    let short = array![[0.1]];
    assert_eq!(
        err(nb.view(), short.view(), EvppiMethod::Partition { leaf: 1 }),
        "evppi.inputs must be 2 rows (one per iteration of net_benefit) and at least one input, got 1 rows × 1 inputs"
    );
    let nan = array![[0.1], [f64::NAN]];
    assert_eq!(
        err(nb.view(), nan.view(), EvppiMethod::Partition { leaf: 1 }),
        "evppi.inputs[1][0] must be a finite number, got NaN"
    );
}
