//! Outcomes counted by a budget impact, year by year, discounted at their own rate (3.5% by
//! default, NICE's reference case), and the multi-year ICER and net benefit that follow; each
//! figure worked by hand.

use caretriangle::budget::BudgetImpact;
use caretriangle::io::{programme_from_str, Format};
use caretriangle::{Error, Programme};

/// 2,000 people a year offered education at £100 a person, 0.05 QALYs each; each uses 0.5
/// admissions a year and 10% fewer from the second year (a saving of £2,000 a spell).
const ECONOMY: &str = r#"
name = "Budget outcomes"
envelope = 10000000
price_year = "2025/26"

[[outcomes]]
id = "qalys"
unit = "QALY"
value = 20000

[[outcomes]]
id = "admissions"
unit = "admission"
better = "lower"

[[services]]
id = "education"
corner = "nhs_self_management"
provider = "general_practice"
unit = "person"
unit_cost = 100
activity = 100
units_per_person = 1
outcomes_per_person = { qalys = 0.05 }

[[services]]
id = "ne_spells"
corner = "clinical"
provider = "acute_trust"
unit = "spell"
unit_cost = 2000
activity = 1000
counts_as = "admissions"

[[scenarios]]
name = "double education"
[[scenarios.levers]]
lever = "scale_activity"
service = "education"
factor = 2
"#;

fn programme(budget: &str) -> Result<Programme, Error> {
    programme_from_str(&format!("{ECONOMY}\n{budget}"), Format::Toml, "b.toml")
}

fn impact(budget: &str) -> Result<BudgetImpact, Error> {
    let p = programme(budget)?;
    p.budget_impact(&p.budget_impacts()[0])
}

const OFFER: &str = r#"
[[budget_impacts]]
name = "offer"
first_year = "2025/26"
years = 3
[[budget_impacts.interventions]]
id = "offer"
service = "education"
register = 10000
eligible_share = 0.2
uptake = [1.0]
[[budget_impacts.interventions.effects]]
service = "ne_spells"
reduction = 0.1
units_per_person = 0.5
lag = 1
release = "cash_releasing"
"#;

fn close(a: f64, b: f64) {
    assert!((a - b).abs() <= 1e-9 * b.abs().max(1.0), "{a} vs {b}");
}

#[test]
fn qalys_and_admissions_avoided_by_year_discounted_at_3_5_percent() {
    let bi = impact(OFFER).unwrap();
    // 10,000 × 0.2 × 1 = 2,000 people a year, × 0.05 QALYs = 100 QALYs in each year.
    assert_eq!(bi.outcome_gains(0), [100.0, 100.0, 100.0]);
    // 2,000 × 10% × 0.5 = 100 admissions avoided a year from the second year (lag 1).
    assert_eq!(bi.outcome_gains(1), [0.0, 100.0, 100.0]);
    let t = bi.outcomes();
    // 100 + 100/1.035 + 100/1.035² = 100 + 96.618357 + 93.351070 = 289.969428.
    close(t.get("Total", "qalys_discounted_gain").unwrap(), 289.969_427_524_563);
    close(t.get("2026/27", "qalys_discounted_gain").unwrap(), 100.0 / 1.035);
    close(
        t.get("Total", "admissions_discounted_gain").unwrap(),
        189.969_427_524_563,
    );
    // Costs £200,000 a year; savings 100 × £2,000 = £200,000 from the second year: net
    // £200,000, 0, 0, so the discounted net is £200,000.
    close(t.get("Total", "discounted_net").unwrap(), 200_000.0);

    let ce = bi.icer("qalys").unwrap();
    // ICER = 200,000 / 289.969428 = £689.73 a QALY.
    close(ce.icer.unwrap(), 689.727_885_133_884_3);
    assert_eq!(ce.verdict, "costs £689.73 more a QALY gained");
    // NMB at the outcome's £20,000: 20,000 × 289.969428 − 200,000 = £5,599,388.55.
    close(ce.net_monetary_benefit, 5_599_388.550_491_26);
    let nb = bi.cost_effectiveness("qalys", Some(500.0)).unwrap();
    // At £500 a QALY: 500 × 289.969428 − 200,000 = −£55,015.29, below the ICER.
    close(nb.net_monetary_benefit, 500.0 * 289.969_427_524_563 - 200_000.0);
}

#[test]
fn outcome_discount_rate_is_its_own_and_0_counts_every_year_alike() {
    let text = OFFER.replace(
        "years = 3\n",
        "years = 3\noutcome_discount_rate = 0\ndiscount_rate = 0.1\n",
    );
    let bi = impact(&text).unwrap();
    let t = bi.outcomes();
    // 100 + 100 + 100 undiscounted, whatever the costs' 10%.
    close(t.get("Total", "qalys_discounted_gain").unwrap(), 300.0);
    close(t.get("2027/28", "discount_factor").unwrap(), 1.0);
    // Costs are discounted at 10%: £200,000 falls in the first year, t = 0.
    close(bi.icer("qalys").unwrap().icer.unwrap(), 200_000.0 / 300.0);
}

#[test]
fn a_scenario_and_reinvested_savings_count_their_outcomes() {
    // The kept scenario doubles education's 100 people: +5 QALYs every year.
    let text = OFFER.replace("years = 3\n", "years = 3\nscenario = \"double education\"\n");
    let bi = impact(&text).unwrap();
    assert_eq!(bi.outcome_gains(0), [105.0, 105.0, 105.0]);
    // 105 + 105/1.035 + 105/1.035² = 304.467899.
    close(
        bi.outcomes().get("Total", "qalys_discounted_gain").unwrap(),
        304.467_898_900_791_2,
    );

    // Half the £200,000 saved in years 2 and 3 reinvested in education buys 1,000 people
    // at £100: 1,000 × 0.05 = 50 QALYs more in each of those years.
    let text = format!("{OFFER}\n[budget_impacts.reinvest]\ninto = \"education\"\nshare = 0.5\n");
    let bi = impact(&text).unwrap();
    assert_eq!(bi.outcome_gains(0), [100.0, 150.0, 150.0]);
}

#[test]
fn invalid_outcome_settings_are_refused_with_the_field_named() {
    let e = impact(&OFFER.replace("years = 3\n", "years = 3\noutcome_discount_rate = -1\n")).unwrap_err();
    // Checked as the file is read, with the line it is on.
    assert!(
        e.to_string()
            .ends_with("budget_impacts[0].outcome_discount_rate must be a finite rate above -1 (-100%), got -1"),
        "{e}"
    );
    // Supporting people with a service that counts admissions a spell and has no units per
    // person: the people's admissions cannot be counted.
    let e = impact(&OFFER.replace(
        "service = \"education\"",
        "service = \"ne_spells\"\ncost_per_person = 5",
    ))
    .unwrap_err();
    assert!(
        e.to_string()
            .contains("budget_impacts[0].interventions[0].service must be a service with units_per_person"),
        "{e}"
    );
    let bi = impact(OFFER).unwrap();
    let e = bi.icer("qaly").unwrap_err();
    assert!(e.to_string().contains("did you mean `qalys`"), "{e}");
}

#[test]
fn budget_monte_carlo_records_each_outcome_gain_and_net_benefit() {
    use caretriangle::budget;
    use caretriangle::montecarlo::MonteCarloOptions;
    // Uptake uncertain: 0.5 to 1 (uniform), so people, QALYs, costs and savings all move.
    let text = OFFER.replace(
        "uptake = [1.0]",
        "uptake = [{ dist = \"uniform\", low = 0.5, high = 1 }]",
    );
    let p = programme(&text).unwrap();
    let model = p.budget_model("offer").unwrap();
    let opts = MonteCarloOptions {
        iterations: 300,
        seed: 5,
        ..Default::default()
    };
    let res = budget::run(&model, &opts, &mut |_, _| true).unwrap();
    let n = res.columns.len();
    assert_eq!(
        res.columns[n - 3..],
        ["qalys_gain", "net_benefit_qalys", "admissions_gain"].map(String::from)
    );
    let s = res.samples.as_ref().unwrap();
    let disc = 1.0 + 1.0 / 1.035 + 1.0 / 1.035_f64.powi(2);
    for row in s.rows() {
        // People = 2,000 × u a year (u the drawn uptake, over 0.5): QALYs 100·u a year, so
        // the discounted gain is 100·u × (1 + 1/1.035 + 1/1.035²).
        let u = row[n - 3] / (100.0 * disc);
        assert!((0.5..=1.0).contains(&u), "{u}");
        // Costs 200,000·u a year; savings 200,000·u in years 2 and 3: the discounted net is
        // 200,000·u, and NMB = 20,000 × QALYs − 200,000·u.
        close(row[1], 200_000.0 * u);
        close(row[n - 2], 20_000.0 * row[n - 3] - 200_000.0 * u);
        // Admissions: 100·u avoided in years 2 and 3.
        close(row[n - 1], 100.0 * u * (disc - 1.0));
    }
}
