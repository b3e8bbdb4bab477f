//! The fairness minimums (tests/data/optimise_fairness.toml): the least £ spent in a locality,
//! in a cluster of practices and on the people of a segment, solved by hand.
//!
//! With a, b, e, f the activity of care planning in East 1 and East 2, the community team and
//! peer support in West:
//!
//! ```text
//! maximise  0.01a + 0.005b + 0.004e + 0.01f           QALYs
//! subject to 10a + 10b + 20e + 50f <= 10,000          the envelope (E)
//!            50f        >= 500                        West's locality minimum (L)
//!            10b        >= 2,000                      East 2's cluster minimum (C)
//!            0.5 · 20e  >= 1,000                      the segment minimum (S): the top 10%
//!                                                     at risk have half the team's visits
//! ```
//!
//! QALYs a £: a 0.001, b 0.0005, e 0.0002, f 0.0002. So b, e and f stay at their minimums:
//! b = 200 (£2,000), e = 100 (£2,000, of which half, £1,000, on the segment), f = 10 (£500);
//! a takes the other £5,500: a = 550. QALYs 5.5 + 1 + 0.4 + 0.1 = 7.
//! Shadow prices, from a inside its bounds and b, e, f at their minimums:
//!   10yE = 0.01 ⇒ yE = 0.001;  10yE + 10yC = 0.005 ⇒ yC = −0.0005;
//!   20yE + 0.5·20yS = 0.004 ⇒ yS = −0.0016;  50yE + 50yL = 0.01 ⇒ yL = −0.0008.
//! Check (strong duality): 10,000·0.001 − 500·0.0008 − 2,000·0.0005 − 1,000·0.0016 = 7.

use caretriangle::io::{programme_from_str, Format};
use caretriangle::optimise::OptimiseSpec;
use caretriangle::{Error, Lever, MoneySource, Programme, Scenario};

const FAIRNESS: &str = include_str!("data/optimise_fairness.toml");

fn fairness(text: &str) -> Result<Programme, Error> {
    programme_from_str(text, Format::Toml, "optimise_fairness.toml")
}

fn close(x: f64, y: f64) {
    assert!((x - y).abs() <= 1e-9 * y.abs().max(1.0), "{x} != {y}");
}

#[test]
fn locality_cluster_and_segment_minimums_solved_by_hand() {
    let p = fairness(FAIRNESS).unwrap();
    let opt = p.optimise(None).unwrap();
    close(opt.value(), 7.0);
    // Today: 0.01·100 + 0.005·100 + 0.004·50 + 0.01·20 = 1.9 QALYs.
    close(opt.baseline_value(), 1.9);
    for (got, want) in opt.activity().iter().zip([550.0, 200.0, 100.0, 10.0]) {
        close(*got, want);
    }
    let binding: Vec<(&str, f64)> = opt
        .binding()
        .iter()
        .map(|b| (b.constraint.as_str(), b.shadow_price.unwrap()))
        .collect();
    let names: Vec<&str> = binding.iter().map(|b| b.0).collect();
    assert_eq!(
        names,
        [
            "the envelope of £10,000",
            "the West locality minimum of £500",
            "the East 2 cluster minimum of £2,000",
            "the Top 10% at risk segment minimum of £1,000",
        ]
    );
    for (got, want) in binding.iter().zip([0.001, -0.0008, -0.0005, -0.0016]) {
        close(got.1, want);
    }
    assert_eq!(
        opt.binding()[3].meaning,
        "£1 more on the Top 10% at risk segment minimum costs 0.0016 QALYs"
    );
}

#[test]
fn a_segment_minimum_that_the_envelope_cannot_meet_is_named() {
    // £6,000 on the segment is £12,000 of the team's visits: more than the £10,000 envelope.
    let p = fairness(FAIRNESS).unwrap();
    let mut spec = p.kept_optimise().unwrap().clone();
    spec.segment_minimum.insert("top_risk".into(), 6_000.0);
    let e = p.optimise(Some(&spec)).unwrap_err();
    assert_eq!(
        e,
        Error::Infeasible {
            conflict: vec![
                "the envelope of £10,000".into(),
                "the Top 10% at risk segment minimum of £6,000".into(),
            ]
        }
    );
}

#[test]
fn a_segment_minimum_chooses_between_options() {
    // Today £4,000 of £10,000; the segment has 0.5 · £1,000 = £500. "more care planning in
    // East 1": +200 contacts, +£2,000, +2 QALYs. "more team visits": +100 visits, +£2,000,
    // +0.4 QALYs and +£1,000 on the segment. Only one may be adopted. Without a segment
    // minimum care planning wins (1.9 + 2 = 3.9); £1,200 on the segment needs the team
    // (1.9 + 0.4 = 2.3).
    let p = fairness(FAIRNESS).unwrap();
    let options = [
        ("more care planning in East 1", "care_planning_east_1", 200.0),
        ("more team visits", "community_team", 100.0),
    ]
    .map(|(name, service, units)| {
        Scenario::new(name).unwrap().with(Lever::Commission {
            service: service.into(),
            people: None,
            units: Some(units.into()),
            source: MoneySource::New,
        })
    });
    let names: Vec<String> = options.iter().map(|o| o.name().to_string()).collect();
    let mut spec = OptimiseSpec {
        objective: Some("qalys".into()),
        exclusive: vec![names.clone()],
        ..Default::default()
    };
    let chosen = |spec: &OptimiseSpec| {
        let opt = p.economy().optimise(spec, &options).unwrap();
        let names: Vec<String> = opt.options().iter().filter(|o| o.1).map(|o| o.0.clone()).collect();
        (names, opt.value())
    };
    let (names_free, value) = chosen(&spec);
    assert_eq!(names_free, [names[0].clone()]);
    close(value, 3.9);
    spec.segment_minimum.insert("top_risk".into(), 1_200.0);
    let (names_fair, value) = chosen(&spec);
    assert_eq!(names_fair, [names[1].clone()]);
    close(value, 2.3);
}

#[test]
fn an_unknown_or_empty_segment_is_refused_with_its_field() {
    let text = FAIRNESS.replace("segment_minimum = { top_risk", "segment_minimum = { top_risks");
    let e = fairness(&text).unwrap_err().to_string();
    assert!(
        e.contains("optimise.segment_minimum.top_risks: unknown segment `top_risks`"),
        "{e}"
    );
    let text = FAIRNESS.replace("use = { community_team = 0.5 }", "use = {}");
    let e = fairness(&text).unwrap_err().to_string();
    assert!(
        e.contains("optimise.segment_minimum.top_risk") && e.contains("its `use` in [[segments]] is empty"),
        "{e}"
    );
    let text = FAIRNESS.replace("top_risk = 1000", "top_risk = -1");
    let e = fairness(&text).unwrap_err().to_string();
    assert!(e.contains("optimise.segment_minimum.top_risk"), "{e}");
}
