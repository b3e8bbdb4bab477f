//! Commissioning people or units of a service, worked by hand on the fixture: health trainers
//! at £11.45 an hour and 8 hours a person; the skill mix releases 800 × (21.25 − 11.45) =
//! 7,840 from the clinical corner (see `released.rs`).

use caretriangle::{ApplyOptions, Corner, Economy, Error, Lever, MoneySource, ProviderType, Scenario, ScenarioSpec};

use crate::common::{close, fixture, fixture_spec, money, plain, service};
use crate::{conserves, flows_are, run, skill_mix, Clinical, Community, SOUTH};

fn commission(service: &str, people: Option<f64>, units: Option<f64>, source: MoneySource) -> Lever {
    Lever::commission(service, people, units, source).unwrap()
}

/// The fixture with an integrated community team that has no activity yet: £50 a contact,
/// 10 contacts a person (illustrative).
fn with_team() -> Economy {
    let mut spec = fixture_spec();
    let mut team = service(
        "integrated_team",
        Corner::CommunitySelfManagement,
        ProviderType::CommunityTrust,
        "contact",
        50.0,
        0.0,
    );
    team.units_per_person = Some(10.0.into());
    spec.services.push(team);
    Economy::new(spec).unwrap()
}

#[test]
fn people_bought_with_released_money() {
    let c = run(
        &fixture(),
        vec![
            skill_mix(),
            commission("health_trainer_south", Some(50.0), None, MoneySource::Released),
        ],
    );
    // 50 people × 8 h = 400 h at £11.45 = 4,580, from the 7,840 released: 3,260 unspent.
    close(c.activity_after()[SOUTH], 400.0 + 400.0, 1e-9);
    money(c.spend_after()[SOUTH], 9_160.0);
    money(c.reinvested(), 4_580.0);
    money(c.unspent_release(), 3_260.0);
    money(c.total_after(), 123_530.0 - 3_260.0);
    // The skill mix moves 9,160 clinical → community, the commission 4,580 more.
    flows_are(&c, &[(Clinical, Community, 13_740.0)]);
    money(c.lever_table().get("2", "reinvested").unwrap(), 4_580.0);
    assert_eq!(
        plain(&c.levers()[1].description),
        "commission 50 people of health_trainer_south with released money"
    );
    conserves(&c);
}

#[test]
fn units_of_a_new_service_bought_with_new_money() {
    let team = with_team();
    let scenario = Scenario::new("team")
        .unwrap()
        .with(commission("integrated_team", Some(20.0), None, MoneySource::New))
        .with(commission("integrated_team", None, Some(50.0), MoneySource::New));
    let c = team.apply(&scenario, ApplyOptions::default()).unwrap();
    // 20 people × 10 contacts = 200, and 50 more: 250 contacts × £50 = 12,500 of new money.
    let i = team.service_index("integrated_team", "").unwrap();
    close(c.activity_after()[i], 250.0, 1e-9);
    money(c.new_money(), 12_500.0);
    money(c.total_after(), 123_530.0 + 12_500.0);
    flows_are(&c, &[]);
    conserves(&c);
}

#[test]
fn scaling_a_service_with_no_activity_points_to_commission() {
    let scenario = Scenario::new("s")
        .unwrap()
        .with(Lever::scale_activity("integrated_team", 1.5).unwrap());
    let e = with_team().apply(&scenario, ApplyOptions::default()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "levers[0].service must be a service with activity to scale (it has none: use `commission` to buy \
         people or units of it), got \"integrated_team\""
    );
    // Once commissioned it has activity, and scales.
    let scenario = Scenario::new("s")
        .unwrap()
        .with(commission("integrated_team", None, Some(100.0), MoneySource::New))
        .with(Lever::scale_activity("integrated_team", 1.5).unwrap());
    let c = with_team().apply(&scenario, ApplyOptions::default()).unwrap();
    money(c.new_money(), 7_500.0); // 150 contacts × £50
}

#[test]
fn commissions_that_cannot_be_made_are_refused() {
    let refused = |l: Result<Lever, Error>| l.unwrap_err().to_string();
    assert_eq!(
        refused(Lever::commission(
            "peer_support",
            Some(1.0),
            Some(1.0),
            MoneySource::New
        )),
        "units must be either `people` or `units`, not both, got 1"
    );
    assert_eq!(
        refused(Lever::commission("peer_support", None, None, MoneySource::New)),
        "people must be a number of people or of units to commission, got nothing"
    );
    assert_eq!(
        refused(Lever::commission("peer_support", Some(-1.0), None, MoneySource::New)),
        "people must be a finite number >= 0, got -1"
    );
    let apply = |l: Lever| {
        let s = Scenario::new("s").unwrap().with(skill_mix()).with(l);
        fixture().apply(&s, ApplyOptions::default()).unwrap_err().to_string()
    };
    assert_eq!(
        apply(commission("peer_support", Some(10.0), None, MoneySource::New)),
        "levers[1].people must be a service with units_per_person to buy people of (`peer_support` has none; \
         give units instead), got 10"
    );
    // 1,000 people × 8 h × £11.45 = 91,600, but only 7,840 was released.
    assert_eq!(
        apply(commission(
            "health_trainer_south",
            Some(1000.0),
            None,
            MoneySource::Released
        )),
        "levers[1].units: commissions £91,600.00 of health_trainer_south with released money but earlier \
         levers left only £7,840.00 unspent; release more first, or set source = \"new\""
    );
}

#[test]
fn files_say_people_or_units() {
    let text = r#"
name = "team"
[[levers]]
lever = "commission"
service = "health_trainer_south"
people = { dist = "triangular", low = 40, mode = 50, high = 60 }
source = "new"
[[levers]]
lever = "commission"
service = "peer_support"
units = 100
"#;
    let spec: ScenarioSpec = toml::from_str(text).unwrap();
    let json = serde_json::to_value(&spec).unwrap();
    assert_eq!(
        json["levers"][1],
        serde_json::json!({"lever": "commission", "service": "peer_support", "units": 100.0})
    );
    assert_eq!(serde_json::from_value::<ScenarioSpec>(json).unwrap(), spec);
    let s = Scenario::from_spec(spec).unwrap();
    let s = s.with(skill_mix());
    let e = fixture().apply(&s, ApplyOptions::default()).unwrap_err();
    // Lever 1 buys 100 sessions at £25 = 2,500 of released money before any is released.
    assert!(
        e.to_string()
            .starts_with("levers[1].units: commissions £2,500.00 of peer_support"),
        "{e}"
    );
}
