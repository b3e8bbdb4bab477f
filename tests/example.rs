//! The North of Tyne example file loads, fits its envelope, round-trips, and its scenarios
//! apply within the envelope.

use std::path::PathBuf;

use caretriangle::io::{self, Format};
use caretriangle::{compare_unit_costs, ApplyOptions, CompareOptions, Corner, Dimension, Programme};

const ENVELOPE: f64 = 13_600_000.0;
const REINVESTED: f64 = 1_400_000.0;
const TOLERANCE: f64 = 0.005;

fn example_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/north_of_tyne.toml")
}

fn example() -> Programme {
    io::load_programme(example_path()).unwrap_or_else(|e| panic!("example does not load: {e}"))
}

#[test]
fn baseline_loads_and_fits_the_envelope() {
    let programme = example();
    let economy = programme.economy();
    assert_eq!(economy.localities().len(), 3);
    assert_eq!(economy.price_year().to_string(), "2023/24");
    assert_eq!(economy.envelope(), ENVELOPE);
    let registers: Vec<f64> = economy
        .localities()
        .iter()
        .map(caretriangle::LocalitySpec::people)
        .collect();
    assert_eq!(registers, [14_241.0, 22_911.0, 30_323.0]);
    // Every service says where its figures come from.
    for s in economy.services() {
        assert!(s.spec().source.is_some(), "{} has no source", s.id());
    }
    let spend = economy.total_spend();
    println!(
        "baseline: spend £{spend:.2}, envelope £{:.2}, headroom £{:.2}",
        economy.envelope(),
        economy.headroom()
    );
    assert!(spend <= economy.envelope(), "baseline spends £{spend:.2}");
    assert!(economy.headroom() > 0.0);
    // Budget lines are planned within the envelope and every corner is within its line.
    let planned: f64 = Corner::ALL.iter().filter_map(|c| economy.budget_line(*c)).sum();
    assert!(planned <= economy.envelope());
    assert!(economy.warnings().is_empty(), "{:?}", economy.warnings());
    let by_corner = economy.spend_by(Dimension::Corner);
    for c in Corner::ALL {
        let s = by_corner.get(c.id(), "spend").unwrap();
        println!(
            "  {}: £{s:.2} (budget line £{:.2})",
            c.id(),
            economy.budget_line(c).unwrap()
        );
    }
}

#[test]
fn scenarios_apply_within_the_envelope() {
    let programme = example();
    let economy = programme.economy();
    let names: Vec<&str> = programme.scenarios().iter().map(caretriangle::Scenario::name).collect();
    assert!(
        names.contains(&"skill mix") && names.contains(&"reinvest £1.4m"),
        "{names:?}"
    );
    for scenario in programme.scenarios() {
        let result = economy
            .apply(scenario, ApplyOptions { strict: true })
            .unwrap_or_else(|e| panic!("scenario `{}` does not apply: {e}", scenario.name()));
        println!(
            "scenario `{}`: spend £{:.2} (change £{:.2}), headroom £{:.2}, released £{:.2}, reinvested £{:.2}, new money £{:.2}",
            scenario.name(),
            result.total_after(),
            result.change(),
            result.headroom_after(),
            result.released(),
            result.reinvested(),
            result.new_money()
        );
        assert!(result.total_after() <= economy.envelope());
        assert_eq!(result.over_envelope(), 0.0);
        assert!(
            result.warnings().is_empty(),
            "{}: {:?}",
            scenario.name(),
            result.warnings()
        );
        // Every pound is accounted for: after = before + new money + reinvested - released.
        let expected = result.total_before() + result.new_money() + result.reinvested() - result.released();
        assert!((result.total_after() - expected).abs() < 1e-6, "{}", scenario.name());
    }
}

#[test]
fn skill_mix_moves_40_percent_of_dietitian_hours() {
    let programme = example();
    let economy = programme.economy();
    let result = economy
        .apply(programme.scenario("skill mix").unwrap(), ApplyOptions::default())
        .unwrap();
    // 6,000 hours × 40% = 2,400 hours at £21.25 − £11.45 = £9.80 an hour.
    assert!((result.released() - 23_520.0).abs() < 1e-6, "{}", result.released());
    assert!((result.flow(Corner::Clinical, Corner::CommunitySelfManagement) - 27_480.0).abs() < 1e-6);
    assert_eq!(result.new_money(), 0.0);
}

#[test]
fn reinvest_scenario_reinvests_exactly_1_4_million() {
    let programme = example();
    let economy = programme.economy();
    let result = economy
        .apply(programme.scenario("reinvest £1.4m").unwrap(), ApplyOptions::default())
        .unwrap();
    assert_eq!(format!("{:.2}", result.reinvested()), "1400000.00");
    assert!((result.reinvested() - REINVESTED).abs() < TOLERANCE);
    assert!(
        result.released() >= REINVESTED,
        "released only £{:.2}",
        result.released()
    );
    assert_eq!(result.new_money(), 0.0);
    // The money runs along the left side, clinical to NHS self-management.
    assert!((result.flow(Corner::Clinical, Corner::NhsSelfManagement) - REINVESTED).abs() < TOLERANCE);
    // Spread across the three localities by need-weighted register.
    let by_locality = result.by(Dimension::Locality);
    let mut spread = 0.0;
    for locality in economy.localities() {
        let change = by_locality.get(&locality.id, "change").unwrap();
        println!("  reinvested in {}: £{change:.2}", locality.label());
        assert!(change > 0.0);
        spread += change;
    }
    assert!((spread - REINVESTED).abs() < TOLERANCE);
}

#[test]
fn combined_scenario_reinvests_1_4_million_too() {
    let programme = example();
    let economy = programme.economy();
    let result = economy
        .apply(
            programme.scenario("skill mix and reinvest").unwrap(),
            ApplyOptions::default(),
        )
        .unwrap();
    assert!((result.reinvested() - REINVESTED).abs() < TOLERANCE);
    assert_eq!(result.new_money(), 0.0);
}

#[test]
fn dietitian_against_health_trainer_saves_4900_per_500_hours() {
    let programme = example();
    let economy = programme.economy();
    let dietitian = economy.service("specialist_dietitian").unwrap();
    let trainer = economy.service("health_trainer").unwrap();
    let c = compare_unit_costs(
        dietitian,
        trainer,
        CompareOptions {
            units: 500.0,
            ..Default::default()
        },
    )
    .unwrap();
    assert!((c.saving - 4_900.0).abs() < 1e-9, "{}", c.saving);
}

#[test]
fn example_round_trips() {
    let programme = example();
    for format in [Format::Toml, Format::Json] {
        let text = io::programme_to_string(&programme, format).unwrap();
        let back = io::programme_from_str(&text, format, "<round trip>")
            .unwrap_or_else(|e| panic!("{format:?} text does not load back: {e}"));
        assert_eq!(back, programme, "{format:?}");
    }
}

#[test]
fn a_scenario_is_checked_once_per_apply_and_once_per_load() {
    // Checking a scenario is compiling it into the plan; before, loading checked it, then
    // compiled it, and applying compiled it and worked out its reinvestment weights again.
    let before = caretriangle::plan::compiled_on_this_thread();
    let programme = example();
    // Each of the three kept scenarios and the one budget impact, once.
    assert_eq!(caretriangle::plan::compiled_on_this_thread() - before, 4);
    let before = caretriangle::plan::compiled_on_this_thread();
    programme
        .economy()
        .apply(programme.scenario("skill mix").unwrap(), ApplyOptions::default())
        .unwrap();
    assert_eq!(caretriangle::plan::compiled_on_this_thread() - before, 1);
}
