//! The optimiser on a problem solved by hand (tests/data/optimise_small.toml): three services,
//! the envelope, one corner minimum and one staff-hours limit; its shadow prices; the floor;
//! options chosen 0/1; and the typed errors for conflicting constraints and an unbounded
//! objective.
//!
//! The problem, with a, b, c the activity of diabetes_review, care_planning and peer_support:
//!
//! ```text
//! maximise  0.02a + 0.03b + 0.005c                    QALYs
//! subject to 40a + 100b + 25c <= 100,000              the envelope (E)
//!            25c              >= 12,000               community corner minimum (K)
//!            0.75a + 0.5b     <= 1,000                practice nurse hours (N: 45 and 30 minutes)
//!            0 <= b <= 500                            care planning's capacity
//! ```
//!
//! QALYs a £: a 0.0005, b 0.0003, c 0.0002; a nurse hour gives a 0.02/0.75 = 0.0267, b 0.06.
//! Peer support does least a £, so it stays at its minimum, c = 480 (£12,000). The other
//! £88,000 and the 1,000 nurse hours go to a and b, both binding:
//!   40a + 100b = 88,000 and 0.75a + 0.5b = 1,000  ⇒  b = 5,200/11 = 472.72…, a = 11,200/11.
//! Objective: 0.02·11,200/11 + 0.03·5,200/11 + 0.005·480 = 380/11 + 2.4 = 36.9454…
//! Shadow prices, from a and b inside their bounds and c at K:
//!   40yE + 0.75yN = 0.02, 100yE + 0.5yN = 0.03  ⇒  yE = 1/4,400, yN = 4/275;
//!   25yE + 25yK = 0.005  ⇒  yK = 0.0002 − 1/4,400 = −3/110,000.
//! So £1 more in the envelope buys 1/4,400 QALY (an implied threshold of £4,400 a QALY), an
//! hour more of nurse time 0.014545 QALYs, and £1 more on the corner minimum costs 0.0000273.
//! Check (strong duality): 100,000/4,400 + 1,000·4/275 − 12,000·3/110,000 = 36.9454…

use caretriangle::io::{programme_from_str, Format};
use caretriangle::optimise::{Floor, OptimiseSpec};
use caretriangle::{ApplyOptions, Error, Programme};

const SMALL: &str = include_str!("data/optimise_small.toml");

fn small() -> Programme {
    programme_from_str(SMALL, Format::Toml, "optimise_small.toml").unwrap()
}

fn close(x: f64, y: f64) {
    assert!((x - y).abs() <= 1e-9 * y.abs().max(1.0), "{x} != {y}");
}

#[test]
fn the_small_problem_solved_by_hand_from_the_file() {
    let p = small();
    let opt = p.optimise(None).unwrap();
    close(opt.value(), 380.0 / 11.0 + 2.4);
    // Today: 0.02·1,000 + 0.03·300 + 0.005·800 = 33 QALYs.
    close(opt.baseline_value(), 33.0);
    let a = opt.activity();
    close(a[0], 11_200.0 / 11.0);
    close(a[1], 5_200.0 / 11.0);
    close(a[2], 480.0);
    let prices: Vec<(String, f64)> = opt
        .binding()
        .iter()
        .map(|b| (b.constraint.clone(), b.shadow_price.unwrap()))
        .collect();
    assert_eq!(
        prices.iter().map(|(c, _)| c.as_str()).collect::<Vec<_>>(),
        [
            "the envelope of £100,000",
            "the community self management corner minimum of £12,000",
            "the 1,000 hours of practice nurse time",
        ]
    );
    close(prices[0].1, 1.0 / 4400.0);
    close(prices[1].1, -3.0 / 110_000.0);
    close(prices[2].1, 4.0 / 275.0);
    assert_eq!(
        opt.binding()[0].meaning,
        "£1 more in the envelope buys 0.0002273 QALYs, an implied threshold of £4,400 a QALY"
    );
    assert_eq!(
        opt.binding()[2].meaning,
        "an hour more of practice nurse time is worth 0.01455 QALYs"
    );
    assert_eq!(
        opt.binding()[1].meaning,
        "£1 more on the community self management corner minimum costs 0.00002727 QALYs"
    );
}

#[test]
fn the_optimum_is_a_scenario_that_reproduces_its_plan() {
    let p = small();
    let opt = p.optimise(None).unwrap();
    assert_eq!(opt.scenario().name(), "Optimum for QALYs gained");
    let res = p
        .economy()
        .apply(opt.scenario(), ApplyOptions { strict: true })
        .unwrap();
    for (after, planned) in res.activity_after().iter().zip(opt.activity()) {
        close(*after, *planned);
    }
    // The plan spends the whole envelope.
    close(res.total_after(), 100_000.0);
    let t = opt.activities();
    assert_eq!(t.get("peer_support", "activity_change"), Some(480.0 - 800.0));
}

#[test]
fn the_baseline_floor_keeps_every_service_at_least_at_today() {
    // a >= 1,000, b >= 300, c >= 800 (£20,000: the corner minimum no longer binds). £10,000
    // and 100 nurse hours are left: 40Δa + 100Δb = 10,000, 0.75Δa + 0.5Δb = 100 ⇒
    // Δb = 700/11, Δa = 1,000/11; QALYs 0.02·12,000/11 + 0.03·4,000/11 + 0.005·800 = 360/11 + 4.
    let p = small();
    let spec = OptimiseSpec {
        floor: Floor::Baseline,
        ..p.kept_optimise().unwrap().clone()
    };
    let opt = p.optimise(Some(&spec)).unwrap();
    close(opt.value(), 360.0 / 11.0 + 4.0);
    close(opt.activity()[0], 12_000.0 / 11.0);
    close(opt.activity()[1], 4_000.0 / 11.0);
    close(opt.activity()[2], 800.0);
    let binding: Vec<&str> = opt.binding().iter().map(|b| b.constraint.as_str()).collect();
    assert_eq!(
        binding,
        ["the envelope of £100,000", "the 1,000 hours of practice nurse time"]
    );
}

#[test]
fn minimise_cost_for_a_required_outcome() {
    // The cheapest 20 QALYs with peer support at least £12,000 (0.005·480 = 2.4 QALYs): the
    // other 17.6 from diabetes review, the cheapest a QALY (£2,000), needing 880 contacts
    // (660 nurse hours, within 1,000): 880·40 + 12,000 = £47,200. A QALY more required costs
    // £2,000 (the price of the required row, in £).
    let p = small();
    let spec: OptimiseSpec = toml::from_str(
        r#"sense = "minimise_cost"
required = { qalys = 20 }
corner_minimum = { community_self_management = 12000 }"#,
    )
    .unwrap();
    let opt = p.optimise(Some(&spec)).unwrap();
    close(opt.value(), 47_200.0);
    let required = opt
        .binding()
        .iter()
        .find(|b| b.constraint == "the required 20 QALYs")
        .unwrap();
    close(required.shadow_price.unwrap(), 2_000.0);
    assert_eq!(required.meaning, "one QALY more required costs £2,000");
}

#[test]
fn options_are_chosen_whole_within_the_envelope_and_staff_hours() {
    // Today £90,000 of £100,000 and 900 of 1,000 nurse hours. More reviews: +250 contacts,
    // +£10,000, +5 QALYs but +187.5 nurse hours (too many). More peer support: +400 people,
    // +£10,000, +2 QALYs. More care planning: +60 contacts, +£6,000, +1.8 QALYs. Peer support
    // and care planning together cost £16,000: the best affordable is peer support, 33 + 2.
    let text = format!(
        "{}\n{}",
        SMALL
            .replace("[optimise]", "[optimise_unused]")
            .split("[optimise_unused]")
            .next()
            .unwrap(),
        r#"
[[scenarios]]
name = "more reviews"
levers = [{ lever = "scale_activity", service = "diabetes_review", factor = 1.25 }]
[[scenarios]]
name = "more peer support"
levers = [{ lever = "commission", service = "peer_support", units = 400, source = "new" }]
[[scenarios]]
name = "more care planning"
levers = [{ lever = "scale_activity", service = "care_planning", factor = 1.2 }]

[optimise]
objective = "qalys"
options = ["more reviews", "more peer support", "more care planning"]
exclusive = [["more reviews", "more care planning"]]
"#
    );
    let p = programme_from_str(&text, Format::Toml, "options.toml").unwrap();
    let opt = p.optimise(None).unwrap();
    let chosen: Vec<&str> = opt
        .options()
        .iter()
        .filter(|(_, c)| *c)
        .map(|(n, _)| n.as_str())
        .collect();
    assert_eq!(chosen, ["more peer support"]);
    close(opt.value(), 35.0);
    // 1,100 nurse hours let the reviews in: 33 + 5 = 38.
    let mut spec = p.kept_optimise().unwrap().clone();
    spec.staff_hours.insert("practice_nurse".into(), 1100.0);
    let opt = p.optimise(Some(&spec)).unwrap();
    let chosen: Vec<&str> = opt
        .options()
        .iter()
        .filter(|(_, c)| *c)
        .map(|(n, _)| n.as_str())
        .collect();
    assert_eq!(chosen, ["more reviews"]);
    close(opt.value(), 38.0);
    assert_eq!(opt.scenario().levers().len(), 1);
}

#[test]
fn conflicting_constraints_are_named() {
    let p = small();
    let mut spec = p.kept_optimise().unwrap().clone();
    spec.corner_minimum
        .insert("community_self_management".into(), 120_000.0);
    let e = p.optimise(Some(&spec)).unwrap_err();
    assert_eq!(
        e,
        Error::Infeasible {
            conflict: vec![
                "the envelope of £100,000".into(),
                "the community self management corner minimum of £120,000".into(),
            ]
        }
    );
    assert_eq!(
        e.to_string(),
        "no plan meets every constraint: the envelope of £100,000 and the community self \
         management corner minimum of £120,000 cannot all hold"
    );
}

#[test]
fn an_unlimited_service_is_named() {
    let text = SMALL.replace("unit_cost = 25", "unit_cost = 0");
    let p = programme_from_str(&text, Format::Toml, "free.toml").unwrap();
    let e = p.optimise(None).unwrap_err();
    assert_eq!(
        e,
        Error::Unbounded {
            services: vec!["peer_support".into()]
        }
    );
}

#[test]
fn an_unknown_staff_group_or_corner_is_refused_with_its_field() {
    let text = SMALL.replace("practice_nurse = 30", "nurse = 30");
    let e = programme_from_str(&text, Format::Toml, "e.toml").unwrap_err();
    assert!(
        e.to_string()
            .contains("services[1].staff_minutes: unknown staff group `nurse`"),
        "{e}"
    );
    let text = SMALL.replace(
        "corner_minimum = { community_self_management",
        "corner_minimum = { community",
    );
    let e = programme_from_str(&text, Format::Toml, "e.toml").unwrap_err();
    assert!(
        e.to_string()
            .contains("optimise.corner_minimum.community must be a corner"),
        "{e}"
    );
}
