//! Outcomes in Monte Carlo runs: the outcome columns the same bits row by row and column by
//! column; CEAC rows summing to 1 and a dominated option's curve at 0; EVPI and EVPPI on net
//! benefit through an economy against their closed forms.

use caretriangle::io::{programme_from_str, programme_to_string, Format};
use caretriangle::montecarlo::{Model, MonteCarloOptions};
use caretriangle::outcomes::population_evpi;
use caretriangle::sensitivity::EvppiMethod;
use caretriangle::{Economy, Scenario};
use statrs::distribution::{Continuous, ContinuousCDF, Normal};

/// One service, one unit of activity a year; the scenario doubles it, so that the change in
/// spend is one unit cost C and the gain one unit's QALYs Q, with Q = 1000 + 3·X₁ and
/// C = 1000 − μ + 4·X₂ for X₁, X₂ standard normal (normals truncated at 0, 333 and 250 sd
/// away: no draw of 10^6 gets near). At λ = 1 the incremental net benefit is then
/// Q − C = μ + 3·X₁ − 4·X₂, whose closed forms are those of the issue (−X₂ is a standard
/// normal too).
fn closed_form_economy(mu: f64) -> (Economy, Scenario) {
    let text = format!(
        r#"
name = "Closed form"
envelope = 1000000
price_year = "2023/24"

[[outcomes]]
id = "qalys"
value = 1

[[services]]
id = "s"
corner = "clinical"
provider = "acute_trust"
unit = "unit"
unit_cost = {{ dist = "truncated_normal", mean = {c}, sd = 4, low = 0 }}
activity = 1
outcomes_per_unit = {{ qalys = {{ dist = "truncated_normal", mean = 1000, sd = 3, low = 0 }} }}

[[scenarios]]
name = "double"
[[scenarios.levers]]
lever = "scale_activity"
service = "s"
factor = 2
"#,
        c = 1000.0 - mu
    );
    let p = programme_from_str(&text, Format::Toml, "c.toml").unwrap();
    (p.economy().clone(), p.scenario("double").unwrap().clone())
}

/// σφ(μ/σ) − |μ|Φ(−|μ|/σ): the EVPI of two options whose INB is N(μ, σ²).
fn closed_form(mu: f64, s: f64) -> f64 {
    let n = Normal::standard();
    s * n.pdf(mu / s) - mu.abs() * n.cdf(-mu.abs() / s)
}

fn options(iterations: u64, seed: u64, threads: Option<usize>) -> MonteCarloOptions {
    MonteCarloOptions {
        iterations,
        seed,
        threads,
        ..Default::default()
    }
}

#[test]
fn evpi_and_evppi_on_net_benefit_match_the_closed_forms_through_an_economy() {
    // 2·10^5 draws keep the debug-build test quick; tests/python/test_outcomes.py runs 10^6.
    let n = 200_000;
    for (mu, evpi, x1, x2) in [(0.0, 1.99471, 1.19683, 1.59577), (1.0, 1.53447, 0.76271, 1.14538)] {
        // The closed forms printed in the issue, to five decimals.
        assert!((closed_form(mu, 5.0) - evpi).abs() < 1e-5);
        assert!((closed_form(mu, 3.0) - x1).abs() < 1e-5 && (closed_form(mu, 4.0) - x2).abs() < 1e-5);
        let (e, s) = closed_form_economy(mu);
        let model = Model::new(&e, &[&s], Vec::new()).unwrap();
        let res = model.run(&options(n, 3, None), &mut |_, _| true).unwrap();
        let (samples, inputs) = (res.samples.as_ref().unwrap(), res.inputs.as_ref().unwrap());
        let within = |got: f64, exact: f64, what: &str| {
            assert!((got / exact - 1.0).abs() < 0.02, "mu {mu}, {what}: {got} vs {exact}");
        };
        let total = model.evpi_net_benefit(samples.view(), "qalys", None).unwrap();
        within(total.evpi, evpi, "EVPI");
        let blocks = EvppiMethod::Binned {
            blocks: EvppiMethod::default_blocks(n as usize),
        };
        for (name, exact) in [("s.outcomes_per_unit.qalys", x1), ("s.unit_cost", x2)] {
            let v = model
                .evppi_net_benefit(samples.view(), inputs.view(), &[name.into()], "qalys", None, blocks)
                .unwrap();
            within(v, exact, name);
            assert!(v <= total.evpi);
        }
    }
}

#[test]
fn outcome_columns_are_the_same_bits_row_by_row_and_on_any_number_of_threads() {
    let (e, s) = closed_form_economy(1.0);
    let model = Model::new(&e, &[&s], Vec::new()).unwrap();
    let names: Vec<String> = model.columns().into_iter().map(|(b, o)| format!("{b}/{o}")).collect();
    assert_eq!(
        names[20..],
        [
            "baseline/qalys",
            "baseline/qalys_gain",
            "baseline/net_benefit_qalys",
            "double/qalys",
            "double/qalys_gain",
            "double/net_benefit_qalys"
        ]
    );
    let one = model.run(&options(5000, 9, Some(1)), &mut |_, _| true).unwrap();
    let two = model.run(&options(5000, 9, Some(2)), &mut |_, _| true).unwrap();
    let (a, b) = (one.samples.unwrap(), two.samples.unwrap());
    assert_eq!(a, b);
    let mut ws = model.plan().workspace();
    let mut params = model.plan().base().to_vec();
    let mut out = vec![0.0; model.width()];
    for (r, x) in one.inputs.unwrap().rows().into_iter().enumerate().step_by(97) {
        model.params_with(x.as_slice().unwrap(), &mut params);
        model.evaluate(&params, &mut ws, &mut out).unwrap();
        assert_eq!(out.as_slice(), a.row(r).as_slice().unwrap(), "row {r}");
        // Baseline: one unit, Q QALYs; the scenario two units: gain Q, NB = Q − C at λ = 1.
        let (q, c) = (x[1], x[0]);
        assert_eq!(out[20], q);
        assert_eq!(out[24], q);
        assert!((out[25] - (q - c)).abs() < 1e-9);
    }
}

#[test]
fn ceac_rows_sum_to_one_and_a_dominated_option_is_never_best() {
    let (e, double) = closed_form_economy(1.0);
    // A second scenario that doubles activity and re-prices the unit at £1,500: the same
    // gain Q as "double", for 2 × 1,500 − C = 3,000 − C against "double"'s 2C − C = C. As
    // C ~ N(999, 4²) is below 1,500 in every draw, it is dominated by "double" in every draw.
    let text = r#"{"name": "dear", "levers": [
        {"lever": "scale_activity", "service": "s", "factor": 2},
        {"lever": "set_unit_cost", "service": "s", "unit_cost": 1500}]}"#;
    let dear = Scenario::from_spec(serde_json::from_str(text).unwrap()).unwrap();
    let model = Model::new(&e, &[&double, &dear], Vec::new()).unwrap();
    let res = model.run(&options(4000, 5, None), &mut |_, _| true).unwrap();
    let samples = res.samples.unwrap();
    // At λ = 0 doing nothing is best (the scenarios only cost); at λ = 1 "double" wins
    // about Φ(1/5) = 58% of draws; at λ = 10 nearly always.
    let t = model.ceac(samples.view(), "qalys", &[0.0, 1.0, 10.0]).unwrap();
    let p = |name: &str| t.numbers(name).unwrap().iter().map(|v| v.unwrap()).collect::<Vec<_>>();
    let (base, dbl, dear) = (p("baseline"), p("double"), p("dear"));
    for k in 0..3 {
        assert!((base[k] + dbl[k] + dear[k] - 1.0).abs() < 1e-12);
        assert_eq!(dear[k], 0.0);
    }
    assert_eq!(base[0], 1.0);
    let phi = Normal::standard().cdf(1.0 / 5.0);
    assert!((dbl[1] - phi).abs() < 0.03, "{} vs {phi}", dbl[1]);
    assert!(dbl[2] > 0.99);
    let frontier = match &t.columns[4].values {
        caretriangle::Values::Text(v) => v.clone(),
        caretriangle::Values::Number(_) => unreachable!(),
    };
    assert_eq!(frontier, ["baseline", "double", "double"]);
}

#[test]
fn an_economy_without_outcomes_keeps_its_forty_outputs() {
    // The shipped example counts outcomes (7 columns a block: QALYs with their gain and net
    // benefit, admissions and A&E attendances with their gains); without them it has the 10
    // money and people outputs a block it always had.
    let p = caretriangle::examples::north_of_tyne().unwrap();
    let with = Model::new(p.economy(), &p.scenarios().iter().collect::<Vec<_>>(), Vec::new()).unwrap();
    assert_eq!(with.width(), with.blocks().len() * (10 + 7));
    let mut spec: serde_json::Value = serde_json::from_str(&programme_to_string(&p, Format::Json).unwrap()).unwrap();
    let spec = spec.as_object_mut().unwrap();
    spec.remove("outcomes");
    for s in spec["services"].as_array_mut().unwrap() {
        for key in ["outcomes_per_person", "outcomes_per_unit", "counts_as"] {
            s.as_object_mut().unwrap().remove(key);
        }
    }
    let p = programme_from_str(&serde_json::to_string(&spec).unwrap(), Format::Json, "x.json").unwrap();
    let scenarios: Vec<&Scenario> = p.scenarios().iter().collect();
    let model = Model::new(p.economy(), &scenarios, Vec::new()).unwrap();
    assert_eq!(model.width(), model.blocks().len() * 10);
}

#[test]
fn population_evpi_is_discounted_from_the_second_year() {
    // £2 a person, 1,000 people, 3 years at 3.5%: 2,000 × (1 + 1/1.035 + 1/1.035²)
    // = 2,000 × 2.899694 = 5,799.39.
    let v = population_evpi(2.0, 1000.0, 3, 0.035).unwrap();
    assert!((v - 2000.0 * (1.0 + 1.0 / 1.035 + 1.0 / 1.035_f64.powi(2))).abs() < 1e-9);
    assert!((v - 5799.39).abs() < 0.01);
    assert!(population_evpi(2.0, 1000.0, 0, 0.035).is_err());
    assert!(population_evpi(2.0, -1.0, 3, 0.035).is_err());
}
