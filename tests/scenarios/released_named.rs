//! Levers' names and reinvesting from levers named by name (`from_levers = ["skill mix", 2]`),
//! worked by hand on the fixture. The skill mix moves 40% of 2,000 dietitian hours = 800 h to
//! health_trainer_north: 17,000 − 9,160 = 7,840 released; a 10% productivity gain on
//! gp_care_planning's 1,000 × £40 = 40,000 releases 4,000.

use caretriangle::{ApplyOptions, Error, Lever, LeverRef, MoneySource, ReinvestBy, Scenario, ScenarioSpec};

use crate::common::{fixture, money, plain};
use crate::{conserves, skill_mix, NORTH, SOUTH};

fn productivity() -> Lever {
    Lever::productivity("gp_care_planning", 0.1).unwrap()
}

/// 80% of what `from` released, into health_trainer_south.
fn eighty_percent_of(from: Vec<LeverRef>) -> Lever {
    let into = vec!["health_trainer_south".to_string()];
    Lever::reinvest_with(None, Some(0.8), from, into, ReinvestBy::Register, MoneySource::Released).unwrap()
}

/// The skill mix and the productivity gain, named, then `reinvest`.
fn named(reinvest: Lever) -> Scenario {
    Scenario::new("named")
        .unwrap()
        .with_named(skill_mix(), Some("skill mix"))
        .and_then(|s| s.with_named(productivity(), Some("gp productivity")))
        .and_then(|s| s.with_named(reinvest, None))
        .unwrap()
}

#[test]
fn a_lever_named_gives_the_figures_of_its_index() {
    let by_name = fixture()
        .apply(
            &named(eighty_percent_of(vec!["skill mix".into()])),
            ApplyOptions::default(),
        )
        .unwrap();
    let by_index = fixture()
        .apply(&named(eighty_percent_of(vec![0.into()])), ApplyOptions::default())
        .unwrap();
    // 0.8 × 7,840 = 6,272 into the south trainers: 4,580 + 6,272 = 10,852; the 4,000 of the
    // productivity gain and 7,840 − 6,272 = 1,568 left unspent: 5,568.
    money(by_name.released(), 11_840.0);
    money(by_name.reinvested(), 6_272.0);
    money(by_name.lever_table().get("3", "reinvested").unwrap(), 6_272.0);
    money(by_name.spend_after()[SOUTH], 10_852.0);
    money(by_name.spend_after()[NORTH], 20_610.0);
    money(by_name.unspent_release(), 5_568.0);
    conserves(&by_name);
    assert_eq!(by_name.spend_after(), by_index.spend_after());
    // The same figures, bit for bit, lever by lever (only the descriptions differ).
    for lever in ["1", "2", "3"] {
        for column in ["released", "reinvested", "new_money", "moved", "extra_people"] {
            let figure = |c: &caretriangle::Comparison| c.lever_table().get(lever, column).unwrap().to_bits();
            assert_eq!(figure(&by_name), figure(&by_index), "{lever} {column}");
        }
    }
    // Where a commissioner reads them, levers carry their names.
    assert_eq!(
        plain(&by_name.levers()[0].description),
        "skill mix: substitute 40% of dietitian with health_trainer_north"
    );
    assert_eq!(
        plain(&by_name.levers()[2].description),
        "reinvest 80% of the released money of lever \"skill mix\" in health_trainer_south by register"
    );
}

#[test]
fn names_and_indices_mix() {
    // "gp productivity" (4,000) and lever 0 (7,840): 0.8 × 11,840 = 9,472.
    let c = fixture()
        .apply(
            &named(eighty_percent_of(vec!["gp productivity".into(), 0.into()])),
            ApplyOptions::default(),
        )
        .unwrap();
    money(c.reinvested(), 9_472.0);
    conserves(&c);
}

#[test]
fn an_unknown_name_suggests_the_nearest() {
    let e = fixture()
        .apply(
            &named(eighty_percent_of(vec!["skil mix".into()])),
            ApplyOptions::default(),
        )
        .unwrap_err();
    assert!(matches!(e, Error::UnknownId { kind: "lever name", .. }), "{e:?}");
    assert_eq!(
        e.to_string(),
        "levers[2].from_levers[0]: unknown lever name `skil mix`; did you mean `skill mix`?"
    );
}

#[test]
fn a_name_of_a_later_lever_is_refused_as_its_index_is() {
    let s = Scenario::new("s")
        .unwrap()
        .with(skill_mix())
        .with_named(eighty_percent_of(vec!["late".into()]), None)
        .and_then(|s| s.with_named(productivity(), Some("late")))
        .unwrap();
    let e = fixture().apply(&s, ApplyOptions::default()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "levers[1].from_levers[0] must be the index of a lever before this one (0 to 0), got \"late\" (lever 2)"
    );
}

#[test]
fn names_are_unique_and_not_blank() {
    let s = Scenario::new("s")
        .unwrap()
        .with_named(skill_mix(), Some("skill mix"))
        .unwrap();
    let e = s.clone().with_named(productivity(), Some("skill mix")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "levers[1].name: duplicate lever id `skill mix` (levers[0] has this name already)"
    );
    let e = s.with_named(productivity(), Some("  ")).unwrap_err();
    assert_eq!(e.to_string(), "levers[1].name must be a non-blank name, got \"  \"");
}

const FILE: &str = r#"
name = "named"

[[levers]]
lever = "substitute"
from = "dietitian"
to = "health_trainer_north"
share = 0.4
name = "skill mix"

[[levers]]
lever = "productivity"
service = "gp_care_planning"
gain = 0.1

[[levers]]
lever = "reinvest"
into = ["health_trainer_south"]
share_of_released = 0.8
from_levers = ["skill mix", 1]
"#;

#[test]
fn files_name_levers_and_round_trip() {
    let spec: ScenarioSpec = toml::from_str(FILE).unwrap();
    assert_eq!(spec.names, [Some("skill mix".to_string()), None, None]);
    let scenario = Scenario::from_spec(spec.clone()).unwrap();
    assert_eq!(scenario.lever_name(0), Some("skill mix"));
    assert_eq!(scenario.lever_name(1), None);
    // Written back as read: the name in its lever's table, none where none was given, the
    // name and the index in from_levers as they were.
    let json = serde_json::to_value(scenario.to_spec()).unwrap();
    assert_eq!(json["levers"][0]["name"], "skill mix");
    assert!(json["levers"][1].get("name").is_none());
    assert_eq!(json["levers"][2]["from_levers"], serde_json::json!(["skill mix", 1]));
    assert_eq!(serde_json::from_value::<ScenarioSpec>(json).unwrap(), spec);
    let text = toml::to_string(&scenario.to_spec()).unwrap();
    assert_eq!(toml::from_str::<ScenarioSpec>(&text).unwrap(), spec);
    // 0.8 × (7,840 + 4,000) = 9,472.
    money(
        fixture()
            .apply(&scenario, ApplyOptions::default())
            .unwrap()
            .reinvested(),
        9_472.0,
    );
}

#[test]
fn a_file_without_names_writes_none() {
    let spec: ScenarioSpec = toml::from_str(
        &FILE
            .replace("name = \"skill mix\"\n", "")
            .replace("\"skill mix\", 1", "0, 1"),
    )
    .unwrap();
    assert!(spec.names.is_empty());
    let json = serde_json::to_string(&spec).unwrap();
    assert!(
        !json.contains("\"name\":\"skill") && json.matches("\"name\"").count() == 1,
        "{json}"
    );
}

#[test]
fn a_file_names_a_lever_twice() {
    let text = FILE.replace("gain = 0.1", "gain = 0.1\nname = \"skill mix\"");
    let spec: ScenarioSpec = toml::from_str(&text).unwrap();
    let e = Scenario::from_spec(spec).unwrap_err();
    assert_eq!(
        e.to_string(),
        "levers[1].name: duplicate lever id `skill mix` (levers[0] has this name already)"
    );
}

#[test]
fn an_unknown_key_in_a_lever_is_still_refused() {
    let text = FILE.replace("gain = 0.1", "gain = 0.1\ngian = 0.2");
    let e = toml::from_str::<ScenarioSpec>(&text).unwrap_err();
    assert!(e.to_string().contains("gian"), "{e}");
}
