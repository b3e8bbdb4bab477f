//! The Year of Care unit-cost figures through `compare_unit_costs`: a specialist dietitian at
//! £21.25 an hour against a qualified health trainer at £11.45 an hour (2010/11 prices).

mod common;

use caretriangle::{compare_unit_costs, CompareOptions, Corner, Error, FinancialYear, ProviderType, Service};
use common::{close, money, service};

fn hourly(id: &str, cost: f64, units_per_person: Option<f64>) -> Service {
    let mut spec = service(id, Corner::Clinical, ProviderType::AcuteTrust, "hour", cost, 0.0);
    spec.price_year = Some(year("2010/11"));
    spec.units_per_person = units_per_person.map(Into::into);
    Service::new(spec).unwrap()
}

fn dietitian() -> Service {
    hourly("specialist_dietitian", 21.25, None)
}

fn trainer() -> Service {
    hourly("health_trainer", 11.45, None)
}

fn year(text: &str) -> FinancialYear {
    text.parse().unwrap()
}

fn moving(units: f64) -> CompareOptions {
    CompareOptions {
        units,
        ..Default::default()
    }
}

#[test]
fn moving_500_hours_saves_4900() {
    // 21.25 − 11.45 = 9.80 a hour; 500 × 9.80 = £4,900.
    let c = compare_unit_costs(&dietitian(), &trainer(), moving(500.0)).unwrap();
    money(c.difference, 9.80);
    money(c.saving, 4900.0);
    assert_eq!(c.units, 500.0);
    assert_eq!(c.cost_per_unit, [21.25, 11.45]);
    assert_eq!(
        c.services,
        ["specialist_dietitian".to_string(), "health_trainer".to_string()]
    );
    assert_eq!(c.unit, "hour");
    assert_eq!(c.price_year.as_deref(), Some("2010/11"));
}

#[test]
fn moving_the_other_way_costs_4900() {
    // From trainer to dietitian: 500 × (11.45 − 21.25) = −£4,900 (a cost, not a saving).
    let c = compare_unit_costs(&trainer(), &dietitian(), moving(500.0)).unwrap();
    money(c.saving, -4900.0);
    money(c.difference, -9.80);
}

#[test]
fn trainer_costs_0_5388_of_a_dietitian_hour() {
    // 11.45 / 21.25 = 0.538823… → 0.5388 to 4 d.p.
    let c = compare_unit_costs(&dietitian(), &trainer(), moving(0.0)).unwrap();
    assert_eq!(format!("{:.4}", c.ratio.unwrap()), "0.5388");
    close(c.ratio.unwrap(), 0.538_823_529_4, 1e-9);
    // Nothing moved, nothing saved.
    assert_eq!(c.saving, 0.0);
}

#[test]
fn a_thousand_pounds_buys_47_06_dietitian_hours_or_87_34_trainer_hours() {
    // 1000 / 21.25 = 47.0588… → 47.06; 1000 / 11.45 = 87.3362… → 87.34.
    let c = compare_unit_costs(&dietitian(), &trainer(), CompareOptions::default()).unwrap();
    assert_eq!(c.budget, 1000.0);
    assert_eq!(format!("{:.2}", c.units_per_budget[0]), "47.06");
    assert_eq!(format!("{:.2}", c.units_per_budget[1]), "87.34");
    let t = c.table();
    assert_eq!(t.keys(), ["specialist_dietitian", "health_trainer"]);
    close(t.get("health_trainer", "units_per_budget").unwrap(), 87.336_244, 1e-6);
    assert_eq!(t.get("specialist_dietitian", "cost_per_unit"), Some(21.25));
}

#[test]
fn another_budget_scales_the_units_bought() {
    // £5,000: 5000 / 21.25 = 235.294…; 5000 / 11.45 = 436.681…
    let c = compare_unit_costs(
        &dietitian(),
        &trainer(),
        CompareOptions {
            budget: 5000.0,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(format!("{:.2}", c.units_per_budget[0]), "235.29");
    assert_eq!(format!("{:.2}", c.units_per_budget[1]), "436.68");
}

#[test]
fn cost_per_person_and_extra_people_at_six_hours_each() {
    // Six hours each: £127.50 a person with a dietitian (6 × 21.25), £68.70 with a trainer
    // (6 × 11.45). 500 hours of dietitian time cost 500 × 21.25 = £10,625 and reach
    // 500 / 6 = 83.33 people; the same £10,625 of trainer time reaches 10625 / 68.70 = 154.66,
    // so 154.658 − 83.333 = 71.32 more people.
    let c = compare_unit_costs(
        &dietitian(),
        &trainer(),
        CompareOptions {
            units: 500.0,
            units_per_person: Some(6.0),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(c.units_per_person, [Some(6.0), Some(6.0)]);
    money(c.cost_per_person[0].unwrap(), 127.50);
    money(c.cost_per_person[1].unwrap(), 68.70);
    let extra = c.extra_people.unwrap();
    close(extra, 10625.0 / 68.70 - 500.0 / 6.0, 1e-9);
    assert_eq!(format!("{extra:.2}"), "71.32");
}

#[test]
fn each_services_own_units_per_person_are_used_when_none_given() {
    // Dietitian 4 hours a person: £85.00 (4 × 21.25); trainer 8 hours: £91.60 (8 × 11.45).
    // 500 dietitian hours (£10,625) reach 500 / 4 = 125 people; £10,625 of trainer time
    // reaches 10625 / 91.60 = 115.99: 9.01 fewer people, though the hours are cheaper.
    let a = hourly("specialist_dietitian", 21.25, Some(4.0));
    let b = hourly("health_trainer", 11.45, Some(8.0));
    let c = compare_unit_costs(&a, &b, moving(500.0)).unwrap();
    assert_eq!(c.units_per_person, [Some(4.0), Some(8.0)]);
    money(c.cost_per_person[0].unwrap(), 85.0);
    money(c.cost_per_person[1].unwrap(), 91.60);
    assert_eq!(format!("{:.2}", c.extra_people.unwrap()), "-9.01");
    let t = c.table();
    money(t.get("health_trainer", "cost_per_person").unwrap(), 91.60);
    assert_eq!(t.get("health_trainer", "units_per_person"), Some(8.0));
}

#[test]
fn people_figures_are_unknown_without_units_per_person() {
    let c = compare_unit_costs(&dietitian(), &trainer(), moving(500.0)).unwrap();
    assert_eq!(c.units_per_person, [None, None]);
    assert_eq!(c.cost_per_person, [None, None]);
    assert_eq!(c.extra_people, None);
    // Only one side known: still no extra-people figure.
    let b = hourly("health_trainer", 11.45, Some(8.0));
    let c = compare_unit_costs(&dietitian(), &b, moving(500.0)).unwrap();
    assert_eq!(c.cost_per_person[0], None);
    money(c.cost_per_person[1].unwrap(), 91.60);
    assert_eq!(c.extra_people, None);
}

#[test]
fn a_free_service_buys_unlimited_units_and_has_no_ratio() {
    let free = hourly("volunteer", 0.0, None);
    let c = compare_unit_costs(&free, &trainer(), moving(10.0)).unwrap();
    assert!(c.units_per_budget[0].is_infinite());
    assert_eq!(c.ratio, None);
    // 10^308 units would move 1.1e309 pounds: refused, not an infinite saving.
    let e = compare_unit_costs(&trainer(), &free, moving(1e308)).unwrap_err();
    assert!(e.to_string().starts_with("units must be few enough"), "{e}");
    // 10 × (0 − 11.45) = −£114.50.
    money(c.saving, -114.50);
}

#[test]
fn different_units_cannot_be_compared() {
    let mut spec = service(
        "clinic",
        Corner::Clinical,
        ProviderType::AcuteTrust,
        "contact",
        30.0,
        0.0,
    );
    spec.price_year = Some(year("2010/11"));
    let clinic = Service::new(spec).unwrap();
    let e = compare_unit_costs(&dietitian(), &clinic, moving(1.0)).unwrap_err();
    assert!(matches!(e, Error::Incompatible(_)), "{e:?}");
    assert_eq!(
        e.to_string(),
        "cannot compare unit costs of different units: specialist_dietitian is priced per hour and clinic per contact"
    );
}

#[test]
fn different_price_years_cannot_be_compared() {
    let later = dietitian().repriced(27.10, Some(year("2023/24"))).unwrap();
    let e = compare_unit_costs(&later, &trainer(), moving(1.0)).unwrap_err();
    assert!(matches!(e, Error::Incompatible(_)), "{e:?}");
    let m = e.to_string();
    assert!(
        m.contains("specialist_dietitian is priced at 2023/24 and health_trainer at 2010/11"),
        "{m}"
    );
    assert!(m.contains("uprate one"), "{m}");
}

#[test]
fn a_stated_price_year_cannot_be_compared_with_an_unstated_one() {
    let unstated = Service::new(service(
        "health_trainer",
        Corner::CommunitySelfManagement,
        ProviderType::ThirdSector,
        "hour",
        11.45,
        0.0,
    ))
    .unwrap();
    let e = compare_unit_costs(&dietitian(), &unstated, moving(1.0)).unwrap_err();
    assert!(matches!(e, Error::Incompatible(_)), "{e:?}");
    assert!(e.to_string().contains("health_trainer at an unstated year"), "{e}");
}

#[test]
fn uprating_by_hand_makes_the_comparison_possible() {
    // Both uprated to 2023/24 by the same factor 1.4: 29.75 and 16.03; the ratio is unchanged
    // (16.03 / 29.75 = 0.5388) and 500 hours save 500 × 13.72 = £6,860.
    let y = Some(year("2023/24"));
    let a = dietitian().repriced(21.25 * 1.4, y).unwrap();
    let b = trainer().repriced(11.45 * 1.4, y).unwrap();
    let c = compare_unit_costs(&a, &b, moving(500.0)).unwrap();
    assert_eq!(c.price_year.as_deref(), Some("2023/24"));
    assert_eq!(format!("{:.4}", c.ratio.unwrap()), "0.5388");
    close(c.saving, 6860.0, 1e-6);
}

#[test]
fn bad_options_name_the_option() {
    let e = compare_unit_costs(&dietitian(), &trainer(), moving(-1.0)).unwrap_err();
    assert_eq!(e.field(), Some("units"));
    assert_eq!(e.to_string(), "units must be a finite number >= 0, got -1");
    let e = compare_unit_costs(
        &dietitian(),
        &trainer(),
        CompareOptions {
            budget: 0.0,
            ..Default::default()
        },
    )
    .unwrap_err();
    assert_eq!(e.to_string(), "budget must be a finite number > 0, got 0");
    let e = compare_unit_costs(
        &dietitian(),
        &trainer(),
        CompareOptions {
            units_per_person: Some(f64::NAN),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert!(
        matches!(e, Error::InvalidValue { ref field, ref value, .. } if field == "units_per_person" && value == "NaN")
    );
}
