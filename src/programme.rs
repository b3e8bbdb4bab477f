//! What a file holds: an economy, and the scenarios and budget impacts kept with it.
//!
//! The [`Economy`] knows nothing of scenarios or budgets; a [`Programme`] keeps them beside
//! it, checked against it once, when the programme is made.

use serde::{Deserialize, Serialize};

use crate::budget::{BudgetImpact, BudgetImpactSpec, BudgetModel, Uprating};
use crate::economy::{BudgetLines, ConditionSpec, CornerNames, Economy, EconomySpec, LocalitySpec, SegmentSpec};
use crate::error::{Error, Location, Result};
use crate::ids;
use crate::optimise::{OptimiseSpec, Optimum};
use crate::plan::Plan;
use crate::scenario::{Scenario, ScenarioSpec};
use crate::service::{FinancialYear, ServiceSpec};

/// A programme as written in a file or passed from Python: plain data, not yet checked.
///
/// The economy's keys and the kept scenarios and budget impacts sit side by side at the top
/// of a file, as commissioners write them, so the struct is flat (serde's `flatten` would
/// lose unknown-key errors and the line numbers of TOML errors).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgrammeSpec {
    /// The programme's name.
    pub name: String,
    /// The money within which all care is commissioned (£ a year).
    pub envelope: f64,
    /// The price year every unit cost is in.
    pub price_year: Option<FinancialYear>,
    /// Free text: the economy's sources and what is illustrative.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Commissioner names per corner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commissioners: Option<CornerNames>,
    /// Planned split of the envelope by corner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget: Option<BudgetLines>,
    /// Localities.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub localities: Vec<LocalitySpec>,
    /// Services.
    #[serde(default)]
    pub services: Vec<ServiceSpec>,
    /// Named scenarios kept with the economy.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scenarios: Vec<ScenarioSpec>,
    /// Multi-year budget impacts kept with the economy.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub budget_impacts: Vec<BudgetImpactSpec>,
    /// How services priced in another year reach the economy's price year: `"none"` (the
    /// default: such a service is an error), a shipped index, or a table of one's own.
    #[serde(default, skip_serializing_if = "Uprating::is_none")]
    pub uprating: Uprating,
    /// Segments of the registers, with their shares of the use of event services.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub segments: Vec<SegmentSpec>,
    /// The long-term conditions the services serve, with their registers by locality.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<ConditionSpec>,
    /// The kinds of outcome the economy counts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outcomes: Vec<crate::outcome::OutcomeSpec>,
    /// Kinds of staff and their hours a year, for the optimiser's workforce limits.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub staff_groups: Vec<crate::optimise::StaffGroupSpec>,
    /// The optimisation kept with the economy (`[optimise]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub optimise: Option<OptimiseSpec>,
    /// The options weighed against each other (`[options]`): kept scenarios on one outcome.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<crate::options::OptionsSpec>,
}

impl ProgrammeSpec {
    /// The economy's part, and what is kept with it.
    pub fn split(self) -> (EconomySpec, Vec<ScenarioSpec>, Vec<BudgetImpactSpec>) {
        // `options` is read by `Programme::new` before the split.
        let economy = EconomySpec {
            name: self.name,
            envelope: self.envelope,
            price_year: self.price_year,
            description: self.description,
            commissioners: self.commissioners,
            budget: self.budget,
            localities: self.localities,
            services: self.services,
            uprating: self.uprating,
            segments: self.segments,
            conditions: self.conditions,
            outcomes: self.outcomes,
            staff_groups: self.staff_groups,
        };
        (economy, self.scenarios, self.budget_impacts)
    }

    /// An economy's plain data with nothing kept beside it.
    pub fn of_economy(e: EconomySpec) -> ProgrammeSpec {
        ProgrammeSpec {
            name: e.name,
            envelope: e.envelope,
            price_year: e.price_year,
            description: e.description,
            commissioners: e.commissioners,
            budget: e.budget,
            localities: e.localities,
            services: e.services,
            scenarios: Vec::new(),
            budget_impacts: Vec::new(),
            uprating: e.uprating,
            segments: e.segments,
            conditions: e.conditions,
            outcomes: e.outcomes,
            staff_groups: e.staff_groups,
            optimise: None,
            options: None,
        }
    }
}

/// A validated programme: an economy, and scenarios and budget impacts that apply to it.
#[derive(Debug, Clone, PartialEq)]
pub struct Programme {
    economy: Economy,
    scenarios: Vec<Scenario>,
    budget_impacts: Vec<BudgetImpactSpec>,
    optimise: Option<OptimiseSpec>,
    options: Option<crate::options::OptionsSpec>,
}

impl Programme {
    /// Checks a [`ProgrammeSpec`] and makes a programme of it.
    ///
    /// # Errors
    /// Any error of [`Economy::new`]; a kept scenario or budget impact that does not apply to
    /// the economy (named by its path, `scenarios[1].levers[0].into[2]`); two scenarios or
    /// two budget impacts with one name.
    pub fn new(mut spec: ProgrammeSpec) -> Result<Programme> {
        let optimise = spec.optimise.take();
        let options = spec.options.take();
        let (economy, scenarios, budget_impacts) = spec.split();
        let economy = Economy::new(economy)?;
        let mut seen = ids::Seen::default();
        let mut kept = Vec::with_capacity(scenarios.len());
        for (i, s) in scenarios.into_iter().enumerate() {
            let at = format!("scenarios[{i}]");
            let scenario = Scenario::from_spec(s).map_err(|e| e.within(Location::key("scenarios").at(i)))?;
            Plan::compile(&economy, &[&scenario]).map_err(|e| e.within(Location::key("scenarios").at(i)))?;
            seen.insert(format!("{at}.name"), "scenario", scenario.name())?;
            kept.push(scenario);
        }
        let mut programme = Programme {
            economy,
            scenarios: kept,
            budget_impacts,
            optimise,
            options: None,
        };
        let mut seen = ids::Seen::default();
        for (i, b) in programme.budget_impacts.iter().enumerate() {
            let at = format!("budget_impacts[{i}]");
            programme
                .compile(b)
                .map_err(|e| e.within(Location::key("budget_impacts").at(i)))?;
            seen.insert(format!("{at}.name"), "budget impact", &b.name)?;
        }
        if let Some(o) = &programme.optimise {
            programme
                .check_optimise(o)
                .map_err(|e| e.within(Location::key("optimise")))?;
        }
        if let Some(o) = &options {
            crate::options::Options::of_kept(&programme.economy, &programme.scenarios, &o.scenarios, o.config())
                .map_err(|e| e.within("options"))?;
        }
        programme.options = options;
        Ok(programme)
    }

    /// An economy with nothing kept beside it.
    pub fn of_economy(economy: Economy) -> Programme {
        Programme {
            economy,
            scenarios: Vec::new(),
            budget_impacts: Vec::new(),
            optimise: None,
            options: None,
        }
    }

    /// The plain data, as a file holds it: [`Programme::new`] of it gives an equal programme.
    pub fn to_spec(&self) -> ProgrammeSpec {
        ProgrammeSpec {
            scenarios: self.scenarios.iter().map(Scenario::to_spec).collect(),
            budget_impacts: self.budget_impacts.clone(),
            optimise: self.optimise.clone(),
            options: self.options.clone(),
            ..ProgrammeSpec::of_economy(self.economy.to_spec())
        }
    }

    /// The optimisation kept with the economy (`[optimise]`), if any.
    pub fn kept_optimise(&self) -> Option<&OptimiseSpec> {
        self.optimise.as_ref()
    }

    /// The options kept with the economy (`[options]`), checked as it was made.
    pub fn options(&self) -> Option<&crate::options::OptionsSpec> {
        self.options.as_ref()
    }

    /// The economy.
    pub fn economy(&self) -> &Economy {
        &self.economy
    }

    /// The scenarios kept with the economy.
    pub fn scenarios(&self) -> &[Scenario] {
        &self.scenarios
    }

    /// The scenario with this name.
    ///
    /// # Errors
    /// A name no kept scenario has (with the nearest).
    pub fn scenario(&self, name: &str) -> Result<&Scenario> {
        self.scenarios
            .iter()
            .find(|s| s.name() == name)
            .ok_or_else(|| Error::unknown("scenario", "scenario", name, self.scenarios.iter().map(Scenario::name)))
    }

    /// The budget impacts kept with the economy (checked against it).
    pub fn budget_impacts(&self) -> &[BudgetImpactSpec] {
        &self.budget_impacts
    }

    /// The budget impact kept under this name, compiled.
    ///
    /// # Errors
    /// A name no budget impact has (with the nearest).
    pub fn budget_model(&self, name: &str) -> Result<BudgetModel> {
        let spec = self.budget_impacts.iter().find(|b| b.name == name).ok_or_else(|| {
            Error::unknown(
                "budget_impact",
                "budget impact",
                name,
                self.budget_impacts.iter().map(|b| b.name.as_str()),
            )
        })?;
        self.compile(spec)
    }

    /// Compiles a budget impact (kept, or any other) against the economy, with the kept
    /// scenario it names.
    ///
    /// # Errors
    /// A scenario no kept scenario is; any error of [`BudgetModel::compile`].
    pub fn compile(&self, spec: &BudgetImpactSpec) -> Result<BudgetModel> {
        let scenario = spec.scenario.as_deref().map(|n| self.scenario(n)).transpose()?;
        BudgetModel::compile(&self.economy, spec, scenario)
    }

    /// Works out a budget impact (kept, or any other) at the inputs' base values.
    ///
    /// # Errors
    /// Any error of [`Programme::compile`].
    pub fn budget_impact(&self, spec: &BudgetImpactSpec) -> Result<BudgetImpact> {
        self.compile(spec).and_then(BudgetImpact::new)
    }
}

/// The optimisation kept with an economy in its file (`[optimise]`): checked when the file is
/// read, solved on request, its options the names of scenarios kept beside it.
impl Programme {
    /// The kept scenarios `spec.options` names, in its order.
    ///
    /// # Errors
    /// A name no kept scenario has (at `options[i]`).
    pub fn options_of(&self, spec: &OptimiseSpec) -> Result<Vec<Scenario>> {
        spec.options
            .iter()
            .enumerate()
            .map(|(i, name)| {
                self.scenario(name).cloned().map_err(|_| {
                    Error::unknown(
                        Location::key("options").at(i),
                        "scenario",
                        name,
                        self.scenarios().iter().map(Scenario::name),
                    )
                })
            })
            .collect()
    }

    /// Checks `spec` against the economy without solving it (for a file's `[optimise]`).
    pub(crate) fn check_optimise(&self, spec: &OptimiseSpec) -> Result<()> {
        crate::optimise::model::build(self.economy(), spec)?;
        let options = self.options_of(spec)?;
        crate::optimise::exclusions(spec, &options).map(|_| ())
    }

    /// Solves `spec` (the kept one when `None`), its options the kept scenarios it names.
    ///
    /// # Errors
    /// No `spec` and none kept; any error of [`crate::Economy::optimise`].
    pub fn optimise(&self, spec: Option<&OptimiseSpec>) -> Result<Optimum> {
        let spec = spec.or(self.kept_optimise()).ok_or_else(|| {
            Error::invalid(
                "optimise",
                "nothing",
                "an objective, or an [optimise] section kept with the economy",
            )
        })?;
        self.economy().optimise(spec, &self.options_of(spec)?)
    }
}
