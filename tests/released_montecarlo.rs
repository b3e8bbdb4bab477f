//! Reinvesting what was released under Monte Carlo, on the shipped example: the releases of
//! the "reinvest £1.4m" scenario depend on two uncertain falls in hospital activity, so each
//! draw releases a different sum, and a reinvestment of "released" money follows it. With a
//! fixed sum a draw that released less stopped the run; here no draw can, and at every draw
//! the ledger is exact (reinvested = released, or 80% of it), and the rows run column by
//! column are the same bits as each row run on its own.

use caretriangle::examples::north_of_tyne;
use caretriangle::montecarlo::{Model, MonteCarloOptions};
use caretriangle::uncertainty::SamplingPlan;
use caretriangle::{Lever, ReinvestBy, Scenario};

const CARE_PLANNING: [&str; 3] = [
    "care_planning_north_tyneside",
    "care_planning_northumberland",
    "care_planning_newcastle_gateshead",
];

/// The example's "reinvest £1.4m" releases (its levers 0 to 4), then `last`.
fn reinvesting(name: &str, last: &[Lever]) -> Scenario {
    let programme = north_of_tyne().unwrap();
    let releases = programme.scenario("reinvest £1.4m").unwrap().levers()[..5].to_vec();
    releases
        .into_iter()
        .chain(last.iter().cloned())
        .fold(Scenario::new(name).unwrap(), Scenario::with)
}

#[test]
fn each_draw_reinvests_what_it_released() {
    let all = reinvesting(
        "all",
        &[Lever::reinvest_released(None, &[], &CARE_PLANNING, ReinvestBy::Need).unwrap()],
    );
    // Half of what the two uncertain falls (levers 1 and 2) released, then 80% of the rest.
    let shares = reinvesting(
        "shares",
        &[
            Lever::reinvest_released(Some(0.5), &[1, 2], &CARE_PLANNING[..1], ReinvestBy::Need).unwrap(),
            Lever::reinvest_released(Some(0.8), &[], &CARE_PLANNING, ReinvestBy::Register).unwrap(),
        ],
    );
    let programme = north_of_tyne().unwrap();
    let model = Model::new(programme.economy(), &[&all, &shares], vec![]).unwrap();
    let options = MonteCarloOptions {
        iterations: 20_000,
        seed: 7,
        sampling: SamplingPlan::LatinHypercube,
        threads: Some(2),
        keep_samples: true,
        correlation: None,
    };
    let r = model.run(&options, &mut |_, _| true).unwrap();
    let s = r.samples.as_ref().unwrap();
    let col = |b: &str, o: &str| s.column(model.column(b, o).unwrap()).to_vec();
    let (released, reinvested) = (col("all", "released"), col("all", "reinvested"));
    let (low, high) = released
        .iter()
        .fold((f64::MAX, f64::MIN), |(l, h), x| (l.min(*x), h.max(*x)));
    // The releases vary from draw to draw (by thousands of pounds), ...
    assert!(high - low > 1_000.0, "released from {low} to {high}");
    // ... and all of each draw's is reinvested, to half a penny.
    for (rel, re) in released.iter().zip(&reinvested) {
        assert!((rel - re).abs() <= 0.005, "released {rel}, reinvested {re}");
    }
    // Lever 5 spends half of levers 1 and 2's release (u) and lever 6 80% of what is left:
    // reinvested = u/2 + 0.8 (released − u/2) = 0.8 released + 0.1 u, between 0.8 and 0.9 of
    // the release, and the change in total is −(released − reinvested).
    let (rel2, re2, change) = (
        col("shares", "released"),
        col("shares", "reinvested"),
        col("shares", "change"),
    );
    for ((rel, re), ch) in rel2.iter().zip(&re2).zip(&change) {
        assert!(*re >= 0.8 * rel - 0.005 && *re <= 0.9 * rel + 0.005, "{re} of {rel}");
        assert!((ch + (rel - re)).abs() <= 0.01, "change {ch}, unspent {}", rel - re);
    }
    // Every row the same bits as its own row-at-a-time evaluation.
    let inputs = r.inputs.as_ref().unwrap();
    let (mut params, mut ws) = (model.plan().base().to_vec(), model.plan().workspace());
    let mut out = vec![0.0; model.width()];
    for (row, draws) in s.rows().into_iter().zip(inputs.rows()).step_by(97) {
        model.params_with(draws.as_slice().unwrap(), &mut params);
        model.evaluate(&params, &mut ws, &mut out).unwrap();
        assert!(row.iter().zip(&out).all(|(a, b)| a.to_bits() == b.to_bits()));
    }
    // The same seed on one thread gives the same bits.
    let one = model
        .run(
            &MonteCarloOptions {
                threads: Some(1),
                ..options
            },
            &mut |_, _| true,
        )
        .unwrap();
    assert_eq!(one.samples, r.samples);
}
