use super::*;
use crate::uncertainty::{stream, DistributionSpec};

fn dist(toml_spec: &str) -> Distribution {
    Distribution::from_spec(toml::from_str::<DistributionSpec>(toml_spec).unwrap(), "x").unwrap()
}

/// The distributions the tables are checked on: the shipped example's kinds and the hard
/// shapes of the quantile tests (gamma(0.05), beta(0.05, 2), beta(0.01, 0.02)).
const SPECS: [&str; 12] = [
    "dist = \"gamma\"\nmean = 21.25\nsd = 2.125",
    "dist = \"gamma\"\nmean = 6\nsd = 1.5",
    "dist = \"gamma\"\nshape = 0.05\nscale = 1",
    "dist = \"gamma\"\nshape = 100000\nscale = 1",
    "dist = \"beta\"\nmean = 0.4\nsd = 0.1",
    "dist = \"beta\"\nalpha = 0.05\nbeta = 2",
    "dist = \"beta\"\nalpha = 0.01\nbeta = 0.02",
    "dist = \"pert\"\nlow = 0.88\nmode = 0.93\nhigh = 0.98",
    "dist = \"normal\"\nmean = 21.25\nsd = 2.5",
    "dist = \"lognormal\"\nmean = 21.25\nsd = 2.5",
    "dist = \"truncated_normal\"\nmean = 21.25\nsd = 10\nlow = 0",
    "dist = \"pert\"\nlow = 0.02\nmode = 0.07\nhigh = 0.12",
];

/// Uniforms over the whole of (0, 1), and close to both ends and to the pieces' first edges.
fn points() -> Vec<f64> {
    let mut rng = stream(11, 0);
    let mut u: Vec<f64> = (0..3000).map(|_| crate::uncertainty::draw::open01(&mut rng)).collect();
    for k in 1..=45 {
        let e = 2f64.powi(-k);
        u.extend([e, e * 1.000_001, e * 0.999_999, 1.0 - e, 1.0 - e * 0.999_999]);
    }
    u.extend([1e-300, 1e-12, 1.0 - 1e-12, f64::MIN_POSITIVE, 1.0 - f64::EPSILON / 2.0]);
    u.retain(|x| *x > 0.0 && *x < 1.0);
    u.sort_by(f64::total_cmp);
    u
}

#[test]
fn each_value_is_the_exact_quantile_of_a_u_within_the_resolution() {
    // The definition of PINV's u-error: x = Q(u') for some |u' − u| ≤ 1e-10, that is
    // Q(u − 1e-10) ≤ x ≤ Q(u + 1e-10), since Q is non-decreasing. A margin of one part in
    // 10^6 of the resolution allows for the rounding of u ± 1e-10 itself.
    let delta = U_RESOLUTION * (1.0 + 1e-6);
    for spec in SPECS {
        let d = dist(spec);
        let table = InverseTable::new(&d).expect("a costly quantile gets a table");
        let mut previous = f64::NEG_INFINITY;
        for u in points() {
            let x = table.at(&d, u);
            let (below, above) = (d.quantile((u - delta).max(0.0)), d.quantile((u + delta).min(1.0)));
            assert!(
                below <= x && x <= above,
                "{spec:?} at u = {u:e}: {x:e} outside [{below:e}, {above:e}]"
            );
            assert!(x >= previous, "{spec:?}: not monotone at u = {u:e}");
            previous = x;
        }
        println!("{}: {} pieces", spec.replace('\n', " "), table.len());
    }
}

#[test]
fn the_ends_and_values_outside_are_the_exact_quantiles() {
    let d = dist(SPECS[0]);
    let table = InverseTable::new(&d).unwrap();
    assert_eq!(table.at(&d, 0.0), 0.0);
    assert_eq!(table.at(&d, 1.0), f64::INFINITY);
    assert!(table.at(&d, 1.5).is_nan());
    assert!(table.at(&d, f64::NAN).is_nan());
    // The far tails (below 2^-40) are read exactly.
    assert_eq!(table.at(&d, 1e-13), d.quantile(1e-13));
}

#[test]
fn a_table_holds_a_few_hundred_pieces_at_most_for_the_example() {
    // Size matters for speed (each piece is 64 bytes, read by every value): the shipped
    // example's gamma, beta and PERT each fit with the quintic pieces, none near the cap.
    for spec in [SPECS[0], SPECS[1], SPECS[4], SPECS[7]] {
        let n = InverseTable::new(&dist(spec)).unwrap().len();
        assert!(n < 600, "{spec:?}: {n} pieces");
    }
}

#[test]
fn cheap_quantiles_are_read_directly() {
    for spec in [
        "dist = \"uniform\"\nlow = 1\nhigh = 2",
        "dist = \"triangular\"\nlow = 1.0\nmode = 1.1\nhigh = 1.2",
        "dist = \"discrete\"\nvalues = [1, 2, 3]",
        "dist = \"fixed\"\nvalue = 3",
    ] {
        assert!(InverseTable::new(&dist(spec)).is_none(), "{spec:?}");
    }
}

#[test]
fn the_quintic_goes_through_its_nodes() {
    // x = t^5 sampled at the nodes gives back exactly the coefficients of t^5.
    let x = NODES.map(|t| t.powi(5));
    let c = monomial(&x);
    for (k, ck) in c.iter().enumerate() {
        let want = if k == 5 { 1.0 } else { 0.0 };
        assert!((ck - want).abs() < 1e-12, "c[{k}] = {ck}");
    }
    assert!((derivative(&c, 0.5) - 5.0 * 0.5f64.powi(4)).abs() < 1e-12);
}
