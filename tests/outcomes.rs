//! Outcomes in the model and the cost-effectiveness reports: QALYs per person, admissions
//! counted through an event service's activity, the ICER, net benefit and the incremental
//! table, each worked by hand; and every invalid outcome refused with its field named.

use caretriangle::io::{programme_from_str, Format};
use caretriangle::outcomes::incremental;
use caretriangle::{ApplyOptions, Dimension, Economy, Error, Lever, Scenario};

fn load(text: &str) -> Result<Economy, Error> {
    programme_from_str(text, Format::Toml, "e.toml").map(|p| p.economy().clone())
}

/// The shipped DESMOND example: £82 a person (real-world lifetime cost) and 0.0392 QALYs a
/// person (Gillett et al., BMJ 2010;341:c4093), 1,000 people a year.
fn desmond() -> Economy {
    load(caretriangle::examples::STRUCTURED_EDUCATION).unwrap()
}

/// An event service counted as admissions, and a community service that reaches people.
const ADMISSIONS: &str = r#"
name = "Admissions"
envelope = 5000000
price_year = "2023/24"

[[outcomes]]
id = "admissions"
name = "Non-elective admissions"
unit = "admission"
better = "lower"
value = 1749

[[outcomes]]
id = "people_supported"

[[services]]
id = "ne_spells"
corner = "clinical"
provider = "acute_trust"
unit = "spell"
unit_cost = 1749
activity = 1000
counts_as = "admissions"

[[services]]
id = "peer_support"
corner = "community_self_management"
provider = "third_sector"
unit = "session"
unit_cost = 40
activity = 2000
units_per_person = 4
outcomes_per_person = { people_supported = 1 }
"#;

#[test]
fn done_when_desmond_gives_2092_a_qaly_and_702_a_person_at_20000() {
    let e = desmond();
    let res = e
        .apply(
            &Scenario::new("more")
                .unwrap()
                .with(Lever::scale_activity("desmond", 2.0).unwrap()),
            ApplyOptions::default(),
        )
        .unwrap();
    let ce = res.cost_effectiveness("qalys", Some(20_000.0)).unwrap();
    // 1,000 more people: ΔC = 1,000 × 82 = 82,000; ΔQ = 1,000 × 0.0392 = 39.2.
    assert!((ce.delta_cost - 82_000.0).abs() < 1e-6);
    assert!((ce.delta_outcome - 39.2).abs() < 1e-9);
    // ICER 82,000 / 39.2 = 2,091.84 → £2,092 to the pound (Gillett et al. report £2,092).
    assert_eq!(ce.icer.unwrap().round(), 2092.0);
    // NMB = 20,000 × 39.2 − 82,000 = 702,000: £702 a person for the 1,000 people.
    assert!((ce.net_monetary_benefit / 1000.0 - 702.0).abs() < 1e-9);
    // NHB = 39.2 − 82,000 / 20,000 = 39.2 − 4.1 = 35.1 QALYs.
    assert!((ce.net_health_benefit.unwrap() - 35.1).abs() < 1e-9);
    assert_eq!(ce.verdict, "costs £2,091.84 more a QALY gained");
    // The threshold defaults to the outcome's value (£20,000 in the file).
    assert_eq!(res.cost_effectiveness("qalys", None).unwrap(), ce);
}

#[test]
fn an_event_service_counts_admissions_and_a_cut_reports_them_avoided() {
    let e = load(ADMISSIONS).unwrap();
    let cut = Scenario::new("cut")
        .unwrap()
        .with(Lever::scale_activity("ne_spells", 0.9).unwrap());
    let res = e.apply(&cut, ApplyOptions::default()).unwrap();
    // 1,000 spells, 10% fewer: 100 admissions avoided, £174,900 (100 × £1,749) saved.
    assert_eq!(res.outcome_totals(0), (1000.0, 900.0));
    let ce = res.icer("admissions").unwrap();
    assert!((ce.delta_outcome - 100.0).abs() < 1e-9);
    assert!((ce.delta_cost + 174_900.0).abs() < 1e-6);
    assert_eq!(ce.verdict, "dominant: saves money and avoids Non-elective admissions");
    // At £1,749 an admission avoided: NMB = 1,749 × 100 + 174,900 = 349,800.
    assert!((ce.net_monetary_benefit - 349_800.0).abs() < 1e-6);
    // People supported: 2,000 sessions / 4 a person × 1 = 500, unchanged.
    assert_eq!(res.outcome_totals(1), (500.0, 500.0));
    let ce = res.cost_effectiveness("people_supported", Some(100.0)).unwrap();
    assert_eq!(ce.verdict, "saves money for no change");
    assert_eq!(ce.icer, None);
}

#[test]
fn outcomes_by_corner_and_service() {
    let e = load(ADMISSIONS).unwrap();
    let grow = Scenario::new("grow")
        .unwrap()
        .with(Lever::scale_activity("peer_support", 1.5).unwrap());
    let res = e.apply(&grow, ApplyOptions::default()).unwrap();
    let t = res.outcomes(Dimension::Corner);
    // Two outcomes × three corners.
    assert_eq!(t.len(), 6);
    // Rows 0-2: admissions by corner; 3-5: people supported. Peer support: 3,000 sessions
    // / 4 = 750 people after, 500 before: a gain of 250 in the community corner.
    let col = |n: &str| t.numbers(n).unwrap().to_vec();
    assert_eq!(t.keys()[5], "community_self_management");
    assert_eq!(col("before")[5], Some(500.0));
    assert_eq!(col("after")[5], Some(750.0));
    assert_eq!(col("gain")[5], Some(250.0));
    // Admissions unchanged in the clinical corner: 1,000 before and after.
    assert_eq!((col("before")[0], col("change")[0]), (Some(1000.0), Some(0.0)));
    let t = res.outcomes(Dimension::Service);
    assert_eq!(t.keys(), ["ne_spells", "peer_support", "ne_spells", "peer_support"]);
}

#[test]
fn incremental_table_sets_aside_dominated_and_extendedly_dominated_options() {
    // DESMOND at £82 and 0.0392 QALYs a person, 1,000 people in the baseline. Options
    // (ΔC, ΔQ) against it: x1.5 (41,000, 19.6), x2 (82,000, 39.2), x0.5 (−41,000, −19.6).
    // In order of cost: x0.5, baseline, x1.5, x2; all on one line of slope 82/0.0392, so
    // every ICER is 2,091.84 and none is extendedly dominated (ties stay on the frontier).
    let e = desmond();
    let scaled = |name: &str, f: f64| {
        let s = Scenario::new(name)
            .unwrap()
            .with(Lever::scale_activity("desmond", f).unwrap());
        e.apply(&s, ApplyOptions::default()).unwrap()
    };
    let (half, more, double) = (scaled("x0.5", 0.5), scaled("x1.5", 1.5), scaled("x2", 2.0));
    let t = incremental(&[&double, &more, &half], "qalys").unwrap();
    assert_eq!(t.keys(), ["x0.5", "baseline", "x1.5", "x2"]);
    let icer = t.numbers("icer").unwrap();
    assert_eq!(icer[0], None);
    for v in &icer[1..] {
        assert!((v.unwrap() - 82.0 / 0.0392).abs() < 1e-6);
    }
    // Adding a scenario that costs more and gains less than x2 (x1.5 with a price rise to
    // £200 a person: ΔC = 1,500 × 200 − 82,000 = 218,000, ΔQ = 19.6) is dominated by x2.
    let dear = e
        .apply(
            &Scenario::new("dear")
                .unwrap()
                .with(Lever::scale_activity("desmond", 1.5).unwrap())
                .with(Lever::set_unit_cost("desmond", 200.0).unwrap()),
            ApplyOptions::default(),
        )
        .unwrap();
    let t = incremental(&[&double, &more, &half, &dear], "qalys").unwrap();
    let standing = match &t.columns.last().unwrap().values {
        caretriangle::Values::Text(v) => v.clone(),
        caretriangle::Values::Number(_) => unreachable!(),
    };
    assert_eq!(t.keys()[4], "dear");
    assert_eq!(standing[4], "dominated by `x2`");
    assert!(t.get("dear", "icer").is_none());
}

fn error_of(text: &str) -> String {
    load(text).unwrap_err().to_string()
}

#[test]
fn invalid_outcomes_are_refused_with_their_field() {
    let typo = ADMISSIONS.replace("counts_as = \"admissions\"", "counts_as = \"admisions\"");
    assert!(error_of(&typo).contains("services[0].counts_as: unknown outcome `admisions`; did you mean `admissions`?"));
    // A negative figure is a harm, allowed (tests/outcome_harms.rs); one that is not finite is not.
    let infinite = ADMISSIONS.replace("people_supported = 1 }", "people_supported = inf }");
    assert!(error_of(&infinite)
        .contains("services[1].outcomes_per_person.people_supported must be a finite number, got inf"));
    let no_upp = ADMISSIONS.replace("units_per_person = 4\n", "");
    assert!(error_of(&no_upp).contains("services[1].outcomes_per_person must be given"));
    let twice = ADMISSIONS.replace("id = \"people_supported\"", "id = \"admissions\"");
    assert!(error_of(&twice).contains("outcomes[1].id: duplicate outcome id `admissions`"));
    let value = ADMISSIONS.replace("value = 1749", "value = -1");
    assert!(error_of(&value).contains("outcomes[0].value must be a finite number >= 0, got -1"));
    let better = ADMISSIONS.replace("better = \"lower\"", "better = \"less\"");
    assert!(error_of(&better).contains("unknown variant `less`, expected `higher` or `lower`"));
    let res = desmond()
        .apply(&Scenario::new("none").unwrap(), ApplyOptions::default())
        .unwrap();
    assert_eq!(
        res.icer("qaly").unwrap_err().to_string(),
        "outcome: unknown outcome `qaly`; did you mean `qalys`?"
    );
    assert!(res.cost_effectiveness("qalys", Some(-1.0)).is_err());
    let no_value = load(ADMISSIONS)
        .unwrap()
        .apply(&Scenario::new("none").unwrap(), ApplyOptions::default())
        .unwrap();
    assert!(no_value
        .cost_effectiveness("people_supported", None)
        .unwrap_err()
        .to_string()
        .starts_with("threshold must be a threshold in £ a people_supported"));
}

#[test]
fn outcomes_round_trip_through_toml_and_json() {
    let e = desmond();
    for format in [Format::Toml, Format::Json] {
        let text =
            caretriangle::io::programme_to_string(&caretriangle::Programme::of_economy(e.clone()), format).unwrap();
        let back = programme_from_str(&text, format, "e").unwrap();
        assert_eq!(back.economy(), &e);
    }
}
