//! Conditions: several long-term conditions in one economy, services serving one or more,
//! spend by condition, and a segment of one condition's register targeted.
//!
//! Figures: diabetic specialist nursing at £92.89 a contact (National Cost Collection 2023/24,
//! N15AF) and care planning at £92 a person (the shipped example's derived figure); the COPD
//! services' unit costs, every activity and register are illustrative.

use caretriangle::io::{programme_from_str, Format};
use caretriangle::{ApplyOptions, Dimension, Economy, Lever, MoneySource, ReinvestBy, Scenario};

const TEXT: &str = r#"name = "Two conditions (illustrative)"
envelope = 1000000
price_year = "2023/24"

[[localities]]
id = "north"
register = 3000

[[localities]]
id = "south"
register = 1000

[[conditions]]
id = "diabetes"
registers = { north = 3000, south = 1000 }

[[conditions]]
id = "copd"
name = "COPD"
registers = { north = 5200, south = 1800 }

[[services]]
id = "diabetes_nursing"
corner = "clinical"
provider = "community_trust"
unit = "contact"
unit_cost = 92.89
activity = 100
conditions = ["diabetes"]

[[services]]
id = "copd_admissions"
corner = "clinical"
provider = "acute_trust"
unit = "spell"
unit_cost = 2000
activity = 200
conditions = ["copd"]

[[services]]
id = "care_planning"
corner = "nhs_self_management"
provider = "general_practice"
unit = "person"
unit_cost = 92
activity = 1000
conditions = ["diabetes", "copd"]

[[services]]
id = "peer_support"
corner = "community_self_management"
provider = "third_sector"
unit = "session"
unit_cost = 25
activity = 40

[[segments]]
id = "copd_frequent_attenders"
condition = "copd"
share = 0.1
use = { copd_admissions = 0.5 }
"#;

fn economy(text: &str) -> Economy {
    programme_from_str(text, Format::Toml, "e.toml")
        .unwrap()
        .economy()
        .clone()
}

#[test]
fn spend_by_condition_counts_each_pound_once() {
    let econ = economy(TEXT);
    let t = econ.spend_by(Dimension::Condition);
    // diabetes: 100 × £92.89 = £9,289; copd: 200 × £2,000 = £400,000; both: 1,000 × £92 =
    // £92,000; none: 40 × £25 = £1,000. Total £502,289.
    assert_eq!(t.keys(), ["diabetes", "copd", "diabetes+copd", "(no condition)"]);
    assert!((t.get("diabetes", "spend").unwrap() - 9289.0).abs() < 1e-9);
    assert!((t.get("copd", "spend").unwrap() - 400_000.0).abs() < 1e-9);
    assert!((t.get("diabetes+copd", "spend").unwrap() - 92_000.0).abs() < 1e-9);
    assert!((t.get("(no condition)", "spend").unwrap() - 1000.0).abs() < 1e-9);
    assert_eq!(econ.conditions()[1].registers["north"], 5200.0);
}

#[test]
fn a_file_without_conditions_is_one_condition() {
    let programme = caretriangle::examples::north_of_tyne().unwrap();
    let t = programme.economy().spend_by(Dimension::Condition);
    assert_eq!(t.keys(), ["(no condition)"]);
    assert!((t.get("(no condition)", "spend").unwrap() - programme.economy().total_spend()).abs() < 1e-6);
}

#[test]
fn a_target_on_a_segment_of_one_condition() {
    let econ = economy(TEXT);
    let s = Scenario::new("copd team")
        .unwrap()
        .with(Lever::target("copd_frequent_attenders", "copd_admissions", -0.2, 0.5).unwrap());
    let c = econ.apply(&s, ApplyOptions::default()).unwrap();
    // 200 spells × 0.5 × 0.5 × −0.2 = −10 spells; × £2,000 = £20,000 released, all from COPD.
    assert!((c.released() - 20_000.0).abs() < 1e-9);
    let t = c.by(Dimension::Condition);
    assert!((t.get("copd", "change").unwrap() + 20_000.0).abs() < 1e-9);
    assert_eq!(t.get("diabetes", "change"), Some(0.0));
}

#[test]
fn unknown_conditions_are_named_with_the_nearest() {
    let e = programme_from_str(
        &TEXT.replace(r#"conditions = ["diabetes"]"#, r#"conditions = ["diabets"]"#),
        Format::Toml,
        "e.toml",
    )
    .unwrap_err();
    assert!(
        e.to_string()
            .ends_with("services[0].conditions[0]: unknown condition `diabets`; did you mean `diabetes`?"),
        "{e}"
    );
    let e = programme_from_str(&TEXT.replace("south = 1800", "soth = 1800"), Format::Toml, "e.toml").unwrap_err();
    assert!(
        e.to_string()
            .ends_with("conditions[1].registers.soth: unknown locality `soth`; did you mean `south`?"),
        "{e}"
    );
    // A segment of one condition may use only that condition's services.
    let e = programme_from_str(
        &TEXT.replace("use = { copd_admissions = 0.5 }", "use = { diabetes_nursing = 0.5 }"),
        Format::Toml,
        "e.toml",
    )
    .unwrap_err();
    assert!(e.to_string().contains("a service of condition `copd`"), "{e}");
}

/// Reinvesting by a condition's registers reads that condition's registers, even where the
/// localities' own registers are 0 (a locality register left at 0 while the conditions carry
/// the people): the check that the weights add up to more than 0 once read the localities'.
/// Found by `conservation_parts.rs` (its seed kept in tests/fuzz_corpus/regressions/).
#[test]
fn reinvesting_by_a_condition_reads_its_registers_not_the_localities() {
    let text = r#"name = "x"
envelope = 100000
price_year = "2023/24"
localities = [{ id = "north", register = 0, need_weight = 2 }, { id = "south", register = 0 }]
conditions = [{ id = "copd", registers = { north = 1000, south = 2000 } }]
"#
    .to_string()
        + &["north", "south"]
            .map(|l| {
                format!(
                    "[[services]]\nid = \"rehab_{l}\"\ncorner = \"community_self_management\"\n\
                     provider = \"third_sector\"\nunit = \"person\"\nunit_cost = 100\nactivity = 0\n\
                     locality = \"{l}\"\n"
                )
            })
            .join("\n");
    let econ = economy(&text);
    let into = ["rehab_north", "rehab_south"];
    let spend = |by| {
        let lever = Lever::reinvest(6000.0, &into, by, MoneySource::New)
            .and_then(|l| l.by_condition("copd"))
            .unwrap();
        let c = econ.apply(&Scenario::new("s").unwrap().with(lever), ApplyOptions::default());
        c.unwrap().spend_after().to_vec()
    };
    // By register: £6,000 × 1,000 / 3,000 = £2,000 north, × 2,000 / 3,000 = £4,000 south.
    let s = spend(ReinvestBy::Register);
    assert!((s[0] - 2000.0).abs() < 1e-9 && (s[1] - 4000.0).abs() < 1e-9, "{s:?}");
    // By need: north 1,000 × 2 = 2,000, south 2,000 × 1: £3,000 each.
    let s = spend(ReinvestBy::Need);
    assert!((s[0] - 3000.0).abs() < 1e-9 && (s[1] - 3000.0).abs() < 1e-9, "{s:?}");
    // Registers of the condition adding up to 0 are still refused, by the lever's `by`.
    let zero = economy(&text.replace("north = 1000, south = 2000", "north = 0, south = 0"));
    let lever = Lever::reinvest(6000.0, &into, ReinvestBy::Register, MoneySource::New)
        .and_then(|l| l.by_condition("copd"))
        .unwrap();
    let e = zero
        .apply(&Scenario::new("s").unwrap().with(lever), ApplyOptions::default())
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "levers[0].by must be weights that add up to more than 0, got weights adding up to 0"
    );
}
