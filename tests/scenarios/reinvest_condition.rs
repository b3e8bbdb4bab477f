//! Reinvesting by one condition's registers (`condition = "copd"` with `by = "register"` or
//! `"need"`): the money spread over the localities by the people on that condition's register in
//! each. Figures illustrative, chosen for hand arithmetic: two localities with diabetes registers
//! 3,000 and 1,000 and COPD registers 5,200 and 1,800; pulmonary rehabilitation at £100 a person.

use caretriangle::io::{programme_from_str, Format};
use caretriangle::{ApplyOptions, Dimension, Error, Lever, MoneySource, Programme, ReinvestBy, Scenario, ScenarioSpec};

use crate::common::close;

fn programme(lever: &str) -> Result<Programme, Error> {
    let text = format!(
        r#"
name = "COPD by register (illustrative)"
envelope = 1000000
price_year = "2023/24"

[[localities]]
id = "north"
register = 3000
need_weight = 2

[[localities]]
id = "south"
register = 1000

[[conditions]]
id = "copd"
registers = {{ north = 5200, south = 1800 }}

[[services]]
id = "rehab_north"
corner = "community_self_management"
provider = "third_sector"
unit = "person"
unit_cost = 100
activity = 0
units_per_person = 1
locality = "north"
conditions = ["copd"]

[[services]]
id = "rehab_south"
corner = "community_self_management"
provider = "third_sector"
unit = "person"
unit_cost = 100
activity = 0
units_per_person = 1
locality = "south"
conditions = ["copd"]

[[scenarios]]
name = "copd"

[[scenarios.levers]]
{lever}
"#
    );
    programme_from_str(&text, Format::Toml, "<test>")
}

const BY_REGISTER: &str = r#"lever = "reinvest"
amount = 70000
into = ["rehab_north", "rehab_south"]
source = "new"
condition = "copd""#;

fn change(p: &Programme) -> (f64, f64) {
    let c = p.economy().apply(&p.scenarios()[0], ApplyOptions::default()).unwrap();
    let t = c.by(Dimension::Locality);
    (t.get("north", "change").unwrap(), t.get("south", "change").unwrap())
}

#[test]
fn by_the_conditions_register() {
    // COPD registers 5,200 and 1,800 of 7,000: £70,000 × 52/70 = 52,000 and × 18/70 = 18,000
    // (by the localities' own registers, 3,000 and 1,000, it would be 52,500 and 17,500).
    let p = programme(BY_REGISTER).unwrap();
    let (north, south) = change(&p);
    close(north, 52_000.0, 1e-9);
    close(south, 18_000.0, 1e-9);
    assert_eq!(
        p.scenarios()[0].levers()[0].describe(),
        "reinvest £70,000.00 of new money in rehab_north, rehab_south by copd register"
    );
    // By need: north 5,200 × 2 = 10,400, south 1,800 × 1: £70,000 × 10,400/12,200 = 59,672.13…
    let p = programme(&format!("{BY_REGISTER}\nby = \"need\"")).unwrap();
    let (north, south) = change(&p);
    close(north, 70_000.0 * 10_400.0 / 12_200.0, 1e-9);
    close(south, 70_000.0 * 1_800.0 / 12_200.0, 1e-9);
}

#[test]
fn the_same_lever_from_rust_and_back_through_a_file() {
    let lever = Lever::reinvest(
        70_000.0,
        &["rehab_north", "rehab_south"],
        ReinvestBy::Register,
        MoneySource::New,
    )
    .and_then(|l| l.by_condition("copd"))
    .unwrap();
    let p = programme(BY_REGISTER).unwrap();
    assert_eq!(p.scenarios()[0].levers()[0], lever);
    let spec: ScenarioSpec = toml::from_str(&format!("name = \"s\"\n[[levers]]\n{BY_REGISTER}")).unwrap();
    let json = serde_json::to_value(&spec).unwrap();
    assert_eq!(json["levers"][0]["condition"], "copd");
    let c = p
        .economy()
        .apply(&Scenario::new("s").unwrap().with(lever), ApplyOptions::default())
        .unwrap();
    close(c.new_money(), 70_000.0, 1e-9);
}

#[test]
fn refused_with_a_typed_error_naming_the_field() {
    // Not a reinvestment.
    let e = Lever::scale_activity("a", 0.9)
        .and_then(|l| l.by_condition("copd"))
        .unwrap_err();
    assert_eq!(e.field(), Some("condition"));
    // A spread that reads no registers.
    let e = programme(&format!("{BY_REGISTER}\nby = \"equal\""))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("condition") && e.contains("by = \"register\" or \"need\""),
        "{e}"
    );
    // An unknown condition, with the nearest: a kept scenario is compiled as its file is read,
    // so the file's line is named too.
    let e = programme(&BY_REGISTER.replace("\"copd\"", "\"cpod\"")).unwrap_err();
    assert_eq!(e.field(), Some("scenarios[0].levers[0].condition"));
    assert!(
        e.to_string()
            .ends_with("unknown condition `cpod`; did you mean `copd`?"),
        "{e}"
    );
}
