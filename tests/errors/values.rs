//! Bad values in an economy: unit costs, activity, allocations, the envelope, registers, the
//! other values of a service, price years and budget lines.

use caretriangle::{BudgetLines, Error, ProgrammeSpec};

use crate::{economy_with, invalid};

/// A case of a bad value: its name, the change to the fixture that makes it, and the field and
/// value its error must name.
type BadValue = (&'static str, fn(&mut ProgrammeSpec), &'static str, &'static str);

/// The bad values whose message is checked only for its field and value; those whose message
/// says more are tests of their own, below.
#[test]
fn bad_values_are_refused_naming_field_and_value() {
    let cases: &[BadValue] = &[
        // unit cost
        (
            "nan_unit_cost",
            |s| s.services[2].unit_cost = (f64::NAN).into(),
            "services[2].unit_cost",
            "NaN",
        ),
        (
            "infinite_unit_cost",
            |s| s.services[0].unit_cost = (f64::INFINITY).into(),
            "services[0].unit_cost",
            "inf",
        ),
        // activity
        (
            "negative_activity",
            |s| s.services[0].activity = Some((-1.0).into()),
            "services[0].activity",
            "-1",
        ),
        (
            "nan_activity",
            |s| s.services[3].activity = Some((f64::NAN).into()),
            "services[3].activity",
            "NaN",
        ),
        (
            "infinite_activity",
            |s| s.services[4].activity = Some((f64::NEG_INFINITY).into()),
            "services[4].activity",
            "-inf",
        ),
        // allocation
        (
            "negative_allocation",
            |s| s.services[5].allocation = Some((-5000.0).into()),
            "services[5].allocation",
            "-5000",
        ),
        (
            "nan_allocation",
            |s| s.services[5].allocation = Some((f64::NAN).into()),
            "services[5].allocation",
            "NaN",
        ),
        (
            "infinite_allocation",
            |s| s.services[5].allocation = Some((f64::INFINITY).into()),
            "services[5].allocation",
            "inf",
        ),
        (
            "neither_activity_nor_allocation",
            |s| s.services[2].activity = None,
            "services[2].activity",
            "neither",
        ),
        // envelope
        ("nan_envelope", |s| s.envelope = f64::NAN, "envelope", "NaN"),
        ("infinite_envelope", |s| s.envelope = f64::INFINITY, "envelope", "inf"),
        // register
        (
            "negative_register",
            |s| s.localities[1].register = (-1000.0).into(),
            "localities[1].register",
            "-1000",
        ),
        (
            "nan_register",
            |s| s.localities[0].register = (f64::NAN).into(),
            "localities[0].register",
            "NaN",
        ),
        (
            "infinite_register",
            |s| s.localities[1].register = (f64::INFINITY).into(),
            "localities[1].register",
            "inf",
        ),
        (
            "negative_cluster_register",
            |s| s.localities[0].clusters[1].register = Some(-1.0),
            "localities[0].clusters[1].register",
            "-1",
        ),
        (
            "negative_need_weight",
            |s| s.localities[1].need_weight = Some((-2.0).into()),
            "localities[1].need_weight",
            "-2",
        ),
        // other service values
        (
            "negative_capacity",
            |s| s.services[3].capacity = Some(-1.0),
            "services[3].capacity",
            "-1",
        ),
        (
            "empty_service_id",
            |s| s.services[0].id = String::new(),
            "services[0].id",
            "\"\"",
        ),
        ("missing_price_year", |s| s.price_year = None, "price_year", "nothing"),
        // budget lines
        (
            "negative_budget_line",
            |s| {
                s.budget = Some(BudgetLines {
                    nhs_self_management: Some(-1.0),
                    ..Default::default()
                });
            },
            "budget.nhs_self_management",
            "-1",
        ),
    ];
    for &(case, change, field, value) in cases {
        invalid(case, economy_with(change), field, value);
    }
}

// ---- unit cost ---------------------------------------------------------------------------

#[test]
fn negative_unit_cost() {
    let m = invalid(
        "negative_unit_cost",
        economy_with(|s| s.services[1].unit_cost = (-5.0).into()),
        "services[1].unit_cost",
        "-5",
    );
    assert_eq!(m, "services[1].unit_cost must be a finite number >= 0, got -5");
}

// ---- allocation ----------------------------------------------------------------------------

#[test]
fn allocation_at_a_unit_cost_of_zero() {
    // £5,000 cannot buy anything at £0 a unit.
    let m = invalid(
        "allocation_at_a_unit_cost_of_zero",
        economy_with(|s| s.services[5].unit_cost = (0.0).into()),
        "services[5].allocation",
        "5000",
    );
    assert!(m.contains("give activity instead"), "{m}");
}

#[test]
fn both_activity_and_allocation() {
    let m = invalid(
        "both_activity_and_allocation",
        economy_with(|s| s.services[0].allocation = Some((42_500.0).into())),
        "services[0].activity",
        "both",
    );
    assert!(m.contains("exactly one of activity"), "{m}");
}

// ---- envelope ------------------------------------------------------------------------------

#[test]
fn negative_envelope() {
    let m = invalid(
        "negative_envelope",
        economy_with(|s| s.envelope = -130_000.0),
        "envelope",
        "-130000",
    );
    assert_eq!(m, "envelope must be a finite number >= 0, got -130000");
}

// ---- other service values ------------------------------------------------------------------

#[test]
fn zero_units_per_person() {
    let m = invalid(
        "zero_units_per_person",
        economy_with(|s| s.services[0].units_per_person = Some((0.0).into())),
        "services[0].units_per_person",
        "0",
    );
    assert!(m.contains("> 0"), "{m}");
}

#[test]
fn cluster_of_another_locality() {
    // n1 belongs to north; health_trainer_south is in south.
    let m = invalid(
        "cluster_of_another_locality",
        economy_with(|s| s.services[4].cluster = Some("n1".into())),
        "services[4].cluster",
        "\"n1\"",
    );
    assert!(m.contains("it belongs to `north`"), "{m}");
}

// ---- price years -------------------------------------------------------------------------

#[test]
fn mixed_price_years() {
    let e = economy_with(|s| {
        s.services[0].price_year = Some("2023/24".parse().unwrap());
        s.services[3].price_year = Some("2010/11".parse().unwrap()); // the economy's: fine
        s.services[4].price_year = Some("2019/20".parse().unwrap());
    })
    .unwrap_err();
    assert!(matches!(e, Error::Incompatible(_)), "{e:?}");
    let m = e.to_string();
    assert!(
        m.contains("priced at 2010/11 but these services are priced in another year: dietitian (2023/24), health_trainer_south (2019/20);"),
        "{m}"
    );
    assert!(!m.contains("health_trainer_north"), "{m}");
}

#[test]
fn bad_financial_year() {
    let e = "2023/25".parse::<caretriangle::FinancialYear>().unwrap_err();
    assert_eq!(
        e.to_string(),
        "price_year must be a financial year such as \"2023/24\", got \"2023/25\""
    );
}

// ---- budget lines ----------------------------------------------------------------------------

#[test]
fn budget_lines_over_the_envelope() {
    // 50,000 + 60,000 + 30,000 = 140,000 > 130,000.
    let m = invalid(
        "budget_lines_over_the_envelope",
        economy_with(|s| {
            s.budget = Some(BudgetLines {
                clinical: Some(50_000.0),
                nhs_self_management: Some(60_000.0),
                community_self_management: Some(30_000.0),
            });
        }),
        "budget",
        "lines adding up to £140000.00",
    );
    assert!(m.contains("no more than the envelope of £130000.00"), "{m}");
}

#[test]
fn budget_lines_exactly_the_envelope_are_fine() {
    economy_with(|s| {
        s.budget = Some(BudgetLines {
            clinical: Some(50_000.0),
            nhs_self_management: Some(60_000.0),
            community_self_management: Some(20_000.0),
        });
    })
    .unwrap();
}
