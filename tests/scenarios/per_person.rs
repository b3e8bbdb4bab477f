//! Substitution person for person (`per = "person"`), worked by hand on the fixture: the
//! dietitian sees a person for 4 hours at £21.25, health_trainer_north for 8 hours at £11.45,
//! so a person moved takes 8 / 4 = 2 trainer hours for each dietitian hour (no ratio worked
//! out by hand).

use caretriangle::{ApplyOptions, Lever, Per, Scenario, ScenarioSpec};

use crate::common::{close, fixture, money, plain};
use crate::{conserves, run, DIETITIAN, NORTH};

fn people(share: f64) -> Lever {
    Lever::substitute_with("dietitian", "health_trainer_north", share, 1.0, Per::Person).unwrap()
}

#[test]
fn the_people_are_kept() {
    let c = run(&fixture(), vec![people(0.4)]);
    // 40% of 2,000 h = 800 dietitian hours = 200 people; 200 × 8 = 1,600 trainer hours.
    close(c.activity_after()[DIETITIAN], 1_200.0, 1e-9);
    close(c.activity_after()[NORTH], 1_000.0 + 1_600.0, 1e-9);
    let (before, after) = c.people_reached();
    // Dietitian 500 → 300 people, trainers north 125 → 325: the same 200 people moved.
    close(before[DIETITIAN].unwrap() - after[DIETITIAN].unwrap(), 200.0, 1e-9);
    close(after[NORTH].unwrap() - before[NORTH].unwrap(), 200.0, 1e-9);
    // 800 × £21.25 = 17,000 given up, 1,600 × £11.45 = 18,320 taken on: 1,320 of new money.
    money(c.new_money(), 1_320.0);
    money(c.released(), 0.0);
    assert_eq!(
        plain(&c.levers()[0].description),
        "substitute 40% of dietitian with health_trainer_north, person for person"
    );
    conserves(&c);
}

#[test]
fn person_for_person_is_hour_for_hour_at_the_ratio_of_units_per_person() {
    let by_hand = run(
        &fixture(),
        vec![Lever::substitute("dietitian", "health_trainer_north", 0.4, 2.0).unwrap()],
    );
    let c = run(&fixture(), vec![people(0.4)]);
    assert_eq!(c.activity_after(), by_hand.activity_after());
    assert_eq!(c.new_money(), by_hand.new_money());
}

#[test]
fn people_need_units_per_person_and_no_ratio() {
    let e = Lever::substitute_with("dietitian", "health_trainer_north", 0.4, 2.0, Per::Person).unwrap_err();
    assert_eq!(
        e.to_string(),
        "ratio must be a ratio left out (or 1) with per = \"person\": the services' units per person give it, got 2"
    );
    let lever = Lever::substitute_with("dietitian", "peer_support", 0.4, 1.0, Per::Person).unwrap();
    let scenario = Scenario::new("s").unwrap().with(lever);
    let e = fixture().apply(&scenario, ApplyOptions::default()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "levers[0].to must be a service with units_per_person, to count people (substitute per = \"person\"), \
         got \"peer_support\""
    );
}

#[test]
fn files_say_per_person() {
    let text = r#"
name = "people"
[[levers]]
lever = "substitute"
from = "dietitian"
to = "health_trainer_north"
share = 0.4
per = "person"
"#;
    let spec: ScenarioSpec = toml::from_str(text).unwrap();
    assert_eq!(Scenario::from_spec(spec.clone()).unwrap().levers()[0], people(0.4));
    let json = serde_json::to_value(&spec).unwrap();
    assert_eq!(json["levers"][0]["per"], "person");
    assert_eq!(serde_json::from_value::<ScenarioSpec>(json).unwrap(), spec);
    // Unit for unit is the default and is not written.
    let plain =
        serde_json::to_value(Lever::substitute("dietitian", "health_trainer_north", 0.4, 1.0).unwrap()).unwrap();
    assert!(plain.get("per").is_none());
}
