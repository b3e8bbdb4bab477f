//! Tests of the streaming summaries.

use super::*;

#[test]
fn merged_summaries_match_one_pass() {
    let xs: Vec<f64> = (0..1000).map(|i| f64::from((i * 37) % 101) - 50.0).collect();
    let hist = Histogram::spanning(-50.0, 50.0);
    let mut whole = Summary::new(hist.clone());
    for x in &xs {
        whole.add(*x);
    }
    let mut a = Summary::new(hist.clone());
    let mut b = Summary::new(hist);
    xs[..300].iter().for_each(|x| a.add(*x));
    xs[300..].iter().for_each(|x| b.add(*x));
    a.merge(&b);
    assert_eq!(a.n, 1000);
    assert!((a.mean - whole.mean).abs() < 1e-12);
    assert!((a.sd() - whole.sd()).abs() < 1e-9);
    assert_eq!(a.below_zero, whole.below_zero);
    // The values are the integers −50..50 about evenly: the median is near 0, within a
    // bin (200 / 4096) plus the step between integers.
    assert!(a.quantile(0.5).abs() <= 1.0, "{}", a.quantile(0.5));
}

#[test]
fn rows_summarise_as_columns_do() {
    // Three columns of 500 rows, one with NaN-free negatives, one constant, one wide.
    let rows: Vec<f64> = (0..1500)
        .map(|k| match k % 3 {
            0 => f64::from((k * 37) % 101) - 50.0,
            1 => 7.0,
            _ => f64::from(k).powf(1.5),
        })
        .collect();
    let hists: Vec<Histogram> = (0..3)
        .map(|c| Histogram::spanning(-50.0 + f64::from(c), 60.0))
        .collect();
    let by_rows = Summary::of_rows(&rows, &hists);
    for (c, h) in hists.iter().enumerate() {
        // Against adding the column's values one by one (Welford): counts and extremes
        // exactly, mean and spread to rounding (the block form sums in another order).
        let mut one = Summary::new(h.clone());
        rows.iter().skip(c).step_by(3).for_each(|x| one.add(*x));
        let (a, b) = (&by_rows[c], &one);
        assert_eq!(
            (a.n, a.min, a.max, a.below_zero, a.above_zero),
            (b.n, b.min, b.max, b.below_zero, b.above_zero)
        );
        assert_eq!(a.histogram(), b.histogram(), "column {c}");
        assert!(
            (a.mean - b.mean).abs() <= 1e-12 * b.mean.abs(),
            "column {c}: {} {}",
            a.mean,
            b.mean
        );
        assert!(
            (a.m2 - b.m2).abs() <= 1e-10 * b.m2.abs().max(1.0),
            "column {c}: {} {}",
            a.m2,
            b.m2
        );
    }
    // The constant column, by hand: mean 7, no spread, all 500 in one bin.
    assert_eq!((by_rows[1].mean, by_rows[1].m2), (7.0, 0.0));
    assert_eq!(by_rows[1].histogram().counts.iter().max(), Some(&500));
}

#[test]
fn column_moments_by_hand() {
    // 1..=19 (19 values: two full blocks of 8 and a remainder of 3): mean 10, squared
    // deviations 2 × (1² + … + 9²) = 570; three negatives and a zero after taking 4 from each.
    let xs: Vec<f64> = (1..=19).map(f64::from).collect();
    let m = Moments::of_column(&xs);
    assert_eq!((m.n, m.mean, m.m2, m.min, m.max), (19, 10.0, 570.0, 1.0, 19.0));
    let shifted: Vec<f64> = xs.iter().map(|x| x - 4.0).collect();
    let m = Moments::of_column(&shifted);
    assert_eq!((m.below_zero, m.above_zero), (3, 15));
    assert_eq!(Moments::of_column(&[]).n, 0);
}

#[test]
fn moments_merge_by_hand() {
    // [1, 2, 3]: mean 2, squared deviations 2; [4, 5]: mean 4.5, squared deviations 0.5.
    // Together 1..=5: mean 3, squared deviations 4 + 1 + 0 + 1 + 4 = 10.
    let of = |xs: &[f64]| {
        let mut s = Summary::new(Histogram::spanning(0.0, 6.0));
        for x in xs {
            s.add(*x);
        }
        s.moments()
    };
    let mut m = Moments::EMPTY;
    m.merge(&of(&[1.0, 2.0, 3.0]));
    m.merge(&of(&[4.0, 5.0]));
    assert_eq!((m.n, m.mean, m.m2, m.min, m.max), (5, 3.0, 10.0, 1.0, 5.0));
}

/// The largest error of the streamed percentiles at p = 0.001, 0.002, … 1 against the
/// `⌈p·n⌉`-th smallest value, in bin widths, with the bins from the first 4,096 values.
fn worst_error_in_bins(xs: &[f64]) -> f64 {
    let first = &xs[..4096];
    let lo = first.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = first.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut s = Summary::new(Histogram::spanning(lo, hi));
    for x in xs {
        s.add(*x);
    }
    let mut sorted = xs.to_vec();
    sorted.sort_by(f64::total_cmp);
    (1..=1000)
        .map(|k| {
            let p = f64::from(k) / 1000.0;
            let exact = sorted[((p * xs.len() as f64).ceil() as usize).max(1) - 1];
            (s.quantile(p) - exact).abs() / s.bin_width()
        })
        .fold(0.0, f64::max)
}

#[test]
fn streamed_percentiles_are_within_one_bin_on_continuous_and_zero_one_outputs() {
    // 100,000 values from a fixed recurrence (a Weyl sequence through a skewed transform),
    // and a 0/1 output that is 1 in about 3% of them, as the over-envelope indicator.
    let u: Vec<f64> = (1..=100_000)
        .map(|i| (f64::from(i) * 0.618_033_988_749_895).fract())
        .collect();
    let continuous: Vec<f64> = u.iter().map(|v| -(1.0 - v).ln() * 1000.0).collect();
    let zero_one: Vec<f64> = u.iter().map(|v| f64::from(*v > 0.97)).collect();
    for (name, xs) in [("continuous", &continuous), ("0/1", &zero_one)] {
        let worst = worst_error_in_bins(xs);
        assert!(worst <= 1.0, "{name}: {worst} bins");
    }
    // The bin is twice the range over BINS, as the documentation says.
    let s = Summary::new(Histogram::spanning(0.0, 1.0));
    assert_eq!(s.bin_width(), 2.0 / BINS as f64);
}

#[test]
fn sorted_quantile_interpolates() {
    // numpy.percentile([1, 2, 3, 4], 50) = 2.5; 97.5 → 3 + 0.925 = 3.925.
    assert_eq!(sorted_quantile(&[1.0, 2.0, 3.0, 4.0], 0.5), 2.5);
    assert!((sorted_quantile(&[1.0, 2.0, 3.0, 4.0], 0.975) - 3.925).abs() < 1e-12);
}
