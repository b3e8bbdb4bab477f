//! Options, the league table, PBMA and the curve against the envelope, each worked by hand on
//! small economies whose options are one lever on one service each (illustrative figures).

use caretriangle::io::{programme_from_str, Format};
use caretriangle::montecarlo::MonteCarloOptions;
use caretriangle::options::{Options, OptionsConfig};
use caretriangle::uncertainty::SamplingPlan;
use caretriangle::{Economy, Error, Lever, Scenario};

/// An economy of one-person services (`id`, unit cost £, QALYs a person), envelope `envelope`.
fn economy(envelope: f64, services: &[(&str, f64, f64)]) -> Economy {
    use std::fmt::Write as _;
    let mut text = format!(
        "name = \"options\"\nenvelope = {envelope}\nprice_year = \"2023/24\"\n\n\
         [[outcomes]]\nid = \"qalys\"\nvalue = 150\n"
    );
    for (id, cost, q) in services {
        let _ = write!(
            text,
            "\n[[services]]\nid = \"{id}\"\ncorner = \"nhs_self_management\"\nprovider = \"general_practice\"\n\
             unit = \"person\"\nunit_cost = {cost}\nactivity = 1\nunits_per_person = 1\n\
             outcomes_per_person = {{ qalys = {q} }}\n"
        );
    }
    programme_from_str(&text, Format::Toml, "e.toml")
        .unwrap()
        .economy()
        .clone()
}

/// Doubling a service's activity (one more person) or halving it.
fn scale(name: &str, service: &str, factor: f64) -> Scenario {
    Scenario::new(name)
        .unwrap()
        .with(Lever::scale_activity(service, factor).unwrap())
}

/// Five options (cost £, QALYs gained): A (100, 1), B (300, 2), C (350, 1.5), E (500, 4)
/// doubling services, D (−50, −1) halving one of £100 and 2 QALYs. Spend 1,350, envelope
/// 2,050: headroom £700.
fn league_options(config: OptionsConfig) -> Options {
    let e = economy(
        2050.0,
        &[
            ("a", 100.0, 1.0),
            ("b", 300.0, 2.0),
            ("c", 350.0, 1.5),
            ("d", 100.0, 2.0),
            ("e", 500.0, 4.0),
        ],
    );
    let s = vec![
        scale("A", "a", 2.0),
        scale("B", "b", 2.0),
        scale("C", "c", 2.0),
        scale("D", "d", 0.5),
        scale("E", "e", 2.0),
    ];
    Options::new(&e, s, config).unwrap()
}

#[test]
fn league_table_by_hand() {
    let opts = league_options(OptionsConfig::on("qalys"));
    let t = opts.league();
    // In order of cost: D (−50, −1), baseline (0, 0), A (100, 1), B (300, 2), C (350, 1.5),
    // E (500, 4). C gains less than B for more: dominated by B (£50 more, 0.5 less).
    // ICERs along D, baseline, A, B, E: 50/1 = 50; 100/1 = 100; 200/1 = 200; 200/2 = 100.
    // B's 200 > E's 100: B is extendedly dominated by A and E. Then E against A: 400/3 =
    // 133.33. Frontier: D, baseline (50), A (100), E (133.33); then B, then C.
    assert_eq!(t.keys(), ["D", "baseline", "A", "E", "B", "C"]);
    let icer = |k: &str| t.get(k, "icer");
    assert_eq!(icer("D"), None);
    assert_eq!(icer("baseline"), Some(50.0));
    assert_eq!(icer("A"), Some(100.0));
    assert!((icer("E").unwrap() - 400.0 / 3.0).abs() < 1e-9);
    assert_eq!(icer("B"), None);
    let standing = |k: &str| {
        let i = t.keys().iter().position(|x| x == k).unwrap();
        match &t.columns.iter().find(|c| c.name == "standing").unwrap().values {
            caretriangle::Values::Text(v) => v[i].clone(),
            caretriangle::Values::Number(_) => unreachable!(),
        }
    };
    assert_eq!(
        standing("B"),
        "extendedly dominated by `A` and `E`: a mix of them gains more for the money"
    );
    assert_eq!(standing("C"), "dominated by `B`: costs £50.00 more and gains 0.5 less");
    // Net monetary benefit at £150 a QALY: A 150 − 100 = 50; B 300 − 300 = 0; C 225 − 350 =
    // −125; D −150 + 50 = −100; E 600 − 500 = 100. Net health benefit of E: 4 − 500/150.
    let nmb = |k: &str| t.get(k, "net_monetary_benefit").unwrap();
    assert_eq!(
        [nmb("A"), nmb("B"), nmb("C"), nmb("D"), nmb("E")],
        [50.0, 0.0, -125.0, -100.0, 100.0]
    );
    assert!((t.get("E", "net_health_benefit").unwrap() - (4.0 - 500.0 / 150.0)).abs() < 1e-12);
    // Cost per QALY against the baseline: C 350/1.5; incremental cost of E against A 400.
    assert!((t.get("C", "cost_per_gain").unwrap() - 350.0 / 1.5).abs() < 1e-9);
    assert_eq!(t.get("E", "incremental_cost"), Some(400.0));
    assert_eq!(t.get("E", "incremental_gain"), Some(3.0));
    assert_eq!(t.get("A", "people"), Some(1.0));
    assert_eq!(t.get("D", "people"), Some(-0.5));
}

#[test]
fn curve_cut_by_the_headroom_by_hand() {
    let opts = league_options(OptionsConfig::on("qalys"));
    assert_eq!(opts.budget(), 700.0);
    // D loses QALYs: no step. Gain a £: A 1/100 = 0.01, E 4/500 = 0.008, B 2/300 = 0.0067,
    // C 1.5/350 = 0.0043. Cumulative cost 100, 600, 900, 1,250; gain 1, 5, 7, 8.5. Within
    // £700: A and E (600); B would make 900.
    let t = opts.curve();
    let names: Vec<&str> = opts
        .steps()
        .iter()
        .map(|s| opts.choices()[s.option].name.as_str())
        .collect();
    assert_eq!(names, ["A", "E", "B", "C"]);
    assert_eq!(
        t.numbers("cumulative_cost").unwrap(),
        [Some(100.0), Some(600.0), Some(900.0), Some(1250.0)]
    );
    assert_eq!(
        t.numbers("cumulative_gain").unwrap(),
        [Some(1.0), Some(5.0), Some(7.0), Some(8.5)]
    );
    assert_eq!(opts.best_affordable(), [0, 4]);
}

#[test]
fn options_that_exclude_each_other_move_up_their_frontier() {
    // A and E exclude each other: their frontier is baseline, A (100), E (400/3 = 133.33):
    // steps A (100, 1) and E instead of A (400, 3), 0.0075 a £; B and C are independent.
    // Order: A 0.01, E 0.0075, B 0.0067, C 0.0043. Cumulative cost 100, 500, 800, 1,150.
    // Budget £800: A, E (replacing A), B funded; the set is E and B.
    let config = OptionsConfig {
        budget: Some(800.0),
        groups: vec![("education".into(), vec!["A".into(), "E".into()])],
        ..OptionsConfig::on("qalys")
    };
    let opts = league_options(config);
    let steps = opts.steps();
    assert_eq!(steps[1].option, 4);
    assert_eq!(steps[1].from, Some(0));
    assert_eq!((steps[1].cost, steps[1].gain), (400.0, 3.0));
    assert_eq!(opts.curve().numbers("cumulative_cost").unwrap()[2], Some(800.0));
    assert_eq!(opts.best_affordable(), [4, 1]);
}

#[test]
fn wish_and_hit_lists_and_their_pairings_by_hand() {
    // Wish: W1 (100, 2) 0.02 a £; W2 (200, 2) 0.01; W3 (100, 0.3) 0.003.
    // Hit (halving): H1 (−150, −0.5) loses 0.0033 a £; H2 (−100, −1) 0.01; H3 (−100, −0.2)
    // 0.002. Hit order: H3, H1, H2.
    // W1 (£100): H3 releases 100; loss 0.2; net 2 − 0.2 = 1.8 > 0: funded, nothing left.
    // W2 (£200): H1 150, then H2 250 >= 200; loss 0.5 + 1 = 1.5; net 0.5: funded, £50 left.
    // W3 (£100): £50 and no hit item left: marginal analysis stops.
    let e = economy(
        5000.0,
        &[
            ("w1", 100.0, 2.0),
            ("w2", 200.0, 2.0),
            ("w3", 100.0, 0.3),
            ("h1", 300.0, 1.0),
            ("h2", 200.0, 2.0),
            ("h3", 200.0, 0.4),
        ],
    );
    let s = ["w1", "w2", "w3"]
        .iter()
        .map(|w| scale(&w.to_uppercase(), w, 2.0))
        .chain(["h1", "h2", "h3"].iter().map(|h| scale(&h.to_uppercase(), h, 0.5)))
        .collect();
    let opts = Options::new(&e, s, OptionsConfig::on("qalys")).unwrap();
    assert_eq!(opts.wish_list().keys(), ["W1", "W2", "W3"]);
    assert_eq!(opts.hit_list().keys(), ["H3", "H1", "H2"]);
    let p = opts.pairings();
    assert_eq!(p.len(), 2);
    assert_eq!((p[0].wish, p[0].funded_by.clone()), (0, vec![5]));
    assert!((p[0].net_gain() - 1.8).abs() < 1e-12);
    assert_eq!((p[1].wish, p[1].funded_by.clone()), (1, vec![3, 4]));
    assert!((p[1].net_gain() - 0.5).abs() < 1e-12);
    assert_eq!((p[1].released, p[1].unspent), (250.0, 50.0));
    let t = opts.pairings_table();
    assert_eq!(t.keys(), ["W1", "W2"]);
}

#[test]
fn monte_carlo_shares_sum_and_repeat_whatever_the_threads() {
    // The shipped DESMOND example has no uncertain inputs: give its unit cost one.
    let text = caretriangle::examples::STRUCTURED_EDUCATION
        .replace("unit_cost = 82", "unit_cost = { dist = \"gamma\", mean = 82, sd = 30 }");
    let e = programme_from_str(&text, Format::Toml, "e.toml")
        .unwrap()
        .economy()
        .clone();
    let s = vec![scale("more", "desmond", 2.0), scale("less", "desmond", 0.5)];
    let config = OptionsConfig {
        budget: Some(100_000.0),
        ..OptionsConfig::on("qalys")
    };
    let opts = Options::new(&e, s, config).unwrap();
    let run = |threads| {
        let mc = MonteCarloOptions {
            iterations: 3000,
            seed: 7,
            sampling: SamplingPlan::LatinHypercube,
            threads: Some(threads),
            ..MonteCarloOptions::default()
        };
        opts.monte_carlo(&mc).unwrap()
    };
    let (one, two) = (run(1), run(2));
    assert_eq!(one, two);
    let best: f64 = one.numbers("highest_net_benefit").unwrap().iter().flatten().sum();
    assert!((best - 1.0).abs() < 1e-12);
    // `more` costs 1,000 × unit cost for 39.2 QALYs: at £20,000 a QALY (£784,000) it has the
    // highest net benefit unless the unit cost passes £784, which a gamma of mean 82 and sd 30
    // never reaches in 3,000 draws; the mean cost is near £82,000.
    assert_eq!(one.get("more", "highest_net_benefit"), Some(1.0));
    assert!((one.get("more", "mean_cost").unwrap() - 82_000.0).abs() < 2_000.0);
    // Within £100,000 `more` is in the set when 1,000 × cost <= 100,000: cost <= £100, and
    // `less` (it loses QALYs) never is.
    assert_eq!(one.get("less", "in_best_affordable"), Some(0.0));
    let p = one.get("more", "in_best_affordable").unwrap();
    assert!(p > 0.6 && p < 0.9, "{p}");
    assert!((p + one.get("baseline", "in_best_affordable").unwrap() - 1.0).abs() < 1e-12);
}

#[test]
fn invalid_options_are_refused_naming_the_field() {
    let e = economy(1000.0, &[("a", 100.0, 1.0)]);
    let msg = |r: Result<Options, Error>| r.unwrap_err().to_string();
    assert_eq!(
        msg(Options::new(&e, vec![], OptionsConfig::on("qalys"))),
        "options must be at least one option (a scenario or a named list of levers), got none"
    );
    assert_eq!(
        msg(Options::new(&e, vec![scale("same", "a", 1.0)], OptionsConfig::on("qalys"))),
        "options[0] must be an option that changes spend or the outcome, got `same`, which changes neither spend nor qalys"
    );
    assert!(
        msg(Options::new(&e, vec![scale("A", "a", 2.0)], OptionsConfig::on("qaly"))).contains("did you mean `qalys`")
    );
    let negative = OptionsConfig {
        threshold: Some(-1.0),
        ..OptionsConfig::on("qalys")
    };
    assert_eq!(
        msg(Options::new(&e, vec![scale("A", "a", 2.0)], negative)),
        "threshold must be a finite number >= 0, got -1"
    );
}

#[test]
fn the_shipped_example_from_its_options_table() {
    // examples/options.toml: DESMOND (£82, 0.0392 QALYs a person; Gillett et al., BMJ
    // 2010;341:c4093) at 1,000 people, illustrative peer support (£120, 0.02 QALYs) at 500.
    // Options: +500 on the course (41,000, 19.6); +1,000 (82,000, 39.2); grow peer support
    // (60,000, 10); close it (−60,000, −10). Spend 142,000, envelope 300,000: headroom 158,000.
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/options.toml")).unwrap();
    let p = programme_from_str(&text, Format::Toml, "options.toml").unwrap();
    let spec = p.options().unwrap();
    let opts = Options::of_kept(p.economy(), p.scenarios(), &spec.scenarios, spec.config()).unwrap();
    assert_eq!(opts.budget(), 158_000.0);
    // In order of cost: close (−60,000, −10), baseline, +500, grow, +1,000. Grow costs more
    // than +500 for less: dominated. ICERs: baseline 60,000/10 = 6,000; +500 41,000/19.6 =
    // 2,091.84 < 6,000: the baseline is extendedly dominated; then +500 against close
    // 101,000/29.6 = 3,412.16 > +1,000 against +500 2,091.84: +500 too; +1,000 against close
    // 142,000/49.2 = 2,886.18.
    let t = opts.league();
    assert_eq!(
        t.keys(),
        [
            "close peer support",
            "offer to 1,000 more",
            "baseline",
            "offer to 500 more",
            "grow peer support"
        ]
    );
    assert!((t.get("offer to 1,000 more", "icer").unwrap() - 142_000.0 / 49.2).abs() < 1e-9);
    // PBMA: +500 first (it is named first; +1,000 gains as much a £); closing peer support
    // releases 60,000 for a loss of 10 QALYs: net 19.6 − 10 = 9.6, £19,000 left over. +1,000
    // excludes +500 and growing peer support excludes closing it: no more pairings.
    let p = opts.pairings();
    assert_eq!(p.len(), 1);
    assert!((p[0].net_gain() - 9.6).abs() < 1e-9);
    assert!((p[0].unspent - 19_000.0).abs() < 1e-6);
    // Curve: +500 (41,000), +1,000 instead of +500 (41,000 more), grow peer support (60,000):
    // cumulative 41,000, 82,000, 142,000, all within 158,000: the set is +1,000 and growth.
    assert_eq!(
        opts.curve().numbers("cumulative_cost").unwrap().last(),
        Some(&Some(142_000.0))
    );
    let names: Vec<&str> = opts
        .best_affordable()
        .iter()
        .map(|&i| opts.choices()[i].name.as_str())
        .collect();
    assert_eq!(names, ["offer to 1,000 more", "grow peer support"]);
}
