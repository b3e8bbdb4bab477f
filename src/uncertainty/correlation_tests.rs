use ndarray::Array2;

use super::*;
use crate::uncertainty::{stream, Distribution, DistributionSpec};

fn matrix(n: usize, values: &[f64]) -> Result<CorrelationMatrix> {
    CorrelationMatrix::new(n, values.to_vec())
}

fn draws(rows: usize, specs: &[DistributionSpec], seed: u64) -> Array2<f64> {
    let dists: Vec<Distribution> = specs
        .iter()
        .map(|s| Distribution::from_spec(s.clone(), "x").unwrap())
        .collect();
    let mut rng = stream(seed, 0);
    Array2::from_shape_fn((rows, dists.len()), |(_, c)| dists[c].sample(&mut rng))
}

fn sorted(column: ndarray::ArrayView1<f64>) -> Vec<f64> {
    let mut v = column.to_vec();
    v.sort_by(f64::total_cmp);
    v
}

fn specs() -> Vec<DistributionSpec> {
    vec![
        DistributionSpec::Gamma {
            shape: None,
            scale: None,
            mean: Some(21.25),
            sd: Some(2.5),
        },
        DistributionSpec::Normal { mean: 11.45, sd: 1.0 },
        DistributionSpec::Beta {
            alpha: Some(2.0),
            beta: Some(5.0),
            mean: None,
            sd: None,
        },
        DistributionSpec::Uniform { low: 0.0, high: 1.0 },
    ]
}

#[test]
fn induces_the_target_rank_correlation_and_keeps_the_marginals() {
    // Spearman's correlation from 10,000 rows has a standard error of about
    // (1 - rho^2) / sqrt(n) = 0.004 at rho = 0.8, so 0.03 leaves room for the method's own
    // small bias as well as chance.
    let target = matrix(
        4,
        &[
            1.0, 0.8, -0.5, 0.0, //
            0.8, 1.0, -0.3, 0.0, //
            -0.5, -0.3, 1.0, 0.0, //
            0.0, 0.0, 0.0, 1.0,
        ],
    )
    .unwrap();
    let mut x = draws(10_000, &specs(), 1);
    let before: Vec<Vec<f64>> = (0..4).map(|c| sorted(x.column(c))).collect();
    let untouched = x.column(3).to_vec();
    apply_iman_conover(x.view_mut(), &target, &mut stream(1, 1)).unwrap();
    for (c, values) in before.iter().enumerate() {
        assert_eq!(&sorted(x.column(c)), values, "column {c}'s values changed");
    }
    assert_eq!(x.column(3).to_vec(), untouched, "an uncorrelated input was reordered");
    for i in 0..4 {
        for j in 0..i {
            let achieved = spearman(&x.column(i).to_vec(), &x.column(j).to_vec());
            assert!(
                (achieved - target.get(i, j)).abs() < 0.03,
                "({i}, {j}): {achieved} against {}",
                target.get(i, j)
            );
        }
    }
}

#[test]
fn perfect_correlation_is_allowed() {
    let target = matrix(2, &[1.0, 1.0, 1.0, 1.0]).unwrap();
    let mut x = draws(1000, &specs()[..2], 2);
    apply_iman_conover(x.view_mut(), &target, &mut stream(2, 1)).unwrap();
    assert!((spearman(&x.column(0).to_vec(), &x.column(1).to_vec()) - 1.0).abs() < 1e-9);
}

#[test]
fn the_same_stream_gives_the_same_order() {
    let target = matrix(2, &[1.0, 0.6, 0.6, 1.0]).unwrap();
    let mut a = draws(500, &specs()[..2], 3);
    let mut b = a.clone();
    apply_iman_conover(a.view_mut(), &target, &mut stream(9, 4)).unwrap();
    apply_iman_conover(b.view_mut(), &target, &mut stream(9, 4)).unwrap();
    assert_eq!(a, b);
}

#[test]
fn small_chunks_do_not_fail() {
    let target = matrix(
        4,
        &[
            1.0, 0.5, 0.5, 0.5, 0.5, 1.0, 0.5, 0.5, 0.5, 0.5, 1.0, 0.5, 0.5, 0.5, 0.5, 1.0,
        ],
    )
    .unwrap();
    for rows in 0..8 {
        let mut x = draws(rows, &specs(), 4);
        let before: Vec<Vec<f64>> = (0..4).map(|c| sorted(x.column(c))).collect();
        apply_iman_conover(x.view_mut(), &target, &mut stream(4, 1)).unwrap();
        for (c, values) in before.iter().enumerate() {
            assert_eq!(&sorted(x.column(c)), values);
        }
    }
}

#[test]
fn wrong_size_is_an_error() {
    let target = matrix(2, &[1.0, 0.5, 0.5, 1.0]).unwrap();
    let mut x = draws(10, &specs(), 5);
    let e = apply_iman_conover(x.view_mut(), &target, &mut stream(0, 0)).unwrap_err();
    assert!(e.to_string().contains("4 inputs"), "{e}");
}

#[test]
fn invalid_matrices_name_what_is_wrong() {
    let cases: [(usize, &[f64], &str); 6] = [
        (2, &[1.0, 0.5, 0.5], "correlation must be 2 × 2 = 4 entries"),
        (
            2,
            &[1.0, 0.5, 0.4, 1.0],
            "correlation[0][1] must be equal to correlation[1][0] (0.4)",
        ),
        (2, &[0.9, 0.5, 0.5, 1.0], "correlation[0][0] must be 1"),
        (
            2,
            &[1.0, 1.5, 1.5, 1.0],
            "correlation[0][1] must be a number between -1 and 1, got 1.5",
        ),
        (
            2,
            &[1.0, f64::NAN, f64::NAN, 1.0],
            "correlation[0][1] must be a number between -1 and 1, got NaN",
        ),
        // A and B move together, B and C together, but A and C in opposition: impossible.
        (
            3,
            &[1.0, 0.9, -0.9, 0.9, 1.0, 0.9, -0.9, 0.9, 1.0],
            "correlation must be positive semi-definite",
        ),
    ];
    for (n, values, expected) in cases {
        let e = matrix(n, values).unwrap_err();
        assert_eq!(e.field().map(|f| f.starts_with("correlation")), Some(true));
        assert!(e.to_string().contains(expected), "`{e}` lacks `{expected}`");
    }
    let e = matrix(3, &[1.0, 0.9, -0.9, 0.9, 1.0, 0.9, -0.9, 0.9, 1.0]).unwrap_err();
    assert!(e.to_string().contains("smallest eigenvalue -0.8"), "{e}");
}

#[test]
fn eigen_decomposition_reconstructs_the_matrix() {
    let a = [4.0, 1.0, 0.5, 1.0, 3.0, 0.2, 0.5, 0.2, 1.0];
    let (lambda, v) = symmetric_eigen(&a, 3);
    for i in 0..3 {
        for j in 0..3 {
            let r: f64 = (0..3).map(|m| v[i * 3 + m] * lambda[m] * v[j * 3 + m]).sum();
            assert!((r - a[i * 3 + j]).abs() < 1e-12);
        }
    }
}

#[test]
fn spearman_handles_ties() {
    assert!((spearman(&[1.0, 2.0, 3.0], &[10.0, 20.0, 30.0]) - 1.0).abs() < 1e-12);
    assert!((spearman(&[1.0, 2.0, 3.0], &[3.0, 2.0, 1.0]) + 1.0).abs() < 1e-12);
    assert_eq!(ranks(&[5.0, 1.0, 5.0, 2.0]), vec![3.5, 1.0, 3.5, 2.0]);
}
