//! Negative outcome figures: harms (a service that costs QALYs, an adverse event avoided per
//! person) are allowed, and the ICER, net benefit, verdict and incremental table read a loss
//! as a loss; what has no meaning (figures that are not finite, a negative £ a unit) is
//! refused with its field named. Every figure worked by hand.

use caretriangle::io::{programme_from_str, Format};
use caretriangle::outcomes::incremental;
use caretriangle::report::Values;
use caretriangle::{ApplyOptions, Comparison, Economy, Error, Lever, Scenario};

/// A drug at £500 a person gaining 0.02 QALYs a person (1,000 people), and a screening
/// programme at £50 a person that harms: −0.001 QALYs a person (overdiagnosis; illustrative
/// figures), which also avoids 0.01 admissions a person.
const HARMS: &str = r#"
name = "Harms"
envelope = 2000000
price_year = "2023/24"

[[outcomes]]
id = "qalys"
unit = "QALY"
value = 20000

[[outcomes]]
id = "admissions"
unit = "admission"
better = "lower"

[[services]]
id = "drug"
corner = "clinical"
provider = "acute_trust"
unit = "person"
unit_cost = 500
activity = 1000
units_per_person = 1
outcomes_per_person = { qalys = 0.02 }

[[services]]
id = "screening"
corner = "nhs_self_management"
provider = "general_practice"
unit = "person"
unit_cost = 50
activity = 1000
units_per_person = 1
outcomes_per_person = { qalys = -0.001, admissions = -0.01 }
"#;

fn load(text: &str) -> Result<Economy, Error> {
    programme_from_str(text, Format::Toml, "h.toml").map(|p| p.economy().clone())
}

fn scaled(e: &Economy, name: &str, service: &str, f: f64) -> Comparison {
    let s = Scenario::new(name)
        .unwrap()
        .with(Lever::scale_activity(service, f).unwrap());
    e.apply(&s, ApplyOptions::default()).unwrap()
}

#[test]
fn south_west_quadrant_saves_money_and_loses_qalys() {
    let e = load(HARMS).unwrap();
    // Halving the drug: 500 fewer people, ΔC = −500 × 500 = −£250,000, ΔQ = −500 × 0.02 = −10.
    let ce = scaled(&e, "halve", "drug", 0.5).icer("qalys").unwrap();
    assert!((ce.delta_cost + 250_000.0).abs() < 1e-6 && (ce.delta_outcome + 10.0).abs() < 1e-12);
    // ICER = −250,000 / −10 = £25,000 saved a QALY lost: the south-west quadrant, where a
    // saving above the threshold per QALY lost is worth having.
    assert!((ce.icer.unwrap() - 25_000.0).abs() < 1e-6);
    assert_eq!(ce.verdict, "saves £25,000.00 a QALY lost");
    // NMB at £20,000 = 20,000 × (−10) − (−250,000) = +£50,000: worth disinvesting at £20,000,
    let nb = ce.net_monetary_benefit;
    assert!((nb - 50_000.0).abs() < 1e-6, "{nb}");
    // … and not at £30,000 (30,000 × −10 + 250,000 = −£50,000).
    let res = scaled(&e, "halve", "drug", 0.5);
    let at30 = res.cost_effectiveness("qalys", Some(30_000.0)).unwrap();
    assert!((at30.net_monetary_benefit + 50_000.0).abs() < 1e-6);
    // NHB at £20,000 = −10 + 250,000 / 20,000 = 2.5 QALYs.
    assert!((ce.net_health_benefit.unwrap() - 2.5).abs() < 1e-12);
}

#[test]
fn a_harm_that_costs_more_is_dominated_and_an_avoided_event_is_a_gain() {
    let e = load(HARMS).unwrap();
    let res = scaled(&e, "double screening", "screening", 2.0);
    // 1,000 more screened: ΔC = +£50,000, ΔQ = 1,000 × −0.001 = −1 QALY.
    let ce = res.icer("qalys").unwrap();
    assert!((ce.delta_outcome + 1.0).abs() < 1e-12);
    assert_eq!(ce.verdict, "dominated: costs more and loses qalys");
    // NMB = 20,000 × (−1) − 50,000 = −£70,000.
    assert!((ce.net_monetary_benefit + 70_000.0).abs() < 1e-6);
    // The same people avoid 1,000 × 0.01 = 10 admissions: admissions total
    // −10 before, −20 after (a negative count of admissions avoided), a gain of 10 where
    // less is better; £50,000 / 10 = £5,000 an admission avoided.
    assert_eq!(res.outcome_totals(1), (-10.0, -20.0));
    let ce = res.icer("admissions").unwrap();
    assert!((ce.delta_outcome - 10.0).abs() < 1e-12);
    assert_eq!(ce.verdict, "costs £5,000.00 more an admission avoided");
}

#[test]
fn the_incremental_table_sets_aside_an_option_that_loses_qalys_for_more_money() {
    let e = load(HARMS).unwrap();
    // Options (ΔC, ΔQ) against the baseline (0, 0): halve the drug (−250,000, −10), double
    // screening (+50,000, −1), more drug ×1.5 (+250,000, +10). In order of cost: halve,
    // baseline, screening, more. Screening costs more than the baseline and gains less:
    // dominated by it. The frontier: halve → baseline at 250,000 / 10 = £25,000 a QALY, and
    // baseline → more at £25,000 a QALY.
    let halve = scaled(&e, "halve", "drug", 0.5);
    let screen = scaled(&e, "screen", "screening", 2.0);
    let more = scaled(&e, "more", "drug", 1.5);
    let t = incremental(&[&halve, &screen, &more], "qalys").unwrap();
    assert_eq!(t.keys(), ["halve", "baseline", "screen", "more"]);
    let icer = t.numbers("icer").unwrap();
    assert_eq!(icer[0], None);
    assert!((icer[1].unwrap() - 25_000.0).abs() < 1e-6);
    assert_eq!(icer[2], None);
    assert!((icer[3].unwrap() - 25_000.0).abs() < 1e-6);
    let standing = t.columns.iter().find(|c| c.name == "standing").unwrap();
    let Values::Text(words) = &standing.values else {
        panic!("standing is text")
    };
    assert!(words[2].starts_with("dominated"), "{}", words[2]);
}

#[test]
fn figures_with_no_meaning_are_refused_with_the_field_named() {
    // Not finite: nan has no sign and no size.
    let e = load(&HARMS.replace("qalys = -0.001", "qalys = nan")).unwrap_err();
    assert!(
        e.to_string()
            .ends_with("services[1].outcomes_per_person.qalys must be a finite number, got NaN"),
        "{e}"
    );
    // A negative £ a unit would count a gain as a loss in net benefit.
    let e = load(&HARMS.replace("value = 20000", "value = -20000")).unwrap_err();
    assert!(
        e.to_string()
            .ends_with("outcomes[0].value must be a finite number >= 0, got -20000"),
        "{e}"
    );
    // And so would a negative threshold asked for in a report.
    let res = scaled(&load(HARMS).unwrap(), "halve", "drug", 0.5);
    let e = res.cost_effectiveness("qalys", Some(-1.0)).unwrap_err();
    assert_eq!(e.to_string(), "threshold must be a finite number >= 0, got -1");
}
