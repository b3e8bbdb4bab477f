//! Services priced in another year, uprated to the economy's price year on load by its
//! `uprating` index; `economy::uprate` for one amount.
//!
//! Figures: the YOC specialist dietitian rate, £21.25 an hour (c. 2010/11, here given as priced
//! at 2015/16 to fall inside the shipped index), and the NHS Cost Inflation Index shipped with
//! the package (PSSRU, Unit Costs of Health and Social Care 2024, Table 12.1.1), pay and prices:
//! 2016/17 2.09%, 2017/18 1.24%, 2018/19 1.60%, 2019/20 2.14%, 2020/21 2.49%, 2021/22 2.58%,
//! 2022/23 7.32%, 2023/24 4.31%.

use caretriangle::budget::Uprating;
use caretriangle::economy::uprate;
use caretriangle::io::{programme_from_str, programme_to_string, Format};
use caretriangle::{Dimension, Error, FinancialYear};

/// 1.0209 × 1.0124 × 1.0160 × 1.0214 × 1.0249 × 1.0258 × 1.0732 × 1.0431 = 1.262338125…
const FACTOR_2015_16: f64 = 1.0209 * 1.0124 * 1.0160 * 1.0214 * 1.0249 * 1.0258 * 1.0732 * 1.0431;

fn economy(uprating: &str, dietitian_year: &str, unit_cost: &str) -> String {
    format!(
        r#"name = "Uprated (illustrative)"
envelope = 100000
price_year = "2023/24"
{uprating}

[[services]]
id = "dietitian"
corner = "clinical"
provider = "acute_trust"
unit = "hour"
unit_cost = {unit_cost}
price_year = "{dietitian_year}"
activity = 1000

[[services]]
id = "health_trainer"
corner = "community_self_management"
provider = "third_sector"
unit = "hour"
unit_cost = 11.45
activity = 1000
"#
    )
}

fn y(s: &str) -> FinancialYear {
    s.parse().unwrap()
}

#[test]
fn a_service_priced_in_another_year_is_uprated_on_load() {
    let text = economy("uprating = \"nhscii_pay_and_prices\"", "2015/16", "21.25");
    let programme = programme_from_str(&text, Format::Toml, "e.toml").unwrap();
    let econ = programme.economy();
    // £21.25 × 1.262338… = £26.82 an hour; 1,000 hours = £26,824.69.
    let dietitian = &econ.services()[0];
    assert!((dietitian.unit_cost() - 21.25 * FACTOR_2015_16).abs() < 1e-9);
    assert!((dietitian.unit_cost() - 26.824_685).abs() < 1e-6);
    assert_eq!(dietitian.price_year(), Some(y("2023/24")));
    assert!((econ.total_spend() - (26_824.685_162_739 + 11_450.0)).abs() < 1e-6);
    let u = econ.uprated(0).unwrap();
    assert_eq!(u.from, y("2015/16"));
    assert!((u.factor - FACTOR_2015_16).abs() < 1e-12);
    assert!(econ.uprated(1).is_none());
    // The service table shows where each unit cost came from.
    let t = econ.spend_by(Dimension::Service);
    assert!((t.get("dietitian", "uprating_factor").unwrap() - FACTOR_2015_16).abs() < 1e-12);
    assert_eq!(t.get("health_trainer", "uprating_factor"), Some(1.0));
    let years = t.columns.iter().find(|c| c.name == "price_year").unwrap();
    assert_eq!(format!("{:?}", years.values), r#"Text(["2015/16", "2023/24"])"#);
    // Saved again, the file says what it said: £21.25 at 2015/16 prices.
    let saved = programme_to_string(&programme, Format::Toml).unwrap();
    assert!(saved.contains("unit_cost = 21.25\nprice_year = \"2015/16\""), "{saved}");
    assert!(saved.contains("uprating = \"nhscii_pay_and_prices\""), "{saved}");
    assert_eq!(
        programme_from_str(&saved, Format::Toml, "again.toml").unwrap(),
        programme
    );
}

#[test]
fn an_uncertain_unit_cost_is_rescaled() {
    let text = economy(
        "uprating = \"nhscii_pay_and_prices\"",
        "2015/16",
        "{ dist = \"gamma\", mean = 21.25, sd = 2.5 }",
    );
    let programme = programme_from_str(&text, Format::Toml, "e.toml").unwrap();
    let spec = programme.economy().services()[0].spec().clone();
    let d = spec.unit_cost.distribution().unwrap();
    // A gamma given by mean and sd: both times the factor (sd 2.5 × 1.262338… = 3.155845…).
    assert!((d.mean() - 21.25 * FACTOR_2015_16).abs() < 1e-9);
    assert_eq!(
        format!("{:?}", d.spec()),
        format!(
            "Gamma {{ shape: None, scale: None, mean: Some({:?}), sd: Some({:?}) }}",
            21.25 * FACTOR_2015_16,
            2.5 * FACTOR_2015_16
        )
    );
}

#[test]
fn a_table_of_ones_own_reaches_back_before_the_shipped_index() {
    // Illustrative changes into 2011/12 … 2015/16 (not published figures), extending the
    // shipped series: £21.25 × 1.02 × 1.02 × 1.02 × 1.02 × 1.01 × 1.262338… = £29.33
    // (the table's 1% into 2015/16 wins over the shipped 0.40%).
    let own = r#"uprating = { name = "own, chained", extends = "nhscii_pay_and_prices", changes = { "2011/12" = 2.0, "2012/13" = 2.0, "2013/14" = 2.0, "2014/15" = 2.0, "2015/16" = 1.0 } }"#;
    let programme = programme_from_str(&economy(own, "2010/11", "21.25"), Format::Toml, "e.toml").unwrap();
    let want = 21.25 * 1.02_f64.powi(4) * 1.01 * FACTOR_2015_16;
    let got = programme.economy().services()[0].unit_cost();
    assert!((got - want).abs() < 1e-9, "{got} {want}");
    assert!((got - 29.326_261).abs() < 1e-6, "{got}");
}

#[test]
fn years_outside_the_index_are_refused_naming_the_service() {
    let text = economy("uprating = \"nhscii_pay_and_prices\"", "2010/11", "21.25");
    let e = programme_from_str(&text, Format::Toml, "e.toml").unwrap_err();
    assert!(
        matches!(&e, Error::File { source: Some(s), .. } if matches!(**s, Error::Incompatible(_))),
        "{e:?}"
    );
    assert_eq!(
        e.to_string(),
        "e.toml: services[0] (`dietitian`) is priced at 2010/11: the index \
         `nhscii_pay_and_prices` has no change for 2011/12 (it covers 2015/16 to 2023/24), needed to \
         move costs from 2010/11 to 2023/24 prices; add the year's change to the table, or give the \
         unit cost at 2023/24 prices"
    );
    // Without an index, another year is refused as before, and the message says how to uprate.
    let e = programme_from_str(&economy("", "2015/16", "21.25"), Format::Toml, "e.toml").unwrap_err();
    assert!(e.to_string().ends_with("(uprating = \"nhscii_pay_and_prices\")"), "{e}");
}

#[test]
fn one_amount_uprated() {
    let ix = Uprating::Named("nhscii_pay_and_prices".into());
    // £1,000 at 2015/16 prices is £1,262.34 at 2023/24's, and back.
    let up = uprate(1000.0, y("2015/16"), y("2023/24"), &ix).unwrap();
    assert!((up - 1000.0 * FACTOR_2015_16).abs() < 1e-9);
    let back = uprate(up, y("2023/24"), y("2015/16"), &ix).unwrap();
    assert!((back - 1000.0).abs() < 1e-9);
    // No index: the same year only.
    assert_eq!(uprate(5.0, y("2020/21"), y("2020/21"), &Uprating::None).unwrap(), 5.0);
    let e = uprate(5.0, y("2020/21"), y("2021/22"), &Uprating::None).unwrap_err();
    assert!(e.to_string().contains("needs an index"), "{e}");
}
