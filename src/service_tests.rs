use super::*;

fn spec() -> ServiceSpec {
    ServiceSpec {
        id: "specialist_dietitian".into(),
        corner: Some(Corner::Clinical),
        provider: Some(ProviderType::AcuteTrust),
        unit: "hour".into(),
        unit_cost: 21.25.into(),
        activity: Some(1000.0.into()),
        ..Default::default()
    }
}

#[test]
fn financial_years_read_and_print() {
    let y: FinancialYear = "2023/24".parse().unwrap();
    assert_eq!(y.start(), 2023);
    assert_eq!(y.to_string(), "2023/24");
    assert_eq!("1999/2000".parse::<FinancialYear>().unwrap().to_string(), "1999/00");
    assert!("2023/25".parse::<FinancialYear>().is_err());
    assert!("2023".parse::<FinancialYear>().is_err());
}

#[test]
fn spend_is_unit_cost_times_activity() {
    // 1,000 dietitian hours at the YOC rate of £21.25 an hour.
    assert_eq!(Service::new(spec()).unwrap().spend(), 21_250.0);
}

#[test]
fn allocation_gives_activity() {
    let s = Service::new(ServiceSpec {
        activity: None,
        allocation: Some(42_500.0.into()),
        ..spec()
    })
    .unwrap();
    assert_eq!(s.activity(), 2000.0);
    assert_eq!(s.spend(), 42_500.0);
}

#[test]
fn bad_values_name_the_field_and_value() {
    let e = Service::new(ServiceSpec {
        unit_cost: (-5.0).into(),
        ..spec()
    })
    .unwrap_err();
    assert_eq!(e.to_string(), "unit_cost must be a finite number >= 0, got -5");
    let e = Service::new(ServiceSpec {
        activity: Some(f64::NAN.into()),
        ..spec()
    })
    .unwrap_err();
    assert_eq!(e.to_string(), "activity must be a finite number >= 0, got NaN");
    let e = Service::new(ServiceSpec {
        allocation: Some(1.0.into()),
        ..spec()
    })
    .unwrap_err();
    assert!(e.to_string().contains("got both"), "{e}");
    let e = Service::new(ServiceSpec {
        units_per_person: Some(0.0.into()),
        ..spec()
    })
    .unwrap_err();
    assert_eq!(e.field(), Some("units_per_person"));
    let e = Service::new(ServiceSpec {
        id: " ".into(),
        ..spec()
    })
    .unwrap_err();
    assert_eq!(e.field(), Some("id"));
}
