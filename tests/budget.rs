//! Multi-year budget impact: uprating, discounting, a three-year invest-to-save example worked
//! by hand, typed errors, and Monte Carlo runs independent of the thread count.

use caretriangle::budget::{self, Discounting, PriceIndex, Timing};
use caretriangle::io::{programme_from_str, Format};
use caretriangle::montecarlo::MonteCarloOptions;
use caretriangle::{Dimension, Error, FinancialYear, Programme};

fn fy(s: &str) -> FinancialYear {
    s.parse().unwrap()
}

fn close(a: f64, b: f64) {
    assert!((a - b).abs() < 1e-6 * b.abs().max(1.0), "{a} != {b}");
}

/// An economy of 10,000 people on one register, health trainers (£100 a person), admissions
/// (£3,000 a spell, 1,000 a year: 0.1 a person) and A&E (£250 an attendance), all illustrative
/// and chosen for hand arithmetic; then the budget impact section `bi`.
fn economy(bi: &str) -> Result<Programme, Error> {
    let text = format!(
        r#"
name = "Invest to save (illustrative)"
envelope = 10000000
price_year = "2023/24"

[[localities]]
id = "town"
register = 10000

[[services]]
id = "health_trainer"
corner = "community_self_management"
provider = "third_sector"
unit = "person"
unit_cost = 100
activity = 0
units_per_person = 1

[[services]]
id = "admissions"
corner = "clinical"
provider = "acute_trust"
unit = "spell"
unit_cost = 3000
activity = 1000

[[services]]
id = "ae"
corner = "clinical"
provider = "acute_trust"
unit = "attendance"
unit_cost = 250
activity = 3000

{bi}
"#
    );
    programme_from_str(&text, Format::Toml, "<test>")
}

/// The three-year example. Every cell below is worked by hand in `three_years_by_hand`.
const INVEST_TO_SAVE: &str = r#"
[[budget_impacts]]
name = "trainers"
first_year = "2025/26"
years = 3
uprating = "nhscii_pay_and_prices"

[[budget_impacts.interventions]]
id = "trainers"
service = "health_trainer"
register_growth = 0.10
eligible_share = 0.5
uptake = [0.2, 0.4]

[[budget_impacts.interventions.effects]]
service = "admissions"
reduction = 0.5
lag = 1
release = "cash_releasing"

[[budget_impacts.interventions.effects]]
service = "ae"
reduction = 0.1
units_per_person = 0.5
release = "capacity_releasing"

[[budget_impacts.costs]]
name = "training"
kind = "one_off"
amount = 50000
price_year = "2022/23"
corner = "nhs_self_management"

[[budget_impacts.costs]]
name = "double running"
kind = "double_running"
amount = 30000
years = 2
corner = "clinical"

[[budget_impacts.costs]]
name = "supervision"
kind = "recurrent"
amount = 5000
start = "2026/27"
service = "health_trainer"

[budget_impacts.reinvest]
into = "health_trainer"
share = 0.1
"#;

#[test]
fn nhscii_uprates_1000_pounds_from_2014_15_to_2023_24() {
    // NHSCII pay and prices (PSSRU Unit Costs 2024, Table 12.1.1), changes 2015/16..2023/24:
    // 0.40, 2.09, 1.24, 1.60, 2.14, 2.49, 2.58, 7.32, 4.31 %. Their product × £1,000 is
    // £1,267.387..., £1,267.39 to the penny (the figure in issue #4).
    let ix = PriceIndex::nhscii("nhscii_pay_and_prices").unwrap();
    let v = 1000.0 * ix.factor(fy("2014/15"), fy("2023/24")).unwrap();
    assert_eq!(format!("{v:.2}"), "1267.39");
    close(v, 1_267.387_477_806_587);
}

#[test]
fn ten_years_at_three_percent_is_0_7441() {
    // Convention: factor 1/(1+r)^t, t = years after the first year (first year t = 0). Ten
    // years on (t = 10) at 3%: 1/1.03^10 = 0.74409; not (1 - 0.03)^10 = 0.73742.
    let d = Discounting::new(0.03, Timing::Start).unwrap();
    assert_eq!(format!("{:.4}", d.factor(10)), "0.7441");
    assert_eq!(d.factor(0), 1.0);
    // Mid-year: the first year is already half a year on, t = 0.5.
    let m = Discounting::new(0.03, Timing::MidYear).unwrap();
    close(m.factor(9), 1.0 / 1.03f64.powf(9.5));
}

#[test]
fn three_years_by_hand() {
    let econ = economy(INVEST_TO_SAVE).unwrap();
    let bi = econ.budget_impact(&econ.budget_impacts()[0]).unwrap();
    let a = bi.annual();
    assert_eq!(a.keys(), ["2025/26", "2026/27", "2027/28"]);
    let col = |name: &str| -> Vec<f64> { a.numbers(name).unwrap().iter().map(|v| v.unwrap()).collect() };
    let check = |name: &str, want: [f64; 3]| {
        for (got, want) in col(name).iter().zip(want) {
            close(*got, want);
        }
    };
    // People newly supported: register 10,000 growing 10% a year, half eligible, uptake 20%
    // then 40% (held): 10,000×0.5×0.2 = 1,000; 11,000×0.5×0.4 = 2,200; 12,100×0.5×0.4 = 2,420.
    check("people_supported", [1000.0, 2200.0, 2420.0]);
    // At £100 a person (unit cost £100 × 1 unit a person): 100,000; 220,000; 242,000.
    check("intervention_costs", [100_000.0, 220_000.0, 242_000.0]);
    // Training £50,000 at 2022/23 prices, uprated to 2023/24 by NHSCII 4.31%: £52,155, once.
    check("one_off_costs", [52_155.0, 0.0, 0.0]);
    // Supervision £5,000 a year from 2026/27 to the end.
    check("recurrent_costs", [0.0, 5000.0, 5000.0]);
    // Double running £30,000 a year for two years.
    check("double_running_costs", [30_000.0, 30_000.0, 0.0]);
    // Admissions: 0.1 a person (1,000 spells / 10,000 people) × 50% fewer × £3,000 = £150 a
    // person supported, from the second year (lag 1), cash-releasing: 0; 2,200×150 =
    // 330,000; 2,420×150 = 363,000.
    check("cash_releasing", [0.0, 330_000.0, 363_000.0]);
    // A&E: 0.5 a person × 10% fewer × £250 = £12.50 a person, from the first year,
    // capacity-releasing: 12,500; 27,500; 30,250.
    check("capacity_releasing", [12_500.0, 27_500.0, 30_250.0]);
    // Reinvested: 10% of the year's cash-releasing savings only: 0; 33,000; 36,300.
    check("reinvested", [0.0, 33_000.0, 36_300.0]);
    // Costs: 100,000 + 52,155 + 30,000 = 182,155; 220,000 + 5,000 + 30,000 + 33,000 =
    // 288,000; 242,000 + 5,000 + 36,300 = 283,300.
    check("total_costs", [182_155.0, 288_000.0, 283_300.0]);
    check("total_savings", [12_500.0, 357_500.0, 393_250.0]);
    // Net = costs − savings: 169,655; −69,500; −109,950. Cumulative: 169,655; 100,155; −9,795.
    check("net", [169_655.0, -69_500.0, -109_950.0]);
    check("cumulative", [169_655.0, 100_155.0, -9_795.0]);
    // Net of cash only: 182,155; −42,000; −79,700.
    check("net_cash", [182_155.0, -42_000.0, -79_700.0]);
    // Discount factors at 3.5% (Green Book default), first year t = 0: 1, 1/1.035 =
    // 0.966183574879, 1/1.035^2 = 0.933510700366. Discounted net: 169,655;
    // −69,500×0.966183574879 = −67,149.758454; −109,950×0.933510700366 = −102,639.501505.
    check("discount_factor", [1.0, 0.966_183_574_879_227, 0.933_510_700_366_403]);
    check("discounted_net", [169_655.0, -67_149.758_454_106, -102_639.501_505_286]);
    check(
        "discounted_cumulative",
        [169_655.0, 102_505.241_545_894, -134.259_959_392],
    );
    // Per 100,000 population (the register, 10,000, when no population is given): × 10.
    check("net_per_100k", [1_696_550.0, -695_000.0, -1_099_500.0]);
    // Paid back in the third year, discounted or not.
    assert_eq!(bi.payback_year(), Some(fy("2027/28")));
    assert_eq!(bi.discounted_payback_year(), Some(fy("2027/28")));
    // Return per £1: savings 763,250 / costs 753,455 = 1.01300011.
    close(bi.return_per_pound().unwrap(), 763_250.0 / 753_455.0);
    // Discounted: (12,500 + 357,500×d1 + 393,250×d2) / (182,155 + 288,000×d1 + 283,300×d2).
    let (d1, d2) = (1.0 / 1.035, 1.0 / 1.035f64.powi(2));
    close(
        bi.discounted_return_per_pound().unwrap(),
        (12_500.0 + 357_500.0 * d1 + 393_250.0 * d2) / (182_155.0 + 288_000.0 * d1 + 283_300.0 * d2),
    );

    // By corner: community = trainers + supervision + reinvested: 100,000; 258,000; 283,300.
    // NHS self-management = training: 52,155; 0; 0. Clinical = double running − admissions −
    // A&E: 30,000 − 12,500 = 17,500; 30,000 − 357,500 = −327,500; −393,250.
    let c = bi.by(Dimension::Corner).unwrap();
    close(c.get("community_self_management", "2026/27").unwrap(), 258_000.0);
    close(c.get("nhs_self_management", "2025/26").unwrap(), 52_155.0);
    close(c.get("clinical", "2026/27").unwrap(), -327_500.0);
    close(c.get("clinical", "total").unwrap(), 17_500.0 - 327_500.0 - 393_250.0);
    close(c.get("Total", "total").unwrap(), -9_795.0);
    // By commissioner: the YOC defaults, clinical → CCG.
    let m = bi.by(Dimension::Commissioner).unwrap();
    close(m.get("CCG", "2027/28").unwrap(), -393_250.0);
    // The NICE layout: one row a line, savings negative, the total row is the net.
    let lines = bi.by_line();
    close(lines.get("Total", "2026/27").unwrap(), -69_500.0);
    close(lines.get("training", "2025/26").unwrap(), 52_155.0);
}

#[test]
fn files_round_trip_with_budget_impacts() {
    let econ = economy(INVEST_TO_SAVE).unwrap();
    for format in [Format::Toml, Format::Json] {
        let text = caretriangle::io::programme_to_string(&econ, format).unwrap();
        let back = programme_from_str(&text, format, "<round trip>").unwrap();
        assert_eq!(back, econ);
        assert_eq!(caretriangle::io::programme_to_string(&back, format).unwrap(), text);
    }
}

/// The validation error under a file error.
fn cause(e: Error) -> Error {
    match e {
        Error::File { source: Some(s), .. } => *s,
        other => other,
    }
}

#[test]
fn typed_errors_name_the_input() {
    // Mixed price years with no uprating: the error names the cost priced at 2022/23.
    let e = cause(economy(&INVEST_TO_SAVE.replace("uprating = \"nhscii_pay_and_prices\"", "")).unwrap_err());
    assert!(matches!(e, Error::Incompatible(_)), "{e:?}");
    assert!(e.to_string().contains("costs[0] (training) at 2022/23 prices"), "{e}");

    // A discount rate below -100%.
    let e = cause(economy(&INVEST_TO_SAVE.replace("years = 3\n", "years = 3\ndiscount_rate = -1.5\n")).unwrap_err());
    assert!(matches!(e, Error::InvalidValue { .. }), "{e:?}");
    assert_eq!(e.field(), Some("budget_impacts[0].discount_rate"));

    // A horizon of zero years.
    let e = cause(economy(&INVEST_TO_SAVE.replace("years = 3\n", "years = 0\n")).unwrap_err());
    assert!(matches!(e, Error::InvalidValue { .. }), "{e:?}");
    assert_eq!(e.field(), Some("budget_impacts[0].years"));

    // An effect on a service that does not exist, with the nearest id suggested.
    let e = cause(economy(&INVEST_TO_SAVE.replace("service = \"admissions\"", "service = \"admission\"")).unwrap_err());
    assert!(matches!(e, Error::UnknownId { .. }), "{e:?}");
    assert_eq!(e.field(), Some("budget_impacts[0].interventions[0].effects[0].service"));
    assert!(e.to_string().contains("admissions"), "{e}");

    // An unknown key in the section is a file error naming it.
    let e = economy(&INVEST_TO_SAVE.replace("lag = 1", "lags = 1")).unwrap_err();
    assert!(e.to_string().contains("unknown key `lags`"), "{e}");

    // An index without the years needed names the gap.
    let e =
        cause(economy(&INVEST_TO_SAVE.replace("price_year = \"2022/23\"", "price_year = \"2013/14\"")).unwrap_err());
    assert!(e.to_string().contains("no change for 2014/15"), "{e}");
}

#[test]
fn user_tables_extend_the_shipped_index() {
    // 2024/25 at 2% added to NHSCII: £50,000 at 2022/23 to 2024/25 prices is
    // 50,000 × 1.0431 × 1.02 = 53,198.10.
    let bi = INVEST_TO_SAVE.replace(
        "uprating = \"nhscii_pay_and_prices\"",
        "price_base = \"2024/25\"\nuprating = { name = \"NHSCII + plan\", extends = \"nhscii_pay_and_prices\", changes = { \"2024/25\" = 2.0 } }",
    );
    let econ = economy(&bi).unwrap();
    let r = econ.budget_impact(&econ.budget_impacts()[0]).unwrap();
    close(r.annual().get("2025/26", "one_off_costs").unwrap(), 53_198.1);
    // The trainers' £100 (2023/24) becomes £102: 1,000 people cost £102,000 in the first year.
    close(r.annual().get("2025/26", "intervention_costs").unwrap(), 102_000.0);
}

#[test]
fn monte_carlo_is_the_same_for_one_and_two_threads() {
    let bi = INVEST_TO_SAVE.replace(
        "reduction = 0.5",
        "reduction = { dist = \"pert\", low = 0.3, mode = 0.5, high = 0.7 }",
    );
    let econ = economy(&bi).unwrap();
    let model = econ.budget_model("trainers").unwrap();
    let run = |threads| {
        let options = MonteCarloOptions {
            iterations: 10_000, // three chunks of 4,096
            seed: 7,
            threads: Some(threads),
            ..Default::default()
        };
        budget::run(&model, &options, &mut |_, _| true).unwrap()
    };
    let (one, two) = (run(1), run(2));
    assert_eq!(one.samples, two.samples);
    assert_eq!(one.summaries, two.summaries);
    // Cumulative impact is linear in the reduction, so its mean is the base case at the PERT's
    // mean (0.5): −9,795, within Monte Carlo error. The reduction moves the cumulative by
    // (2,200 + 2,420) × 0.1 × 3,000 × 0.9 (after 10% reinvested) = £1,247,400 per unit, and
    // the PERT's sd is about 0.0756: sd of the cumulative ~ £94,300, standard error ~ £943.
    let cum = one.summary("cumulative").unwrap();
    assert!((cum.mean + 9_795.0).abs() < 4.0 * 943.0, "{}", cum.mean);
    // Pays back when the reduction is above 0.5 − 9,795/1,247,400 ≈ 0.4921: a little over half.
    let p = one.probability_of_payback();
    assert!((0.5..0.6).contains(&p), "{p}");
}

#[test]
fn a_scenario_recurs_every_year_and_its_savings_can_be_reinvested() {
    // The scenario scales admissions by 0.9: 100 spells × £3,000 = £300,000 less a year
    // (clinical, CCG), cash-releasing by default. With £100,000 a year of coordination and
    // half the cash released reinvested in trainers (£150,000): costs 250,000, savings
    // 300,000, net −50,000 a year; cumulative −50,000, −100,000; paid back in the first year.
    // Headroom: envelope £10m − baseline spend (£3m admissions + £750,000 A&E) = £6.25m, less
    // the net: £6.3m.
    let bi = r#"
[[scenarios]]
name = "fewer admissions"

[[scenarios.levers]]
lever = "scale_activity"
service = "admissions"
factor = 0.9

[[budget_impacts]]
name = "scenario"
first_year = "2025/26"
years = 2
scenario = "fewer admissions"

[[budget_impacts.costs]]
name = "coordination"
kind = "recurrent"
amount = 100000
corner = "community_self_management"

[budget_impacts.reinvest]
into = "health_trainer"
share = 0.5
"#;
    let econ = economy(bi).unwrap();
    let r = econ.budget_impact(&econ.budget_impacts()[0]).unwrap();
    let a = r.annual();
    for year in ["2025/26", "2026/27"] {
        close(a.get(year, "scenario_change").unwrap(), -300_000.0);
        close(a.get(year, "cash_releasing").unwrap(), 300_000.0);
        close(a.get(year, "reinvested").unwrap(), 150_000.0);
        close(a.get(year, "total_costs").unwrap(), 250_000.0);
        close(a.get(year, "net").unwrap(), -50_000.0);
        close(a.get(year, "headroom").unwrap(), 6_300_000.0);
    }
    close(a.get("2026/27", "cumulative").unwrap(), -100_000.0);
    assert_eq!(r.payback_year(), Some(fy("2025/26")));
    let m = r.by(Dimension::Commissioner).unwrap();
    close(m.get("CCG", "2025/26").unwrap(), -300_000.0);

    // Capacity-releasing instead: nothing to reinvest (only cash is spent unless told), so
    // costs 100,000 and net −200,000 a year.
    let capacity = bi.replace(
        "scenario = \"fewer admissions\"",
        "scenario = \"fewer admissions\"\nscenario_release = \"capacity_releasing\"",
    );
    let econ = economy(&capacity).unwrap();
    let a = econ.budget_impact(&econ.budget_impacts()[0]).unwrap().annual();
    close(a.get("2025/26", "capacity_releasing").unwrap(), 300_000.0);
    close(a.get("2025/26", "reinvested").unwrap(), 0.0);
    close(a.get("2025/26", "net").unwrap(), -200_000.0);
    // Told to spend capacity-releasing savings too: £150,000 reinvested again.
    let told = capacity.replace("share = 0.5", "share = 0.5\ninclude_capacity_releasing = true");
    let econ = economy(&told).unwrap();
    let a = econ.budget_impact(&econ.budget_impacts()[0]).unwrap().annual();
    close(a.get("2025/26", "reinvested").unwrap(), 150_000.0);

    // An unknown scenario is named.
    let e =
        cause(economy(&bi.replace("scenario = \"fewer admissions\"", "scenario = \"fewer admission\"")).unwrap_err());
    assert!(matches!(e, Error::UnknownId { .. }), "{e:?}");
    assert_eq!(e.field(), Some("budget_impacts[0].scenario"));
}
