//! One test per bad value: each asserts the error's kind, and that its message names the
//! field's path and the value at fault.

mod common;

use std::collections::BTreeMap;

use caretriangle::io::{load_programme, programme_from_str, Format};
use caretriangle::{
    ApplyOptions, BudgetLines, ClusterSpec, Dimension, Error, Lever, MoneySource, Programme, ProgrammeSpec, ReinvestBy,
    Scenario, ScenarioSpec,
};
use common::{fixture, fixture_spec, plain};

/// The fixture with one change, validated (as a file's programme: the economy and what is
/// kept with it).
fn economy_with(change: impl FnOnce(&mut ProgrammeSpec)) -> caretriangle::Result<Programme> {
    let mut spec = ProgrammeSpec::of_economy(fixture_spec());
    change(&mut spec);
    Programme::new(spec)
}

/// Asserts an `InvalidValue` naming `field` and `value`, with the message built from them.
#[track_caller]
fn invalid(result: caretriangle::Result<impl std::fmt::Debug>, field: &str, value: &str) -> String {
    let e = result.expect_err("should be refused");
    match &e {
        Error::InvalidValue { field: f, value: v, .. } => {
            assert_eq!(f, field, "{e}");
            assert_eq!(plain(v), value, "{e}");
        }
        other => panic!("expected InvalidValue, got {other:?}"),
    }
    let m = plain(&e.to_string());
    assert!(m.starts_with(&format!("{field} must be ")), "{m}");
    assert!(m.ends_with(&format!(", got {value}")), "{m}");
    m
}

fn apply(levers: Vec<Lever>) -> caretriangle::Result<caretriangle::Comparison> {
    let s = levers
        .into_iter()
        .fold(Scenario::new("s").unwrap(), caretriangle::Scenario::with);
    fixture().apply(&s, ApplyOptions::default())
}

// ---- unit cost ---------------------------------------------------------------------------

#[test]
fn negative_unit_cost() {
    let m = invalid(
        economy_with(|s| s.services[1].unit_cost = (-5.0).into()),
        "services[1].unit_cost",
        "-5",
    );
    assert_eq!(m, "services[1].unit_cost must be a finite number >= 0, got -5");
}

#[test]
fn nan_unit_cost() {
    invalid(
        economy_with(|s| s.services[2].unit_cost = (f64::NAN).into()),
        "services[2].unit_cost",
        "NaN",
    );
}

#[test]
fn infinite_unit_cost() {
    invalid(
        economy_with(|s| s.services[0].unit_cost = (f64::INFINITY).into()),
        "services[0].unit_cost",
        "inf",
    );
}

#[test]
fn negative_unit_cost_in_a_lever() {
    invalid(Lever::set_unit_cost("dietitian", -1.0), "unit_cost", "-1");
}

// ---- activity ------------------------------------------------------------------------------

#[test]
fn negative_activity() {
    invalid(
        economy_with(|s| s.services[0].activity = Some((-1.0).into())),
        "services[0].activity",
        "-1",
    );
}

#[test]
fn nan_activity() {
    invalid(
        economy_with(|s| s.services[3].activity = Some((f64::NAN).into())),
        "services[3].activity",
        "NaN",
    );
}

#[test]
fn infinite_activity() {
    invalid(
        economy_with(|s| s.services[4].activity = Some((f64::NEG_INFINITY).into())),
        "services[4].activity",
        "-inf",
    );
}

#[test]
fn negative_scale_factor() {
    invalid(Lever::scale_activity("dietitian", -0.5), "factor", "-0.5");
}

// ---- allocation ----------------------------------------------------------------------------

#[test]
fn negative_allocation() {
    invalid(
        economy_with(|s| s.services[5].allocation = Some((-5000.0).into())),
        "services[5].allocation",
        "-5000",
    );
}

#[test]
fn nan_allocation() {
    invalid(
        economy_with(|s| s.services[5].allocation = Some((f64::NAN).into())),
        "services[5].allocation",
        "NaN",
    );
}

#[test]
fn infinite_allocation() {
    invalid(
        economy_with(|s| s.services[5].allocation = Some((f64::INFINITY).into())),
        "services[5].allocation",
        "inf",
    );
}

#[test]
fn allocation_at_a_unit_cost_of_zero() {
    // £5,000 cannot buy anything at £0 a unit.
    let m = invalid(
        economy_with(|s| s.services[5].unit_cost = (0.0).into()),
        "services[5].allocation",
        "5000",
    );
    assert!(m.contains("give activity instead"), "{m}");
}

#[test]
fn both_activity_and_allocation() {
    let m = invalid(
        economy_with(|s| s.services[0].allocation = Some((42_500.0).into())),
        "services[0].activity",
        "both",
    );
    assert!(m.contains("exactly one of activity"), "{m}");
}

#[test]
fn neither_activity_nor_allocation() {
    invalid(
        economy_with(|s| s.services[2].activity = None),
        "services[2].activity",
        "neither",
    );
}

// ---- envelope ------------------------------------------------------------------------------

#[test]
fn negative_envelope() {
    let m = invalid(economy_with(|s| s.envelope = -130_000.0), "envelope", "-130000");
    assert_eq!(m, "envelope must be a finite number >= 0, got -130000");
}

#[test]
fn nan_envelope() {
    invalid(economy_with(|s| s.envelope = f64::NAN), "envelope", "NaN");
}

#[test]
fn infinite_envelope() {
    invalid(economy_with(|s| s.envelope = f64::INFINITY), "envelope", "inf");
}

// ---- register ------------------------------------------------------------------------------

#[test]
fn negative_register() {
    invalid(
        economy_with(|s| s.localities[1].register = (-1000.0).into()),
        "localities[1].register",
        "-1000",
    );
}

#[test]
fn nan_register() {
    invalid(
        economy_with(|s| s.localities[0].register = (f64::NAN).into()),
        "localities[0].register",
        "NaN",
    );
}

#[test]
fn infinite_register() {
    invalid(
        economy_with(|s| s.localities[1].register = (f64::INFINITY).into()),
        "localities[1].register",
        "inf",
    );
}

#[test]
fn negative_cluster_register() {
    invalid(
        economy_with(|s| s.localities[0].clusters[1].register = Some(-1.0)),
        "localities[0].clusters[1].register",
        "-1",
    );
}

#[test]
fn negative_need_weight() {
    invalid(
        economy_with(|s| s.localities[1].need_weight = Some((-2.0).into())),
        "localities[1].need_weight",
        "-2",
    );
}

// ---- other service values ------------------------------------------------------------------

#[test]
fn zero_units_per_person() {
    let m = invalid(
        economy_with(|s| s.services[0].units_per_person = Some((0.0).into())),
        "services[0].units_per_person",
        "0",
    );
    assert!(m.contains("> 0"), "{m}");
}

#[test]
fn negative_capacity() {
    invalid(
        economy_with(|s| s.services[3].capacity = Some(-1.0)),
        "services[3].capacity",
        "-1",
    );
}

#[test]
fn empty_service_id() {
    invalid(
        economy_with(|s| s.services[0].id = String::new()),
        "services[0].id",
        "\"\"",
    );
}

#[test]
fn cluster_of_another_locality() {
    // n1 belongs to north; health_trainer_south is in south.
    let m = invalid(
        economy_with(|s| s.services[4].cluster = Some("n1".into())),
        "services[4].cluster",
        "\"n1\"",
    );
    assert!(m.contains("it belongs to `north`"), "{m}");
}

#[test]
fn missing_price_year() {
    invalid(economy_with(|s| s.price_year = None), "price_year", "nothing");
}

// ---- shares --------------------------------------------------------------------------------

#[test]
fn share_above_one() {
    let m = invalid(
        Lever::substitute("dietitian", "health_trainer_north", 1.5, 1.0),
        "share",
        "1.5",
    );
    assert_eq!(m, "share must be a share between 0 and 1, got 1.5");
}

#[test]
fn share_below_zero() {
    invalid(
        Lever::substitute("dietitian", "health_trainer_north", -0.1, 1.0),
        "share",
        "-0.1",
    );
}

#[test]
fn share_nan() {
    invalid(
        Lever::substitute("dietitian", "health_trainer_north", f64::NAN, 1.0),
        "share",
        "NaN",
    );
}

#[test]
fn productivity_gain_above_one() {
    invalid(Lever::productivity("dietitian", 1.2), "gain", "1.2");
}

#[test]
fn share_in_a_scenario_names_the_lever() {
    let spec = ScenarioSpec {
        name: "s".into(),
        description: None,
        levers: vec![
            Lever::productivity("dietitian", 0.1).unwrap(),
            Lever::Substitute {
                from: "dietitian".into(),
                to: "health_trainer_north".into(),
                share: 2.0.into(),
                ratio: 1.0.into(),
            },
        ],
    };
    invalid(Scenario::from_spec(spec.clone()), "levers[1].share", "2");
    // And inside an economy, under its scenario's path.
    invalid(
        economy_with(|s| s.scenarios = vec![spec]),
        "scenarios[0].levers[1].share",
        "2",
    );
}

#[test]
fn negative_ratio() {
    invalid(
        Lever::substitute("dietitian", "health_trainer_north", 0.5, -1.0),
        "ratio",
        "-1",
    );
}

#[test]
fn lever_from_a_service_to_itself() {
    invalid(Lever::shift("dietitian", "dietitian", 10.0), "to", "\"dietitian\"");
}

#[test]
fn nan_shift_amount() {
    invalid(
        Lever::shift("dietitian", "health_trainer_north", f64::NAN),
        "amount",
        "NaN",
    );
}

#[test]
fn negative_reinvestment_weight() {
    let w: BTreeMap<String, f64> = [("north".to_string(), -1.0)].into_iter().collect();
    invalid(
        Lever::reinvest(1.0, &["health_trainer_north"], ReinvestBy::Weights(w), MoneySource::New),
        "by.north",
        "-1",
    );
}

// ---- unknown ids -----------------------------------------------------------------------------

#[track_caller]
fn unknown(e: Error, field: &str, kind: &str, id: &str, hint: &str) {
    match &e {
        Error::UnknownId {
            field: f,
            kind: k,
            id: i,
            hint: h,
        } => {
            assert_eq!((f.as_str(), *k, i.as_str(), h.as_str()), (field, kind, id, hint));
        }
        other => panic!("expected UnknownId, got {other:?}"),
    }
    assert_eq!(e.to_string(), format!("{field}: unknown {kind} `{id}`{hint}"));
}

#[test]
fn unknown_service_in_a_lever_suggests_the_nearest() {
    let e = apply(vec![
        Lever::substitute("dietician", "health_trainer_north", 0.4, 1.0).unwrap()
    ])
    .unwrap_err();
    unknown(
        e,
        "levers[0].from",
        "service",
        "dietician",
        "; did you mean `dietitian`?",
    );
}

#[test]
fn unknown_service_far_from_any_lists_the_known_ones() {
    let e = apply(vec![
        Lever::productivity("dietitian", 0.1).unwrap(),
        Lever::scale_activity("podiatry", 2.0).unwrap(),
    ])
    .unwrap_err();
    unknown(
        e,
        "levers[1].service",
        "service",
        "podiatry",
        "; known: `dietitian`, `gp_care_planning`, `structured_education`, `health_trainer_north`, \
         `health_trainer_south`, `peer_support`",
    );
}

#[test]
fn unknown_service_in_reinvest_into() {
    let e = apply(vec![Lever::reinvest(
        1.0,
        &["health_trainer_north", "health_trainer_sout"],
        ReinvestBy::Register,
        MoneySource::New,
    )
    .unwrap()])
    .unwrap_err();
    unknown(
        e,
        "levers[0].into[1]",
        "service",
        "health_trainer_sout",
        "; did you mean `health_trainer_south`?",
    );
}

#[test]
fn unknown_service_in_a_kept_scenario() {
    let e = economy_with(|s| {
        s.scenarios = vec![ScenarioSpec {
            name: "skill mix".into(),
            description: None,
            levers: vec![Lever::substitute("dietitian", "health_trainr_north", 0.4, 1.0).unwrap()],
        }];
    })
    .unwrap_err();
    unknown(
        e,
        "scenarios[0].levers[0].to",
        "service",
        "health_trainr_north",
        "; did you mean `health_trainer_north`?",
    );
}

#[test]
fn unknown_locality_of_a_service() {
    let e = economy_with(|s| s.services[0].locality = Some("nroth".into())).unwrap_err();
    unknown(
        e,
        "services[0].locality",
        "locality",
        "nroth",
        "; did you mean `north`?",
    );
}

#[test]
fn unknown_locality_in_reinvestment_weights() {
    let w = [("north", 1.0), ("south", 1.0), ("sout", 1.0)]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    let e = apply(vec![Lever::reinvest(
        100.0,
        &["health_trainer_north", "health_trainer_south"],
        ReinvestBy::Weights(w),
        MoneySource::New,
    )
    .unwrap()])
    .unwrap_err();
    unknown(e, "levers[0].by.sout", "locality", "sout", "; did you mean `south`?");
}

#[test]
fn unknown_scenario_name() {
    let e = Programme::of_economy(fixture()).scenario("skil mix").unwrap_err();
    assert!(matches!(e, Error::UnknownId { kind: "scenario", .. }), "{e:?}");
    assert_eq!(e.to_string(), "scenario: unknown scenario `skil mix`");
}

#[test]
fn unknown_report_dimension() {
    let e = "corners".parse::<Dimension>().unwrap_err();
    assert!(e.to_string().contains("did you mean `corner`"), "{e}");
    assert_eq!(e.field(), Some("by"));
}

// ---- duplicate ids -------------------------------------------------------------------------

#[track_caller]
fn duplicate(result: caretriangle::Result<Programme>, field: &str, kind: &str, id: &str) {
    let e = result.unwrap_err();
    assert!(
        matches!(&e, Error::DuplicateId { field: f, kind: k, id: i, .. } if f == field && *k == kind && i == id),
        "{e:?}"
    );
    assert_eq!(e.to_string(), format!("{field}: duplicate {kind} id `{id}`"));
}

#[test]
fn duplicate_service_id() {
    duplicate(
        economy_with(|s| s.services[3].id = "dietitian".into()),
        "services[3].id",
        "service",
        "dietitian",
    );
}

#[test]
fn duplicate_locality_id() {
    duplicate(
        economy_with(|s| {
            s.services[4].locality = Some("north".into());
            s.localities[1].id = "north".into();
        }),
        "localities[1].id",
        "locality",
        "north",
    );
}

#[test]
fn duplicate_cluster_id() {
    duplicate(
        economy_with(|s| {
            s.localities[1].clusters = vec![ClusterSpec {
                id: "n1".into(),
                ..Default::default()
            }];
        }),
        "localities[1].clusters[0].id",
        "cluster",
        "n1",
    );
}

#[test]
fn duplicate_scenario_name() {
    let kept = |name: &str| ScenarioSpec {
        name: name.into(),
        description: None,
        levers: vec![],
    };
    duplicate(
        economy_with(|s| s.scenarios = vec![kept("a"), kept("b"), kept("a")]),
        "scenarios[2].name",
        "scenario",
        "a",
    );
}

#[test]
fn duplicate_service_in_reinvest_into() {
    let e = Lever::reinvest(
        1.0,
        &["health_trainer_north", "health_trainer_north"],
        ReinvestBy::Equal,
        MoneySource::New,
    )
    .unwrap_err();
    assert_eq!(e.to_string(), "into[1]: duplicate service id `health_trainer_north`");
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

// ---- money a lever does not have --------------------------------------------------------------

#[test]
fn shift_more_money_than_a_service_has() {
    // gp_care_planning spends 1,000 × £40 = £40,000.
    let e = apply(vec![
        Lever::shift("gp_care_planning", "health_trainer_north", 60_000.0).unwrap()
    ])
    .unwrap_err();
    assert!(
        matches!(&e, Error::Insufficient { field, .. } if field == "levers[0].amount"),
        "{e:?}"
    );
    assert_eq!(
        plain(&e.to_string()),
        "levers[0].amount: shifts £60000.00 but gp_care_planning spends only £40000.00"
    );
}

#[test]
fn shift_more_than_is_left_after_an_earlier_lever() {
    // After a 10% productivity gain gp_care_planning spends £36,000: £40,000 is too much.
    let e = apply(vec![
        Lever::productivity("gp_care_planning", 0.1).unwrap(),
        Lever::shift("gp_care_planning", "health_trainer_north", 40_000.0).unwrap(),
    ])
    .unwrap_err();
    assert_eq!(
        plain(&e.to_string()),
        "levers[1].amount: shifts £40000.00 but gp_care_planning spends only £36000.00"
    );
}

#[test]
fn reinvest_more_released_money_than_released() {
    // The substitution releases 800 × (21.25 − 11.45) = £7,840; £8,000 is more.
    let e = apply(vec![
        Lever::substitute("dietitian", "health_trainer_north", 0.4, 1.0).unwrap(),
        Lever::reinvest(
            8000.0,
            &["health_trainer_south"],
            ReinvestBy::Register,
            MoneySource::Released,
        )
        .unwrap(),
    ])
    .unwrap_err();
    assert!(
        matches!(&e, Error::Insufficient { field, .. } if field == "levers[1].amount"),
        "{e:?}"
    );
    let m = plain(&e.to_string());
    assert!(
        m.starts_with(
            "levers[1].amount: reinvests £8000.00 of released money but earlier levers released only £7840.00"
        ),
        "{m}"
    );
}

#[test]
fn reinvest_released_money_when_nothing_was_released() {
    let e = apply(vec![Lever::reinvest(
        1.0,
        &["health_trainer_south"],
        ReinvestBy::Register,
        MoneySource::Released,
    )
    .unwrap()])
    .unwrap_err();
    assert!(plain(&e.to_string()).contains("released only £0.00"), "{e}");
}

#[test]
fn money_into_a_free_service() {
    let e = fixture()
        .apply(
            &Scenario::new("s")
                .unwrap()
                .with(Lever::set_unit_cost("health_trainer_south", 0.0).unwrap())
                .with(
                    Lever::reinvest(100.0, &["health_trainer_south"], ReinvestBy::Register, MoneySource::New).unwrap(),
                ),
            ApplyOptions::default(),
        )
        .unwrap_err();
    invalid(Err::<(), _>(e), "levers[1].into[0]", "\"health_trainer_south\"");
}

#[test]
fn reinvest_by_register_into_an_economy_wide_service() {
    let e = apply(vec![Lever::reinvest(
        100.0,
        &["health_trainer_north", "peer_support"],
        ReinvestBy::Register,
        MoneySource::New,
    )
    .unwrap()])
    .unwrap_err();
    let m = invalid(Err::<(), _>(e), "levers[0].into[1]", "\"peer_support\"");
    assert!(m.contains("by = \"equal\""), "{m}");
}

#[test]
fn reinvest_weights_missing_a_locality() {
    let w = [("north".to_string(), 1.0)].into_iter().collect();
    let e = apply(vec![Lever::reinvest(
        100.0,
        &["health_trainer_north", "health_trainer_south"],
        ReinvestBy::Weights(w),
        MoneySource::New,
    )
    .unwrap()])
    .unwrap_err();
    invalid(Err::<(), _>(e), "levers[0].by", "weights without `south`");
}

// ---- budget lines ----------------------------------------------------------------------------

#[test]
fn budget_lines_over_the_envelope() {
    // 50,000 + 60,000 + 30,000 = 140,000 > 130,000.
    let m = invalid(
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

#[test]
fn negative_budget_line() {
    invalid(
        economy_with(|s| {
            s.budget = Some(BudgetLines {
                nhs_self_management: Some(-1.0),
                ..Default::default()
            });
        }),
        "budget.nhs_self_management",
        "-1",
    );
}

// ---- files ---------------------------------------------------------------------------------

/// A TOML economy with one service; `rest` completes the service from line 10 on.
fn toml_with(rest: &str) -> String {
    format!(
        "name = \"Bad\"\n\
         envelope = 100000\n\
         price_year = \"2010/11\"\n\
         \n\
         [[services]]\n\
         id = \"dietitian\"\n\
         corner = \"clinical\"\n\
         provider = \"acute_trust\"\n\
         unit = \"hour\"\n\
         {rest}"
    )
}

/// An `Error::File`'s parts: file, line, column, field, message, source.
type FileParts = (
    String,
    Option<usize>,
    Option<usize>,
    Option<String>,
    String,
    Option<Box<Error>>,
);

#[track_caller]
fn file_error(e: Error) -> FileParts {
    match e {
        Error::File {
            file,
            line,
            column,
            field,
            message,
            source,
        } => (file, line, column, field, message, source),
        other => panic!("expected a File error, got {other:?}"),
    }
}

#[test]
fn unknown_key_in_toml_suggests_the_nearest() {
    let text = toml_with("unit_cots = 21.25\nactivity = 100\n");
    let e = programme_from_str(&text, Format::Toml, "bad.toml").unwrap_err();
    let shown = e.to_string();
    let (file, line, column, field, message, source) = file_error(e);
    assert_eq!(file, "bad.toml");
    // `unit_cots` is on line 10.
    assert_eq!((line, column), (Some(10), Some(1)));
    assert_eq!(field.as_deref(), Some("services[0].unit_cots"));
    assert_eq!(message, "unknown key `unit_cots`; did you mean `unit_cost`?");
    assert!(source.is_none());
    assert_eq!(
        shown,
        "bad.toml, line 10, column 1: services[0].unit_cots: unknown key `unit_cots`; did you mean `unit_cost`?"
    );
}

#[test]
fn unknown_key_in_json_suggests_the_nearest() {
    let text = r#"{
  "name": "Bad",
  "envelope": 100000,
  "price_year": "2010/11",
  "services": [
    {"id": "dietitian", "corner": "clinical", "provider": "acute_trust", "unit": "hour",
     "unit_cots": 21.25, "activity": 100}
  ]
}
"#;
    let e = programme_from_str(text, Format::Json, "bad.json").unwrap_err();
    let (file, line, column, field, message, _) = file_error(e);
    assert_eq!(file, "bad.json");
    // `"unit_cots"` is on line 7 and ends at column 16.
    assert_eq!((line, column), (Some(7), Some(16)));
    assert_eq!(field.as_deref(), Some("services[0].unit_cots"));
    assert_eq!(message, "unknown key `unit_cots`; did you mean `unit_cost`?");
}

#[test]
fn unknown_top_level_key_in_toml() {
    let text = "name = \"x\"\nenvelop = 1\nprice_year = \"2010/11\"\n";
    let (_, line, _, field, message, _) = file_error(programme_from_str(text, Format::Toml, "f.toml").unwrap_err());
    assert_eq!(line, Some(2));
    assert_eq!(field.as_deref(), Some("envelop"));
    assert_eq!(message, "unknown key `envelop`; did you mean `envelope`?");
}

#[test]
fn missing_field_in_toml() {
    let text = toml_with("activity = 100\n");
    let (_, line, _, field, message, _) = file_error(programme_from_str(&text, Format::Toml, "bad.toml").unwrap_err());
    // The service that lacks it starts at `[[services]]`, line 5.
    assert_eq!(line, Some(5));
    assert_eq!(field.as_deref(), Some("services[0]"));
    assert_eq!(message, "missing field `unit_cost`");
}

#[test]
fn missing_field_in_json() {
    let text = "{\n  \"name\": \"x\",\n  \"price_year\": \"2010/11\"\n}\n";
    let e = programme_from_str(text, Format::Json, "bad.json").unwrap_err();
    let shown = e.to_string();
    let (_, line, _, _, message, _) = file_error(e);
    assert_eq!(line, Some(4));
    assert_eq!(message, "missing field `envelope`");
    assert!(shown.starts_with("bad.json, line 4, column "), "{shown}");
}

#[test]
fn wrong_type_in_toml() {
    let text = toml_with("unit_cost = \"cheap\"\nactivity = 100\n");
    let (_, line, column, field, message, _) =
        file_error(programme_from_str(&text, Format::Toml, "bad.toml").unwrap_err());
    // `unit_cost = ` is 12 characters: the value starts at column 13 of line 10.
    assert_eq!((line, column), (Some(10), Some(13)));
    assert_eq!(field.as_deref(), Some("services[0].unit_cost"));
    assert!(message.contains("invalid type: string \"cheap\""), "{message}");
}

#[test]
fn toml_syntax_error_gives_its_line() {
    let text = toml_with("unit_cost = 21.25\nactivity = = 100\n");
    let (_, line, _, field, _, _) = file_error(programme_from_str(&text, Format::Toml, "bad.toml").unwrap_err());
    assert_eq!(line, Some(11));
    assert_eq!(field, None);
}

#[test]
fn json_syntax_error_gives_its_line() {
    let text = "{\n  \"name\": \"x\",\n  \"envelope\": 1,,\n}\n";
    let (_, line, _, _, _, _) = file_error(programme_from_str(text, Format::Json, "bad.json").unwrap_err());
    assert_eq!(line, Some(3));
}

#[test]
fn invalid_value_in_toml_gives_line_column_field_and_cause() {
    let text = toml_with("unit_cost = -5\nactivity = 100\n");
    let e = programme_from_str(&text, Format::Toml, "bad.toml").unwrap_err();
    assert_eq!(
        e.to_string(),
        "bad.toml, line 10, column 13: services[0].unit_cost must be a finite number >= 0, got -5"
    );
    let (_, line, column, field, _, source) = file_error(e);
    assert_eq!((line, column), (Some(10), Some(13)));
    assert_eq!(field.as_deref(), Some("services[0].unit_cost"));
    assert_eq!(
        source.as_deref(),
        Some(&Error::InvalidValue {
            field: "services[0].unit_cost".into(),
            value: "-5".into(),
            expected: "a finite number >= 0".into(),
        })
    );
}

#[test]
fn invalid_locality_register_in_toml_points_at_it() {
    let text = "name = \"x\"\n\
                envelope = 1\n\
                price_year = \"2010/11\"\n\
                \n\
                [[localities]]\n\
                id = \"north\"\n\
                register = 10\n\
                \n\
                [[localities]]\n\
                id = \"south\"\n\
                register = -3\n";
    let (_, line, column, field, message, source) =
        file_error(programme_from_str(text, Format::Toml, "x.toml").unwrap_err());
    assert_eq!((line, column), (Some(11), Some(12)));
    assert_eq!(field.as_deref(), Some("localities[1].register"));
    assert_eq!(message, "localities[1].register must be a finite number >= 0, got -3");
    assert!(matches!(source.as_deref(), Some(Error::InvalidValue { .. })));
}

#[test]
fn invalid_lever_in_a_toml_scenario_points_at_it() {
    let text = toml_with(
        "unit_cost = 21.25\n\
         activity = 100\n\
         \n\
         [[scenarios]]\n\
         name = \"too much\"\n\
         \n\
         [[scenarios.levers]]\n\
         lever = \"productivity\"\n\
         service = \"dietitian\"\n\
         gain = 1.5\n",
    );
    let e = programme_from_str(&text, Format::Toml, "bad.toml").unwrap_err();
    assert_eq!(
        e.to_string(),
        "bad.toml, line 19, column 8: scenarios[0].levers[0].gain must be a share between 0 and 1, got 1.5"
    );
}

#[test]
fn duplicate_service_in_toml_points_at_the_second() {
    let text = toml_with(
        "unit_cost = 21.25\nactivity = 100\n\n[[services]]\nid = \"dietitian\"\ncorner = \"clinical\"\n\
         provider = \"acute_trust\"\nunit = \"hour\"\nunit_cost = 1\nactivity = 1\n",
    );
    let e = programme_from_str(&text, Format::Toml, "bad.toml").unwrap_err();
    assert_eq!(
        e.to_string(),
        "bad.toml, line 14, column 6: services[1].id: duplicate service id `dietitian`"
    );
    let (_, _, _, _, _, source) = file_error(e);
    assert!(matches!(
        source.as_deref(),
        Some(Error::DuplicateId { kind: "service", .. })
    ));
}

#[test]
fn invalid_value_in_json_names_file_and_field() {
    let text = "{\n  \"name\": \"x\",\n  \"envelope\": -1,\n  \"price_year\": \"2010/11\"\n}\n";
    let e = programme_from_str(text, Format::Json, "bad.json").unwrap_err();
    let shown = e.to_string();
    let (file, _, _, field, _, source) = file_error(e);
    assert_eq!(file, "bad.json");
    assert_eq!(field.as_deref(), Some("envelope"));
    assert!(matches!(source.as_deref(), Some(Error::InvalidValue { .. })));
    assert!(shown.starts_with("bad.json"), "{shown}");
    assert!(
        shown.ends_with("envelope must be a finite number >= 0, got -1"),
        "{shown}"
    );
}

#[test]
fn mixed_price_years_in_a_file() {
    let text = toml_with("unit_cost = 27.10\nactivity = 100\nprice_year = \"2023/24\"\n");
    let (_, _, _, _, message, source) = file_error(programme_from_str(&text, Format::Toml, "bad.toml").unwrap_err());
    assert!(message.contains("dietitian (2023/24)"), "{message}");
    assert!(matches!(source.as_deref(), Some(Error::Incompatible(_))));
}

#[test]
fn missing_file_is_an_io_error_naming_it() {
    let path = std::env::temp_dir().join("caretriangle-no-such-file-7f3a.toml");
    let e = load_programme(&path).unwrap_err();
    assert!(
        matches!(&e, Error::Io { path: p, .. } if *p == path.display().to_string()),
        "{e:?}"
    );
}

#[test]
fn unknown_file_type() {
    let e = load_programme("economy.yaml").unwrap_err();
    assert!(matches!(&e, Error::Io { path, .. } if path == "economy.yaml"), "{e:?}");
    assert!(e.to_string().contains(".toml or .json"), "{e}");
}

#[test]
fn locality_spec_without_register_is_a_missing_field() {
    let text = "name = \"x\"\nenvelope = 1\nprice_year = \"2010/11\"\n[[localities]]\nid = \"north\"\n";
    let (_, line, _, field, message, _) = file_error(programme_from_str(text, Format::Toml, "x.toml").unwrap_err());
    assert_eq!(line, Some(4));
    assert_eq!(field.as_deref(), Some("localities[0]"));
    assert_eq!(message, "missing field `register`");
}
