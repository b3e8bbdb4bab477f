use super::*;

#[test]
fn unscrambled_points_match_scipy() {
    // scipy 1.17.1: qmc.Sobol(3, scramble=False).random(8)
    let expected = [
        [0.0, 0.0, 0.0],
        [0.5, 0.5, 0.5],
        [0.75, 0.25, 0.25],
        [0.25, 0.75, 0.75],
        [0.375, 0.375, 0.625],
        [0.875, 0.875, 0.125],
        [0.625, 0.125, 0.875],
        [0.125, 0.625, 0.375],
    ];
    let sobol = Sobol::unscrambled(3).unwrap();
    let points = sobol.points(0, 8).unwrap();
    for (i, row) in expected.iter().enumerate() {
        for (d, want) in row.iter().enumerate() {
            assert!((points[[i, d]] - want).abs() <= 2.0f64.powi(-53), "point {i} dim {d}");
        }
    }
}

#[test]
fn last_dimensions_of_the_table_match_scipy() {
    // scipy 1.17.1: qmc.Sobol(1024, scramble=False).random(16)[:, 1020:]
    let expected = [
        [0.0, 0.0, 0.0, 0.0],
        [0.5, 0.5, 0.5, 0.5],
        [0.75, 0.75, 0.25, 0.75],
        [0.25, 0.25, 0.75, 0.25],
        [0.625, 0.375, 0.875, 0.875],
        [0.125, 0.875, 0.375, 0.375],
        [0.375, 0.625, 0.625, 0.125],
        [0.875, 0.125, 0.125, 0.625],
        [0.3125, 0.8125, 0.3125, 0.0625],
        [0.8125, 0.3125, 0.8125, 0.5625],
        [0.5625, 0.0625, 0.0625, 0.8125],
        [0.0625, 0.5625, 0.5625, 0.3125],
        [0.9375, 0.6875, 0.6875, 0.9375],
        [0.4375, 0.1875, 0.1875, 0.4375],
        [0.1875, 0.4375, 0.9375, 0.1875],
        [0.6875, 0.9375, 0.4375, 0.6875],
    ];
    let sobol = Sobol::unscrambled(1024).unwrap();
    let points = sobol.points(0, 16).unwrap();
    for (i, row) in expected.iter().enumerate() {
        for (k, want) in row.iter().enumerate() {
            assert!(
                (points[[i, 1020 + k]] - want).abs() <= 2.0f64.powi(-53),
                "point {i} dim {}",
                1020 + k
            );
        }
    }
}

#[test]
fn whole_table_matches_scipy_in_summary() {
    // scipy 1.17.1, u = qmc.Sobol(1024, scramble=False).random(1024), w = arange(1024) % 7 + 1:
    // (u * w).sum(), (u**2).sum(), (u[:, ::2] * u[:, 1::2]).sum(). Weights and products catch
    // swapped or wrong dimensions that plain sums would not.
    let points = Sobol::unscrambled(1024).unwrap().points(0, 1024).unwrap();
    let weighted: f64 = points.indexed_iter().map(|((_, d), u)| u * (d % 7 + 1) as f64).sum();
    let squares: f64 = points.iter().map(|u| u * u).sum();
    let pairs: f64 = points
        .rows()
        .into_iter()
        .map(|row| {
            row.as_slice()
                .unwrap()
                .chunks_exact(2)
                .map(|p| p[0] * p[1])
                .sum::<f64>()
        })
        .sum();
    assert!((weighted - 2_092_546.5).abs() < 1e-6, "{weighted}");
    assert!((squares - 349_013.5).abs() < 1e-6, "{squares}");
    assert!((pairs - 130_883.006_835_937_5).abs() < 1e-6, "{pairs}");
}

#[test]
fn dims_are_checked() {
    assert!(Sobol::new(0, 1).is_err());
    assert!(Sobol::new(Sobol::MAX_DIMS + 1, 1).is_err());
    let e = Sobol::unscrambled(0).unwrap_err();
    assert_eq!(e.to_string(), "sobol.dims must be between 1 and 1024, got 0");
    assert!(Sobol::new(Sobol::MAX_DIMS, 1).is_ok());
}

#[test]
fn fill_checks_length_and_range() {
    let sobol = Sobol::new(3, 0).unwrap();
    assert!(sobol.fill(0, &mut [0.0; 4]).is_err());
    assert!(sobol.fill(Sobol::MAX_POINTS - 1, &mut [0.0; 6]).is_err());
    assert!(sobol.fill(Sobol::MAX_POINTS - 1, &mut [0.0; 3]).is_ok());
    assert!(sobol.fill(u64::MAX, &mut [0.0; 3]).is_err());
    assert!(sobol.fill(5, &mut []).is_ok());
}

/// Each coordinate of the first 2^m points puts one point in each of 2^m equal bins.
fn assert_balanced(sobol: &Sobol, m: u32) {
    let n = 1usize << m;
    let points = sobol.points(0, n).unwrap();
    for d in 0..sobol.dims() {
        let mut hits = vec![0u32; n];
        for i in 0..n {
            let u = points[[i, d]];
            assert!(0.0 < u && u < 1.0);
            hits[(u * n as f64) as usize] += 1;
        }
        assert!(hits.iter().all(|&h| h == 1), "dimension {d}, n = {n}");
    }
}

#[test]
fn points_are_balanced_scrambled_or_not() {
    for m in [1, 4, 10] {
        assert_balanced(&Sobol::unscrambled(40).unwrap(), m);
        assert_balanced(&Sobol::new(40, 7).unwrap(), m);
        assert_balanced(&Sobol::new(2, 12345).unwrap(), m);
    }
}

#[test]
fn two_dimensional_projections_are_nets() {
    // The first 2^m points of dimensions 0 and 1 form a (0, m, 2)-net: each of the 2^m
    // elementary boxes of shape 2^-k × 2^-(m-k) holds one point, scrambled or not.
    let m = 6;
    let n = 1usize << m;
    for sobol in [Sobol::unscrambled(2).unwrap(), Sobol::new(2, 99).unwrap()] {
        let points = sobol.points(0, n).unwrap();
        for k in 0..=m {
            let (bx, by) = (1usize << k, 1usize << (m - k));
            let mut hits = vec![0u32; n];
            for i in 0..n {
                let cx = (points[[i, 0]] * bx as f64) as usize;
                let cy = (points[[i, 1]] * by as f64) as usize;
                hits[cx * by + cy] += 1;
            }
            assert!(hits.iter().all(|&h| h == 1), "k = {k}");
        }
    }
}

#[test]
fn scrambling_is_deterministic_by_seed() {
    let a = Sobol::new(5, 2024).unwrap().points(0, 64).unwrap();
    let b = Sobol::new(5, 2024).unwrap().points(0, 64).unwrap();
    let c = Sobol::new(5, 2025).unwrap().points(0, 64).unwrap();
    assert_eq!(a, b);
    assert_ne!(a, c);
    assert_ne!(a, Sobol::unscrambled(5).unwrap().points(0, 64).unwrap());
}

#[test]
fn chunks_match_one_run() {
    let sobol = Sobol::new(7, 3).unwrap();
    let whole = sobol.points(0, 1000).unwrap();
    for start in [0u64, 1, 2, 3, 255, 256, 511, 999] {
        let row = sobol.point(start).unwrap();
        assert_eq!(row.as_slice(), whole.row(start as usize).as_slice().unwrap());
        let rest = sobol.points(start, 1000 - start as usize).unwrap();
        assert_eq!(rest, whole.slice(ndarray::s![start as usize.., ..]));
    }
}

#[test]
fn scrambled_mean_is_near_a_half() {
    let sobol = Sobol::new(4, 11).unwrap();
    let points = sobol.points(0, 1 << 12).unwrap();
    for d in 0..4 {
        let mean = points.column(d).mean().unwrap();
        // A balanced set of 2^12 points has mean within 2^-13 of 1/2.
        assert!((mean - 0.5).abs() < 2.0f64.powi(-12), "{mean}");
    }
}
