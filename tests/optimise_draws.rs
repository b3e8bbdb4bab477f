//! Re-optimising per draw, worked by hand on tests/data/optimise_uncertain.toml: education's
//! unit cost c ~ Uniform(80, 120), capacity 80, 0.04 QALYs a person, 50 people today; peer
//! support £50, capacity 20, 0.01 QALYs a person, 50 people today; envelope £10,000.
//!
//! Net benefit at £2,250 a QALY: education nets 0.04 × 2,250 − c = 90 − c a person, peer
//! support 0.01 × 2,250 − 50 = −27.5. So peer support shrinks to 0 in every draw; education
//! grows to 80 when c < 90 (probability (90 − 80) / 40 = 1/4) and shrinks to 0 otherwise. A
//! Latin hypercube of 200 draws has one draw in each slice of 1/200: exactly 50 below the
//! quarter. Mean optimal activity of education: 80 × 50 / 200 = 20. The optimum's net benefit
//! is 80 (90 − c) or 0: its 97.5% quantile is at c's 2.5%, 81: 80 × 9 = 720 (to within a slice,
//! 0.2 in c, × 80); its 2.5% quantile 0.

use caretriangle::io::{programme_from_str, Format};
use caretriangle::optimise::{DrawsOptions, DrawsPart, OptimiseSpec, Redraw, Sense};
use caretriangle::uncertainty::SamplingPlan;
use caretriangle::{Economy, Error};

const UNCERTAIN: &str = include_str!("data/optimise_uncertain.toml");

fn economy() -> Economy {
    programme_from_str(UNCERTAIN, Format::Toml, "optimise_uncertain.toml")
        .unwrap()
        .economy()
        .clone()
}

fn run(draws: u64, chunk: u64, threads: usize) -> DrawsOptions {
    DrawsOptions {
        draws,
        seed: 11,
        sampling: SamplingPlan::LatinHypercube,
        chunk,
        threads: Some(threads),
    }
}

fn net_benefit() -> OptimiseSpec {
    OptimiseSpec {
        objective: Some("net_benefit".into()),
        threshold: Some(2250.0),
        ..Default::default()
    }
}

fn share(t: &caretriangle::report::Table, row: usize, column: &str) -> f64 {
    t.numbers(column).unwrap()[row].unwrap()
}

#[test]
fn each_service_grows_or_shrinks_with_the_probability_worked_by_hand() {
    let e = economy();
    let spec = net_benefit();
    let out = Redraw::new(&e, &spec, &[], run(200, 7, 2)).unwrap().solve().unwrap();
    let s = out.services();
    assert_eq!(share(s, 0, "grows"), 0.25);
    assert_eq!(share(s, 0, "shrinks"), 0.75);
    assert_eq!(share(s, 0, "stays"), 0.0);
    assert!((share(s, 0, "mean_activity") - 20.0).abs() < 1e-12);
    assert_eq!(share(s, 1, "shrinks"), 1.0);
    assert_eq!(share(s, 1, "mean_activity"), 0.0);
    assert_eq!(out.infeasible, 0.0);
    assert_eq!(out.low, 0.0);
    assert!((out.high - 720.0).abs() < 20.0, "{}", out.high);
}

#[test]
fn the_same_numbers_whatever_the_threads_or_the_chunk() {
    let e = economy();
    let spec = net_benefit();
    let a = Redraw::new(&e, &spec, &[], run(300, 7, 1)).unwrap().solve().unwrap();
    let b = Redraw::new(&e, &spec, &[], run(300, 50, 2)).unwrap().solve().unwrap();
    assert_eq!(a, b);
    // And a run in two parts, merged, as on a cluster.
    let r = Redraw::new(&e, &spec, &[], run(300, 50, 2)).unwrap();
    let parts = vec![r.part(120..300).unwrap(), r.part(0..120).unwrap()];
    assert_eq!(r.merge(parts).unwrap(), a);
}

#[test]
fn an_infeasible_draw_is_counted_not_fatal() {
    // The least spend for 3.3 QALYs: education first (c / 0.04 = £2,000 to £3,000 a QALY,
    // peer support £5,000), 80 people (3.2), then 10 of peer support (0.1): 80c + 500, within
    // the £10,000 envelope while c <= 118.75. Infeasible with probability 1.25 / 40 = 1/32: of
    // 320 LHS draws exactly 10.
    let e = economy();
    let spec = OptimiseSpec {
        sense: Sense::MinimiseCost,
        required: [("qalys".to_string(), 3.3)].into(),
        ..Default::default()
    };
    let r = Redraw::new(&e, &spec, &[], run(320, 16, 2)).unwrap();
    let out = r.solve().unwrap();
    assert_eq!(out.infeasible, 10.0 / 320.0);
    // Infeasible draws (NaN objective) travel as bytes between a cluster's parts intact.
    let parts = [0..100, 100..320].map(|range| DrawsPart::from_bytes(&r.part(range).unwrap().to_bytes()).unwrap());
    assert_eq!(r.merge(parts.into()).unwrap(), out);
    // Every feasible draw: education grows, peer support shrinks (50 to 10).
    assert_eq!(share(out.services(), 0, "grows"), 310.0 / 320.0);
    assert!((share(out.services(), 1, "mean_activity") - 10.0).abs() < 1e-9);
}

#[test]
fn bad_draws_and_chunks_name_their_field() {
    let e = economy();
    let spec = net_benefit();
    for (o, field) in [(run(0, 7, 1), "draws"), (run(10, 0, 1), "chunk")] {
        match Redraw::new(&e, &spec, &[], o) {
            Err(Error::InvalidValue { field: f, .. }) => assert_eq!(f.to_string(), field),
            Err(e) => panic!("{e:?}"),
            Ok(_) => panic!("{field} accepted"),
        }
    }
}
