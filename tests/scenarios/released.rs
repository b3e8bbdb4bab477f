//! Reinvesting what was released (`amount = "released"`, `share_of_released`, `from_levers`),
//! worked by hand on the fixture. The skill mix moves 40% of 2,000 dietitian hours = 800 h to
//! health_trainer_north: 800 × £21.25 = 17,000 given up, 800 × £11.45 = 9,160 taken on,
//! 17,000 − 9,160 = 7,840 released (clinical).

use caretriangle::{Amount, ApplyOptions, Error, Lever, MoneySource, ReinvestBy, Scenario, ScenarioSpec};

use crate::common::{fixture, money, plain};
use crate::{conserves, run, skill_mix, NORTH, SOUTH};

const TRAINERS: [&str; 2] = ["health_trainer_north", "health_trainer_south"];

fn released(share: Option<f64>, from: &[usize], into: &[&str]) -> Lever {
    Lever::reinvest_released(share, from, into, ReinvestBy::Register).unwrap()
}

#[test]
fn all_that_was_released_is_reinvested() {
    let c = run(&fixture(), vec![skill_mix(), released(None, &[], &TRAINERS)]);
    // 7,840 by register, north 3,000 : south 1,000: 5,880 and 1,960.
    money(c.released(), 7_840.0);
    money(c.reinvested(), 7_840.0);
    money(c.unspent_release(), 0.0);
    // North after the skill mix spends 11,450 + 9,160 = 20,610, then + 5,880 = 26,490;
    // south 4,580 + 1,960 = 6,540.
    money(c.spend_after()[NORTH], 26_490.0);
    money(c.spend_after()[SOUTH], 6_540.0);
    // Nothing left unspent: the total stays 123,530.
    money(c.total_after(), 123_530.0);
    money(c.lever_table().get("2", "reinvested").unwrap(), 7_840.0);
    assert_eq!(
        plain(&c.levers()[1].description),
        "reinvest all the released money in health_trainer_north, health_trainer_south by register"
    );
    conserves(&c);
}

#[test]
fn a_share_of_what_was_released_is_reinvested() {
    let c = run(&fixture(), vec![skill_mix(), released(Some(0.8), &[], &TRAINERS)]);
    // 0.8 × 7,840 = 6,272: north 4,704, south 1,568; 7,840 − 6,272 = 1,568 unspent.
    money(c.reinvested(), 6_272.0);
    money(c.spend_after()[NORTH], 20_610.0 + 4_704.0);
    money(c.spend_after()[SOUTH], 4_580.0 + 1_568.0);
    money(c.unspent_release(), 1_568.0);
    money(c.total_after(), 123_530.0 - 1_568.0);
    assert_eq!(
        plain(&c.levers()[1].description),
        "reinvest 80% of the released money in health_trainer_north, health_trainer_south by register"
    );
    conserves(&c);
}

#[test]
fn what_named_levers_released_is_reinvested() {
    let c = run(
        &fixture(),
        vec![
            skill_mix(),
            // 10% of gp_care_planning's 1,000 × £40 = 40,000: 4,000 released (nhs).
            Lever::productivity("gp_care_planning", 0.1).unwrap(),
            released(None, &[1], &["health_trainer_north"]),
            released(Some(0.5), &[0], &["health_trainer_south"]),
        ],
    );
    // Lever 2 spends lever 1's 4,000; lever 3 half of lever 0's 7,840 = 3,920 (no more than
    // the 11,840 − 4,000 = 7,840 still unspent).
    money(c.released(), 11_840.0);
    money(c.lever_table().get("3", "reinvested").unwrap(), 4_000.0);
    money(c.lever_table().get("4", "reinvested").unwrap(), 3_920.0);
    money(c.spend_after()[NORTH], 20_610.0 + 4_000.0);
    money(c.spend_after()[SOUTH], 4_580.0 + 3_920.0);
    money(c.unspent_release(), 11_840.0 - 7_920.0);
    assert_eq!(
        plain(&c.levers()[3].description),
        "reinvest 50% of the released money of lever 0 in health_trainer_south by register"
    );
    conserves(&c);
}

#[test]
fn a_named_lever_gives_no_more_than_is_still_unspent() {
    let c = run(
        &fixture(),
        vec![
            skill_mix(),
            Lever::reinvest(
                6_000.0,
                &["health_trainer_north"],
                ReinvestBy::Register,
                MoneySource::Released,
            )
            .unwrap(),
            released(None, &[0], &["health_trainer_south"]),
        ],
    );
    // Lever 0 released 7,840, but 6,000 of it is spent: min(7,840, 1,840) = 1,840.
    money(c.lever_table().get("3", "reinvested").unwrap(), 1_840.0);
    money(c.reinvested(), 7_840.0);
    money(c.unspent_release(), 0.0);
    conserves(&c);
}

#[test]
fn nothing_released_reinvests_nothing_rather_than_failing() {
    let c = run(&fixture(), vec![released(None, &[], &TRAINERS)]);
    money(c.reinvested(), 0.0);
    money(c.total_after(), 123_530.0);
}

fn refused(lever: Result<Lever, Error>) -> String {
    lever.unwrap_err().to_string()
}

#[test]
fn a_released_amount_is_refused_where_it_cannot_mean_anything() {
    let into = || vec!["health_trainer_north".to_string()];
    let both = Lever::reinvest_with(
        Some(Amount::Released),
        Some(0.8),
        vec![],
        into(),
        ReinvestBy::Register,
        MoneySource::Released,
    );
    assert_eq!(
        refused(both),
        "share_of_released must be either `amount` or `share_of_released`, not both, got 0.8"
    );
    let neither = Lever::reinvest_with(None, None, vec![], into(), ReinvestBy::Register, MoneySource::Released);
    assert_eq!(
        refused(neither),
        "amount must be an amount in £, \"released\", or a share_of_released, got nothing"
    );
    let new = Lever::reinvest_with(
        Some(Amount::Released),
        None,
        vec![],
        into(),
        ReinvestBy::Register,
        MoneySource::New,
    );
    assert!(refused(new).starts_with("source must be source = \"released\""));
    let share = Lever::reinvest_with(
        None,
        Some(1.5),
        vec![],
        into(),
        ReinvestBy::Register,
        MoneySource::Released,
    );
    assert_eq!(
        refused(share),
        "share_of_released must be a share between 0 and 1, got 1.5"
    );
    let pounds = Lever::reinvest_with(
        Some(10.0.into()),
        None,
        vec![0.into()],
        into(),
        ReinvestBy::Register,
        MoneySource::Released,
    );
    assert!(refused(pounds).starts_with("from_levers must be from_levers only with"));
    let twice = Lever::reinvest_with(
        None,
        Some(0.5),
        vec![0.into(), 0.into()],
        into(),
        ReinvestBy::Register,
        MoneySource::Released,
    );
    assert_eq!(refused(twice), "from_levers[1] must be each lever named once, got 0");
}

#[test]
fn from_levers_names_only_earlier_levers() {
    let scenario =
        Scenario::new("s")
            .unwrap()
            .with(skill_mix())
            .with(released(None, &[0, 1], &["health_trainer_north"]));
    let e = fixture().apply(&scenario, ApplyOptions::default()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "levers[1].from_levers[1] must be the index of a lever before this one (0 to 0), got 1"
    );
}

#[test]
fn files_say_released_or_a_share_of_it() {
    let text = r#"
name = "reinvest what was released"
[[levers]]
lever = "substitute"
from = "dietitian"
to = "health_trainer_north"
share = 0.4
[[levers]]
lever = "reinvest"
amount = "released"
into = ["health_trainer_north", "health_trainer_south"]
[[levers]]
lever = "reinvest"
share_of_released = 0.8
from_levers = [0]
into = ["peer_support"]
"#;
    let spec: ScenarioSpec = toml::from_str(text).unwrap();
    let scenario = Scenario::from_spec(spec.clone()).unwrap();
    assert_eq!(scenario.levers()[1], released(None, &[], &TRAINERS));
    // Written back as read: `amount = "released"`, `share_of_released`, `from_levers`.
    let json = serde_json::to_value(&spec).unwrap();
    assert_eq!(json["levers"][1]["amount"], "released");
    assert_eq!(json["levers"][2]["share_of_released"], 0.8);
    assert_eq!(json["levers"][2]["from_levers"], serde_json::json!([0]));
    assert_eq!(serde_json::from_value::<ScenarioSpec>(json).unwrap(), spec);
    // All 7,840 reinvested by lever 1, so lever 2 finds nothing unspent.
    let c = fixture().apply(&scenario, ApplyOptions::default()).unwrap();
    money(c.reinvested(), 7_840.0);
    let bad: Result<ScenarioSpec, _> = toml::from_str(&text.replace("\"released\"", "\"all\""));
    assert!(bad.unwrap_err().to_string().contains("\"released\""));
}
