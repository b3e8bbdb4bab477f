//! Slot names in words: every kind of lever's size, and the economy's own uncertain numbers,
//! on the shipped North of Tyne example (services and units as in examples/north_of_tyne.toml).

use caretriangle::examples::north_of_tyne;
use caretriangle::montecarlo::Model;
use caretriangle::plan::label;
use caretriangle::uncertainty::{Distribution, DistributionSpec};
use caretriangle::{Lever, MoneySource, ReinvestBy, Scenario};

fn levers() -> Scenario {
    Scenario::new("workshop")
        .unwrap()
        .with(Lever::substitute("specialist_dietitian", "health_trainer", 0.4, 1.0).unwrap())
        .with(Lever::shift("diabetes_outpatients", "structured_education", 1000.0).unwrap())
        .with(
            Lever::reinvest(
                5000.0,
                &["care_planning_north_tyneside", "care_planning_northumberland"],
                ReinvestBy::Weights([("north_tyneside".to_string(), 1.0)].into()),
                MoneySource::Released,
            )
            .unwrap(),
        )
        .with(Lever::set_unit_cost("health_trainer", 12.0).unwrap())
        .with(Lever::scale_activity("ae_attendances", 0.83).unwrap())
        .with(Lever::productivity("diabetes_specialist_nursing", 0.05).unwrap())
}

#[test]
fn every_lever_size_is_said_in_words() {
    let programme = north_of_tyne().unwrap();
    let workshop = levers();
    let economy = programme.economy();
    let said = |name: &str| label(economy, &[&workshop], name);
    let sizes: Vec<_> = workshop.levers().iter().map(Lever::size_field).collect();
    assert_eq!(sizes, ["share", "amount", "amount", "unit_cost", "factor", "gain"]);
    assert_eq!(
        said("workshop.levers[0].share"),
        "workshop: share of specialist dietitian hours moved to health trainer"
    );
    // ratio: units of `to` (hours of health trainer) per unit of `from` moved.
    assert_eq!(
        said("workshop.levers[0].ratio"),
        "workshop: health trainer hours per specialist dietitian hour moved"
    );
    assert_eq!(
        said("workshop.levers[1].amount"),
        "workshop: £ a year shifted from diabetes outpatients to structured education"
    );
    assert_eq!(
        said("workshop.levers[2].amount"),
        "workshop: £ a year reinvested in care planning north tyneside and 1 more"
    );
    assert_eq!(
        said("workshop.levers[2].by.north_tyneside"),
        "workshop: reinvestment weight of North Tyneside"
    );
    assert_eq!(
        said("workshop.levers[3].unit_cost"),
        "workshop: new unit cost of health trainer (£ per hour)"
    );
    assert_eq!(
        said("workshop.levers[4].factor"),
        "workshop: factor on the activity of ae attendances"
    );
    assert_eq!(
        said("workshop.levers[5].gain"),
        "workshop: productivity gain on diabetes specialist nursing"
    );
    // A name no slot has is given back as it is.
    assert_eq!(said("workshop.levers[9].share"), "workshop.levers[9].share");
}

#[test]
fn the_examples_uncertain_inputs_keep_their_names_and_gain_labels() {
    let programme = north_of_tyne().unwrap();
    let scenarios: Vec<_> = programme.scenarios().iter().collect();
    let model = Model::new(programme.economy(), &scenarios, Vec::new()).unwrap();
    let pairs: Vec<(&str, &str)> = model
        .inputs()
        .iter()
        .map(|i| (i.name.as_str(), i.label.as_str()))
        .collect();
    assert_eq!(
        pairs,
        [
            (
                "specialist_dietitian.unit_cost",
                "unit cost of specialist dietitian (£ per hour)"
            ),
            (
                "care_planning_north_tyneside.unit_cost",
                "unit cost of care planning north tyneside (£ per person)"
            ),
            (
                "care_planning_northumberland.unit_cost",
                "unit cost of care planning northumberland (£ per person)"
            ),
            (
                "care_planning_newcastle_gateshead.unit_cost",
                "unit cost of care planning newcastle gateshead (£ per person)"
            ),
            ("health_trainer.unit_cost", "unit cost of health trainer (£ per hour)"),
            ("health_trainer.units_per_person", "hours of health trainer per person"),
            (
                "newcastle_gateshead.need_weight",
                "need weight of Newcastle and Gateshead"
            ),
            (
                "skill mix.levers[0].share",
                "skill mix: share of specialist dietitian hours moved to health trainer"
            ),
            (
                "reinvest £1.4m.levers[1].factor",
                "reinvest £1.4m: factor on the activity of nonelective hyperglycaemia"
            ),
            (
                "reinvest £1.4m.levers[2].factor",
                "reinvest £1.4m: factor on the activity of ae attendances"
            ),
        ]
    );
    // An input added by name is labelled too.
    let extra = vec![(
        "north_tyneside.register".to_string(),
        Distribution::from_spec(
            DistributionSpec::Uniform {
                low: 14000.0,
                high: 15000.0,
            },
            "x",
        )
        .unwrap(),
    )];
    let model = Model::new(programme.economy(), &scenarios, extra).unwrap();
    assert_eq!(
        model.inputs().last().unwrap().label,
        "people on the register in North Tyneside"
    );
}

#[test]
fn a_named_lever_is_said_with_its_name() {
    // Two substitutions in one scenario, told apart only by their names.
    let programme = north_of_tyne().unwrap();
    let economy = programme.economy();
    let plan = Scenario::new("workshop")
        .unwrap()
        .with_named(
            Lever::substitute("specialist_dietitian", "health_trainer", 0.4, 1.0).unwrap(),
            Some("skill mix"),
        )
        .unwrap()
        .with(Lever::set_unit_cost("health_trainer", 12.0).unwrap());
    assert_eq!(
        label(economy, &[&plan], "workshop.levers[0].share"),
        "workshop, skill mix: share of specialist dietitian hours moved to health trainer"
    );
    assert_eq!(
        label(economy, &[&plan], "workshop.levers[1].unit_cost"),
        "workshop: new unit cost of health trainer (£ per hour)"
    );
}
