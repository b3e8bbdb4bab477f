//! Tornado, threshold analysis and Sobol indices on an outcome or on net benefit at a threshold
//! of one's choosing ([`Measure`]), each worked by hand on a model where net benefit is linear:
//! NMB = λ × 1,000 q − 1,000 c for 1,000 more people at unit cost c and q QALYs a person.

use caretriangle::io::{programme_from_str, Format};
use caretriangle::montecarlo::{Measure, Model};
use caretriangle::sensitivity::SobolOptions;
use caretriangle::{Economy, Scenario};

/// DESMOND-like (illustrative ranges around Gillett et al.'s £82 and 0.0392 QALYs): unit cost
/// uniform on £60–100 (mean 80), QALYs a person uniform on 0.03–0.05 (mean 0.04); doubling its
/// 1,000 people a year.
const TEXT: &str = r#"
name = "Sensitivity on net benefit"
envelope = 1000000
price_year = "2023/24"

[[outcomes]]
id = "qalys"
unit = "QALY"
value = 20000

[[services]]
id = "education"
corner = "nhs_self_management"
provider = "general_practice"
unit = "person"
unit_cost = { dist = "uniform", low = 60, high = 100 }
activity = 1000
units_per_person = 1
outcomes_per_person = { qalys = { dist = "uniform", low = 0.03, high = 0.05 } }

[[scenarios]]
name = "double"
[[scenarios.levers]]
lever = "scale_activity"
service = "education"
factor = 2
"#;

fn model() -> Model {
    let p = programme_from_str(TEXT, Format::Toml, "s.toml").unwrap();
    let (e, s): (Economy, Scenario) = (p.economy().clone(), p.scenario("double").unwrap().clone());
    Model::new(&e, &[&s], Vec::new()).unwrap()
}

fn close(a: f64, b: f64, tol: f64) {
    assert!((a - b).abs() <= tol, "{a} vs {b}");
}

#[test]
fn a_unit_cost_bar_on_net_benefit_is_minus_its_bar_on_the_change_in_spend() {
    let m = model();
    let nb = m.measure("double", "net_benefit_qalys", Some(20_000.0)).unwrap();
    let t = m.tornado(nb, 0.025, 0.975).unwrap();
    // Base: 20,000 × 1,000 × 0.04 − 1,000 × 80 = 800,000 − 80,000 = 720,000.
    close(t.base_output, 720_000.0, 1e-6);
    // The QALY gain's 95% range, 0.0305 to 0.0495: NMB 610,000 − 80,000 = 530,000 and
    // 990,000 − 80,000 = 910,000, a swing of 380,000; the unit cost's, £61 to £99: 739,000
    // and 701,000, a swing of 38,000. The QALY gain comes first.
    let q = &t.rows[0];
    assert_eq!(m.inputs()[q.input].name, "education.outcomes_per_person.qalys");
    close(q.low_output, 530_000.0, 1e-6);
    close(q.high_output, 910_000.0, 1e-6);
    let c = &t.rows[1];
    assert_eq!(m.inputs()[c.input].name, "education.unit_cost");
    close(c.low_output, 739_000.0, 1e-6);
    close(c.high_output, 701_000.0, 1e-6);
    // The unit cost's bar on the change in spend: 61,000 to 99,000 about 80,000; on net
    // benefit it is the same bar with its sign turned (NMB = λ·ΔQ − ΔC).
    let change = m.tornado(m.column("double", "change").unwrap(), 0.025, 0.975).unwrap();
    let cc = change.rows.iter().find(|r| r.input == c.input).unwrap();
    close(
        c.low_output - t.base_output,
        -(cc.low_output - change.base_output),
        1e-6,
    );
    close(
        c.high_output - t.base_output,
        -(cc.high_output - change.base_output),
        1e-6,
    );
    // On the QALYs gained alone (1,000 q): 30.5 to 49.5; the unit cost moves nothing.
    let gain = m
        .tornado(m.measure("double", "qalys_gain", None).unwrap(), 0.025, 0.975)
        .unwrap();
    close(gain.rows[0].low_output, 30.5, 1e-9);
    close(gain.rows[0].high_output, 49.5, 1e-9);
    assert_eq!(gain.rows[1].swing, 0.0);
}

#[test]
fn threshold_values_at_which_the_decision_changes() {
    let m = model();
    let at = |lambda: f64| m.measure("double", "net_benefit_qalys", Some(lambda)).unwrap();
    // NMB = λ × 1,000 × 0.04 − 1,000 c = 0 at c = 0.04 λ: £800 at £20,000 a QALY, £80 at
    // £2,000 (the others at base).
    close(
        m.threshold("education.unit_cost", at(20_000.0), 0.0, 2_000.0).unwrap(),
        800.0,
        1e-6,
    );
    close(
        m.threshold("education.unit_cost", at(2_000.0), 0.0, 2_000.0).unwrap(),
        80.0,
        1e-6,
    );
    // The QALY gain a person at which it breaks even at £20,000: 80 / 20,000 = 0.004.
    let q = m
        .threshold("education.outcomes_per_person.qalys", at(20_000.0), 0.0, 0.1)
        .unwrap();
    close(q, 0.004, 1e-9);
    // Without a threshold, `net_benefit_qalys` is at the outcome's value, £20,000, as in the
    // run's outputs; `net_benefit` names it where the economy counts one outcome.
    assert_eq!(m.measure("double", "net_benefit", None).unwrap(), at(20_000.0));
    assert_eq!(m.measure("double", "net_benefit_qalys", None).unwrap(), at(20_000.0));
    // Any other output is its column.
    assert_eq!(
        m.measure("double", "qalys", None).unwrap(),
        Measure::Column(m.column("double", "qalys").unwrap())
    );
}

#[test]
fn sobol_indices_of_net_benefit_match_the_variances() {
    let m = model();
    let nb = m.measure("double", "net_benefit_qalys", Some(20_000.0)).unwrap();
    let s = m
        .sobol(nb, 1 << 13, 7, &SobolOptions::default(), &mut |_, _| true)
        .unwrap();
    // NMB = 2·10^7 q − 1,000 c: Var from q = (2·10^7)² × 0.02²/12 = 1.333·10^10, from c =
    // 1,000² × 40²/12 = 1.333·10^8; additive, so S1 = ST = 100/101 and 1/101.
    let (qi, ci) = (
        m.inputs().iter().position(|i| i.name.ends_with("qalys")).unwrap(),
        m.inputs().iter().position(|i| i.name.ends_with("unit_cost")).unwrap(),
    );
    close(s.s1[qi], 100.0 / 101.0, 0.02);
    close(s.st[qi], 100.0 / 101.0, 0.02);
    close(s.s1[ci], 1.0 / 101.0, 0.02);
    close(s.st[ci], 1.0 / 101.0, 0.02);
}

#[test]
fn what_cannot_be_measured_is_refused_with_the_field_named() {
    let m = model();
    let e = m.measure("double", "change", Some(20_000.0)).unwrap_err();
    assert_eq!(
        e.to_string(),
        "threshold must be given only with a net benefit output (net_benefit_<outcome>), not with \"change\", got 20000"
    );
    let e = m.measure("double", "net_benefit_qalys", Some(-1.0)).unwrap_err();
    assert_eq!(e.to_string(), "threshold must be a finite number >= 0, got -1");
    let e = m.measure("double", "qalys_gian", None).unwrap_err();
    assert!(e.to_string().contains("did you mean `qalys_gain`?"), "{e}");
}

#[test]
fn a_sweep_reports_each_outcome_gain_and_net_benefit_by_group() {
    use caretriangle::sweep::{sweep, SweepOptions};
    use caretriangle::{Dimension, Lever};
    let p = programme_from_str(TEXT, Format::Toml, "s.toml").unwrap();
    let scale = |f: f64| {
        Scenario::new(&format!("x{f}"))
            .unwrap()
            .with(Lever::scale_activity("education", f).unwrap())
    };
    let options = SweepOptions {
        dimensions: vec![Dimension::Corner],
        threshold: Some(1_000.0),
        ..SweepOptions::default()
    };
    let t = sweep(p.economy(), &[scale(2.0), scale(0.5)], &options, &mut |_, _| true).unwrap();
    let col = |n: &str| t.numbers(n).unwrap().iter().map(|v| v.unwrap()).collect::<Vec<_>>();
    // Rows of each scenario: total, clinical, nhs_self_management, community_self_management.
    // ×2 at the means (£80, 0.04 QALYs): +1,000 people, +40 QALYs, +£80,000; at £1,000 a
    // QALY, NMB = 40,000 − 80,000 = −40,000. ×0.5: −500 people, −20 QALYs, −£40,000: NMB
    // = −20,000 + 40,000 = +20,000 (the south-west quadrant, worth it at £1,000 a QALY).
    assert_eq!(col("qalys_gain"), [40.0, 0.0, 40.0, 0.0, -20.0, 0.0, -20.0, 0.0]);
    let nb = col("net_benefit_qalys");
    for (got, want) in nb
        .iter()
        .zip([-40_000.0, 0.0, -40_000.0, 0.0, 20_000.0, 0.0, 20_000.0, 0.0])
    {
        close(*got, want, 1e-6);
    }
    // A negative threshold is refused before anything runs.
    let bad = SweepOptions {
        threshold: Some(-5.0),
        ..SweepOptions::default()
    };
    let e = sweep(p.economy(), &[scale(2.0)], &bad, &mut |_, _| true).unwrap_err();
    assert_eq!(e.to_string(), "threshold must be a finite number >= 0, got -5");
}
