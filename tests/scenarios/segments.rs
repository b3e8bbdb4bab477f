//! Population segments and the `target` lever: fewer events among the supported people of a
//! segment.
//!
//! Figures: non-elective spells for diabetes with hyperglycaemic disorders (KB02) at £1,749 a
//! spell (National Cost Collection 2023/24, as in the shipped example); 1,000 spells a year, the
//! top 7% at risk accounting for 45% of them, and the effect of an integrated team (10% fewer
//! among the 80% supported) are illustrative, as in issue 13's case.

use caretriangle::montecarlo::{Model, MonteCarloOptions};
use caretriangle::uncertainty::{Distribution, DistributionSpec};
use caretriangle::{Corner, Economy, EconomySpec, Error, Lever, ProviderType, Scenario, SegmentSpec};

use crate::common::{close, money, service};
use crate::{conserves, run};

fn segment(id: &str, share: f64, use_of: f64) -> SegmentSpec {
    SegmentSpec {
        id: id.into(),
        share,
        use_of: [("admissions".to_string(), use_of)].into_iter().collect(),
        ..Default::default()
    }
}

fn economy(segments: Vec<SegmentSpec>) -> Economy {
    Economy::new(EconomySpec {
        name: "Segments (illustrative)".into(),
        envelope: 5_000_000.0,
        price_year: Some("2023/24".parse().unwrap()),
        services: vec![service(
            "admissions",
            Corner::Clinical,
            ProviderType::AcuteTrust,
            "spell",
            1749.0,
            1000.0,
        )],
        segments,
        ..Default::default()
    })
    .unwrap()
}

#[test]
fn fewer_admissions_among_the_supported_top_seven_percent() {
    let econ = economy(vec![segment("top_7pct_risk", 0.07, 0.45)]);
    let c = run(
        &econ,
        vec![Lever::target("top_7pct_risk", "admissions", -0.10, 0.8).unwrap()],
    );
    // 1,000 spells × 0.45 × 0.8 × −0.10 = −36 spells; × £1,749 = £62,964 released.
    close(c.activity_after()[0], 964.0, 1e-9);
    money(c.spend_after()[0], 1_749_000.0 - 62_964.0);
    money(c.released(), 62_964.0);
    conserves(&c);
    assert_eq!(
        c.levers()[0].description,
        "-10% change in admissions among the 80% of top_7pct_risk supported"
    );
}

#[test]
fn segments_at_the_average_rate_give_the_unsegmented_result() {
    // A segment whose share of the use is its share of the register (0.07 and 0.07): supporting
    // 80% of it is supporting 0.07 × 0.8 of everyone at the average rate, the unsegmented
    // scale_activity by 1 + 0.07 × 0.8 × −0.1, to the bit.
    let econ = economy(vec![segment("top", 0.07, 0.07), segment("rest", 0.93, 0.93)]);
    for (id, share) in [("top", 0.07), ("rest", 0.93)] {
        let targeted = run(&econ, vec![Lever::target(id, "admissions", -0.1, 0.8).unwrap()]);
        let factor = 1.0 + share * 0.8 * -0.1;
        let scaled = run(&econ, vec![Lever::scale_activity("admissions", factor).unwrap()]);
        assert_eq!(targeted.activity_after(), scaled.activity_after());
        assert_eq!(targeted.spend_after(), scaled.spend_after());
        assert_eq!(targeted.released(), scaled.released());
    }
}

#[test]
fn segments_are_checked_when_the_economy_is_made() {
    let make = |segments| {
        let mut spec = economy(vec![]).to_spec();
        spec.segments = segments;
        Economy::new(spec).unwrap_err()
    };
    let e = make(vec![segment("top", 0.07, 0.45), segment("rest", 0.95, 0.5)]);
    assert_eq!(
        e.to_string(),
        "segments[1].share must be segments of one register whose shares add up to at most 1, got 0.95 \
         (the segments of the economy's register then add up to 1.02)"
    );
    let e = make(vec![segment("top", 0.07, 0.45), segment("rest", 0.93, 0.6)]);
    assert!(
        e.to_string()
            .starts_with("segments[1].use.admissions must be shares of a service's use"),
        "{e}"
    );
    let e = make(vec![segment("top", 1.5, 0.45)]);
    assert_eq!(
        e.to_string(),
        "segments[0].share must be a share between 0 and 1, got 1.5"
    );
    let mut typo = segment("top", 0.07, 0.45);
    typo.use_of = [("admission".to_string(), 0.45)].into_iter().collect();
    let e = make(vec![typo]);
    assert!(matches!(e, Error::UnknownId { .. }), "{e}");
    assert_eq!(
        e.to_string(),
        "segments[0].use.admission: unknown service `admission`; did you mean `admissions`?"
    );
}

#[test]
fn a_target_names_a_known_segment_and_a_service_it_uses() {
    let econ = economy(vec![segment("top_7pct_risk", 0.07, 0.45)]);
    let apply = |lever| {
        let s = Scenario::new("s").unwrap().with(lever);
        econ.apply(&s, caretriangle::ApplyOptions::default()).unwrap_err()
    };
    let e = apply(Lever::target("top_7pct", "admissions", -0.1, 0.8).unwrap());
    assert_eq!(
        e.to_string(),
        "levers[0].segment: unknown segment `top_7pct`; did you mean `top_7pct_risk`?"
    );
    assert!(Lever::target("top", "admissions", -1.5, 0.8).is_err());
    assert!(Lever::target("top", "admissions", -0.1, 1.2).is_err());
}

#[test]
fn monte_carlo_of_a_target_is_the_row_by_row_result() {
    // An uncertain effect (triangular −0.2, −0.1, 0) and coverage (uniform 0.6..1): each
    // iteration's outputs are the row-at-a-time model's for its draws, bit for bit, and its
    // released money is 1,000 × 0.45 × coverage × −effect × £1,749.
    let econ = economy(vec![segment("top_7pct_risk", 0.07, 0.45)]);
    let scenario = Scenario::new("team")
        .unwrap()
        .with(Lever::target("top_7pct_risk", "admissions", -0.1, 0.8).unwrap());
    let d = |spec| Distribution::from_spec(spec, "x").unwrap();
    let extra = vec![
        (
            "team.levers[0].effect".to_string(),
            d(DistributionSpec::Triangular {
                low: -0.2,
                mode: -0.1,
                high: 0.0,
            }),
        ),
        (
            "team.levers[0].coverage".to_string(),
            d(DistributionSpec::Uniform { low: 0.6, high: 1.0 }),
        ),
    ];
    let model = Model::new(&econ, &[&scenario], extra).unwrap();
    let options = MonteCarloOptions {
        iterations: 3000,
        seed: 3,
        ..Default::default()
    };
    let result = model.run(&options, &mut |_, _| true).unwrap();
    let (samples, inputs) = (result.samples.unwrap(), result.inputs.unwrap());
    let released = model.column("team", "released").unwrap();
    let mut params = model.plan().base().to_vec();
    let mut ws = model.plan().workspace();
    let mut out = vec![0.0; model.width()];
    for (row, values) in samples.rows().into_iter().zip(inputs.rows()) {
        model.params_with(values.as_slice().unwrap(), &mut params);
        model.evaluate(&params, &mut ws, &mut out).unwrap();
        assert_eq!(row.as_slice().unwrap(), out.as_slice());
        close(row[released], 1000.0 * 0.45 * values[1] * -values[0] * 1749.0, 1e-6);
    }
}
