use statrs::distribution::{Beta as StatrsBeta, ContinuousCDF, Gamma as StatrsGamma};

use super::*;
use crate::uncertainty::stream;

fn dist(text: &str) -> Distribution {
    let spec: DistributionSpec = toml::from_str(text).unwrap_or_else(|e| panic!("{text}: {e}"));
    Distribution::from_spec(spec, "x").unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn error(text: &str) -> String {
    let spec: DistributionSpec = toml::from_str(text).unwrap_or_else(|e| panic!("{text}: {e}"));
    match Distribution::from_spec(spec, "services[3].unit_cost") {
        Ok(d) => panic!("{text} accepted as {d:?}"),
        Err(e) => {
            assert!(matches!(e, Error::InvalidValue { .. }), "{e:?}");
            e.to_string()
        }
    }
}

/// Every kind, with parameters that exercise each sampling path.
fn all() -> Vec<(&'static str, Distribution)> {
    [
        r#"dist = "fixed"
value = 3.5"#,
        r#"dist = "uniform"
low = 2
high = 5"#,
        r#"dist = "normal"
mean = 21.25
sd = 2.5"#,
        r#"dist = "truncated_normal"
mean = 1
sd = 2
low = 0"#,
        // Far in the upper tail: drawn by inversion, mirrored.
        r#"dist = "truncated_normal"
mean = 0
sd = 1
low = 3
high = 4"#,
        r#"dist = "truncated_normal"
mean = 0
sd = 1
low = -2.5
high = -2"#,
        r#"dist = "lognormal"
meanlog = 3
sdlog = 0.4"#,
        r#"dist = "lognormal"
mean = 21.25
sd = 2.5"#,
        r#"dist = "gamma"
mean = 21.25
sd = 2.5"#,
        r#"dist = "gamma"
shape = 0.5
scale = 2"#,
        r#"dist = "beta"
alpha = 2
beta = 5"#,
        r#"dist = "beta"
alpha = 0.5
beta = 0.7"#,
        r#"dist = "beta"
mean = 0.3
sd = 0.1"#,
        r#"dist = "triangular"
low = 10
mode = 12
high = 20"#,
        r#"dist = "triangular"
low = 10
mode = 10
high = 20"#,
        r#"dist = "pert"
low = 10
mode = 12
high = 20"#,
        r#"dist = "discrete"
values = [3, 1, 2]
weights = [0.5, 0.2, 0.3]"#,
    ]
    .into_iter()
    .map(|t| (t, dist(t)))
    .collect()
}

fn draws(d: &Distribution, n: usize, seed: u64) -> Vec<f64> {
    let mut rng = stream(seed, 0);
    (0..n).map(|_| d.sample(&mut rng)).collect()
}

fn mean_sd(x: &[f64]) -> (f64, f64) {
    let n = x.len() as f64;
    let m = x.iter().sum::<f64>() / n;
    let v = x.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (n - 1.0);
    (m, v.sqrt())
}

#[test]
fn sample_moments_match_the_analytic_ones() {
    // n = 200,000: the standard error of the mean is sd / 447, so 5 standard errors is about
    // 1% of an sd; the relative standard error of the sample sd is sqrt((kurtosis - 1) / 4n),
    // at most 0.4% for these (kurtosis < 13), so 2% is over 5 standard errors.
    let n = 200_000;
    for (i, (text, d)) in all().into_iter().enumerate() {
        let x = draws(&d, n, i as u64);
        let (m, s) = mean_sd(&x);
        let tolerance = 5.0 * d.sd() / (n as f64).sqrt() + 1e-12;
        assert!(
            (m - d.mean()).abs() < tolerance,
            "{text}: mean {m} against {}",
            d.mean()
        );
        assert!((s - d.sd()).abs() <= 0.02 * d.sd(), "{text}: sd {s} against {}", d.sd());
        let (low, high) = d.support();
        assert!(
            x.iter().all(|v| *v >= low && *v <= high),
            "{text}: outside {low}..{high}"
        );
    }
}

#[test]
fn sampling_agrees_with_the_quantile_function() {
    // The share of draws at or below quantile(p) estimates p with standard error
    // sqrt(p (1 - p) / n) <= 0.0011 at n = 200,000; 0.006 is over 5 standard errors (discrete
    // distributions are exact at their steps, so the check holds there too).
    let n = 200_000;
    for (i, (text, d)) in all().into_iter().enumerate() {
        let x = draws(&d, n, 100 + i as u64);
        for p in [0.05, 0.25, 0.5, 0.8, 0.95] {
            let q = d.quantile(p);
            let below = x.iter().filter(|v| **v <= q).count() as f64 / n as f64;
            let is_discrete = matches!(
                d.spec(),
                DistributionSpec::Discrete { .. } | DistributionSpec::Fixed { .. }
            );
            if is_discrete {
                assert!(below >= p - 0.006, "{text}: {below} at or below quantile({p}) = {q}");
            } else {
                assert!(
                    (below - p).abs() < 0.006,
                    "{text}: {below} at or below quantile({p}) = {q}"
                );
            }
        }
        let mut previous = f64::NEG_INFINITY;
        for k in 0..=100 {
            let q = d.quantile(f64::from(k) / 100.0);
            assert!(q >= previous, "{text}: quantile not monotone at {k}%");
            previous = q;
        }
        assert!(d.quantile(-0.1).is_nan() && d.quantile(1.1).is_nan() && d.quantile(f64::NAN).is_nan());
    }
}

#[test]
fn quantiles_against_published_values() {
    let normal = dist("dist = \"normal\"\nmean = 21.25\nsd = 2.5");
    assert!((normal.quantile(0.975) - (21.25 + 1.959964 * 2.5)).abs() < 1e-5);
    assert!((normal.quantile(0.025) - (21.25 - 1.959964 * 2.5)).abs() < 1e-5);
    assert_eq!(normal.quantile(0.5), 21.25);
    // Chi-squared with 1 df is Gamma(shape 1/2, scale 2): 95th percentile 3.841459.
    let chi2 = dist("dist = \"gamma\"\nshape = 0.5\nscale = 2");
    assert!((chi2.quantile(0.95) - 3.841459).abs() < 1e-5);
    // Median of Gamma(2, 1) is 1.678347.
    let g2 = dist("dist = \"gamma\"\nshape = 2\nscale = 1");
    assert!((g2.quantile(0.5) - 1.678347).abs() < 1e-5);
    // Beta(2, 5): median 0.26445; and against statrs's CDF at several points.
    let b = dist("dist = \"beta\"\nalpha = 2\nbeta = 5");
    assert!((b.quantile(0.5) - 0.26445).abs() < 1e-5);
    let reference = StatrsBeta::new(2.0, 5.0).unwrap();
    let gamma_reference = StatrsGamma::new(72.25, 1.0 / (2.5 * 2.5 / 21.25)).unwrap();
    let g = dist("dist = \"gamma\"\nmean = 21.25\nsd = 2.5");
    for p in [0.001, 0.025, 0.3, 0.5, 0.975, 0.999] {
        assert!((reference.cdf(b.quantile(p)) - p).abs() < 1e-9);
        assert!((g.quantile(p) - gamma_reference.inverse_cdf(p)).abs() < 1e-6 * g.quantile(p));
    }
    // Lognormal median is exp(meanlog).
    let ln = dist("dist = \"lognormal\"\nmeanlog = 3\nsdlog = 0.4");
    assert!((ln.quantile(0.5) - 3f64.exp()).abs() < 1e-9);
    // Triangular: the mode sits at F = (mode - low) / (high - low).
    let t = dist("dist = \"triangular\"\nlow = 10\nmode = 12\nhigh = 20");
    assert!((t.quantile(0.2) - 12.0).abs() < 1e-12);
    assert_eq!((t.quantile(0.0), t.quantile(1.0)), (10.0, 20.0));
    // PERT(0, 0.5, 1) is Beta(3, 3), symmetric about 0.5.
    let pert = dist("dist = \"pert\"\nlow = 0\nmode = 0.5\nhigh = 1");
    assert!((pert.quantile(0.5) - 0.5).abs() < 1e-9);
    let discrete = dist("dist = \"discrete\"\nvalues = [3, 1, 2]\nweights = [0.5, 0.2, 0.3]");
    assert_eq!(
        [0.0, 0.1, 0.2, 0.21, 0.5, 0.51, 1.0].map(|p| discrete.quantile(p)),
        [1.0, 1.0, 1.0, 2.0, 2.0, 3.0, 3.0]
    );
    // A truncated normal on [0, inf) about 0 is the half-normal: median 0.674490 sd.
    let half = dist("dist = \"truncated_normal\"\nmean = 0\nsd = 2\nlow = 0");
    assert!((half.quantile(0.5) - 0.674490 * 2.0).abs() < 1e-5);
    assert!((half.mean() - 2.0 * (2.0 / std::f64::consts::PI).sqrt()).abs() < 1e-12);
}

#[test]
fn moment_parameterisations_recover_the_moments() {
    for (kind, mean, sd) in [
        ("gamma", 21.25, 2.5),
        ("lognormal", 21.25, 2.5),
        ("beta", 0.3, 0.1),
        ("beta", 0.9, 0.05),
    ] {
        let d = dist(&format!("dist = \"{kind}\"\nmean = {mean}\nsd = {sd}"));
        assert!((d.mean() - mean).abs() < 1e-12 * mean, "{kind}: {}", d.mean());
        assert!((d.sd() - sd).abs() < 1e-12 * sd, "{kind}: {}", d.sd());
    }
    let pert = dist("dist = \"pert\"\nlow = 10\nmode = 12\nhigh = 20");
    assert!((pert.mean() - (10.0 + 4.0 * 12.0 + 20.0) / 6.0).abs() < 1e-12);
    let tri = dist("dist = \"triangular\"\nlow = 10\nmode = 12\nhigh = 20");
    assert!((tri.mean() - 14.0).abs() < 1e-12);
}

#[test]
fn impossible_parameters_are_errors_naming_field_and_value() {
    let cases = [
        (
            "dist = \"normal\"\nmean = 1\nsd = -2",
            "services[3].unit_cost.sd must be",
        ),
        ("dist = \"normal\"\nmean = 1\nsd = 0", "dist = \"fixed\""),
        (
            "dist = \"normal\"\nmean = nan\nsd = 1",
            "unit_cost.mean must be a finite number, got NaN",
        ),
        (
            "dist = \"uniform\"\nlow = 5\nhigh = 2",
            "unit_cost.high must be above low (5), got 2",
        ),
        (
            "dist = \"triangular\"\nlow = 1\nmode = 5\nhigh = 3",
            "unit_cost.mode must be between low and high (1 to 3), got 5",
        ),
        (
            "dist = \"pert\"\nlow = 3\nmode = 3\nhigh = 3",
            "unit_cost.high must be above low (3), got 3",
        ),
        (
            "dist = \"gamma\"\nshape = -1\nscale = 2",
            "unit_cost.shape must be a finite number > 0, got -1",
        ),
        (
            "dist = \"gamma\"\nshape = 1\nmean = 2",
            "either by shape and scale, or by mean and sd",
        ),
        (
            "dist = \"lognormal\"\nmeanlog = 1\nsdlog = 1\nmean = 2",
            "lognormal with meanlog, sdlog, mean",
        ),
        (
            "dist = \"beta\"\nmean = 1.2\nsd = 0.1",
            "unit_cost.mean must be strictly between 0 and 1",
        ),
        ("dist = \"beta\"\nalpha = 2", "beta with alpha"),
        (
            "dist = \"discrete\"\nvalues = [1, 2]\nweights = [0, 0]",
            "unit_cost.weights must be weights with a sum > 0, got 0",
        ),
        (
            "dist = \"discrete\"\nvalues = [1, 2]\nweights = [1]",
            "one weight for each of the 2 values",
        ),
        (
            "dist = \"discrete\"\nvalues = [1, 2]\nweights = [1, -1]",
            "unit_cost.weights[1] must be",
        ),
        ("dist = \"discrete\"\nvalues = []", "at least one value"),
        (
            "dist = \"truncated_normal\"\nmean = 0\nsd = 1\nlow = 50",
            "holds some of the normal's probability",
        ),
        (
            "dist = \"truncated_normal\"\nmean = 0\nsd = 1\nlow = 2\nhigh = 1",
            "unit_cost.high must be above low (2), got 1",
        ),
    ];
    for (text, expected) in cases {
        let message = error(text);
        assert!(message.contains(expected), "{text}: `{message}` lacks `{expected}`");
    }
    let beta = error("dist = \"beta\"\nmean = 0.9\nsd = 0.5");
    assert_eq!(
        beta,
        "services[3].unit_cost.sd must be below 0.3 for a beta with mean 0.9: a beta needs \
         sd^2 < mean(1-mean) = 0.09, got 0.5"
    );
}

#[test]
fn unknown_keys_and_kinds_are_errors() {
    for text in [
        "dist = \"normal\"\nmean = 1\nsd = 2\nsdev = 3",
        "dist = \"gamma\"\nshape = 1\nrate = 2",
        "dist = \"weibull\"\nshape = 1",
        "mean = 1\nsd = 2",
    ] {
        assert!(toml::from_str::<DistributionSpec>(text).is_err(), "{text} accepted");
    }
}

#[test]
fn serde_round_trip_is_exact() {
    for (text, d) in all() {
        let saved = toml::to_string(&d).unwrap();
        let again: Distribution = toml::from_str(&saved).unwrap();
        assert_eq!(again, d, "{text}");
        // The same keys come back (integers come back as floats: `low = 2` is saved `low = 2.0`),
        // and saving again gives the same text.
        let keys = |t: &str| -> Vec<String> { toml::from_str::<toml::Table>(t).unwrap().keys().cloned().collect() };
        assert_eq!(keys(&saved), keys(text), "{text}");
        assert_eq!(toml::to_string(&again).unwrap(), saved);
        let json = serde_json::to_string(&d.to_spec()).unwrap();
        assert_eq!(
            Distribution::from_spec(serde_json::from_str(&json).unwrap(), "x").unwrap(),
            d
        );
    }
    let bad = toml::from_str::<Distribution>("dist = \"normal\"\nmean = 1\nsd = -1").unwrap_err();
    assert!(bad.to_string().contains("sd must be a finite number > 0"), "{bad}");
}

#[test]
fn the_same_seed_gives_the_same_draws() {
    for (text, d) in all() {
        assert_eq!(draws(&d, 1000, 7), draws(&d, 1000, 7), "{text}");
        if !matches!(d.spec(), DistributionSpec::Fixed { .. }) {
            assert_ne!(draws(&d, 1000, 7), draws(&d, 1000, 8), "{text}");
        }
    }
}

#[test]
fn tiny_beta_shapes_never_give_nan() {
    let d = dist("dist = \"beta\"\nalpha = 0.01\nbeta = 0.01");
    let x = draws(&d, 100_000, 3);
    assert!(x.iter().all(|v| (0.0..=1.0).contains(v)));
}

/// alpha = beta = 1e-12: both gammas underflow to 0 on every draw, so the old sampler
/// (redraw while the sum is 0) never returned. Such a beta is almost surely 0 or 1.
#[test]
fn beta_with_shapes_near_zero_returns_at_once() {
    let d = dist("dist = \"beta\"\nalpha = 1e-12\nbeta = 1e-12");
    let x = draws(&d, 1_000, 5);
    assert!(x.iter().all(|v| (0.0..=1.0).contains(v)), "{x:?}");
}

/// The mean of a beta is a / (a + b): 0.5 for (0.5, 0.5) and 0.4 for (2, 3); the draws'
/// mean lies within 3 standard errors of it.
#[test]
fn log_space_beta_draws_keep_the_mean() {
    for (a, b) in [(0.5, 0.5), (2.0, 3.0)] {
        let d = dist(&format!("dist = \"beta\"\nalpha = {a}\nbeta = {b}"));
        let x = draws(&d, 200_000, 11);
        let (m, sd) = mean_sd(&x);
        let se = sd / (x.len() as f64).sqrt();
        let want = a / (a + b);
        assert!((m - want).abs() < 3.0 * se, "beta({a}, {b}): mean {m}, want {want}");
    }
}

#[test]
fn open_uniforms_avoid_both_ends() {
    let mut rng = stream(0, 0);
    for _ in 0..10_000 {
        let u = open01(&mut rng);
        assert!(u > 0.0 && u < 1.0);
    }
}
