//! # caretriangle
//!
//! Commissioning cost and scenario modelling of care for people with long-term conditions,
//! on the Year of Care "triangle" commissioning model.
//!
//! An [`Economy`] is an **envelope** (the money within which all care is commissioned),
//! localities, and [`Service`]s with unit costs and activity, each in one of the triangle's
//! three **corners** ([`Corner`]): traditional clinical care, self-management support in the
//! NHS, and self-management support in the community. A [`Scenario`] is a named list of
//! [`Lever`]s (substitute, shift, reinvest, re-price, scale, productivity) applied to the
//! economy without changing it; the [`Comparison`] says where the money went, by corner,
//! commissioner, locality and provider, and along each **side** of the triangle ([`Side`]).
//! A file holds a [`Programme`]: the economy, with the scenarios and multi-year budget
//! impacts kept beside it.
//!
//! ```
//! use caretriangle::{io, ApplyOptions, Dimension, Lever, Scenario};
//! let text = r#"
//! name = "Two services"
//! envelope = 100000
//! price_year = "2010/11"
//!
//! [[services]]
//! id = "specialist_dietitian"
//! corner = "clinical"
//! provider = "acute_trust"
//! unit = "hour"
//! unit_cost = 21.25
//! activity = 1000
//!
//! [[services]]
//! id = "health_trainer"
//! corner = "community_self_management"
//! provider = "third_sector"
//! unit = "hour"
//! unit_cost = 11.45
//! activity = 0
//! "#;
//! let programme = io::programme_from_str(text, io::Format::Toml, "<example>")?;
//! let economy = programme.economy();
//! let skill_mix = Scenario::new("skill mix")?
//!     .with(Lever::substitute("specialist_dietitian", "health_trainer", 0.4, 1.0)?);
//! let result = economy.apply(&skill_mix, ApplyOptions::default())?;
//! // 400 hours move: £8,500 of dietitian time becomes £4,580 of health-trainer time.
//! assert!((result.released() - 3920.0).abs() < 1e-9);
//! assert!((result.by(Dimension::Corner).get("clinical", "change").unwrap() + 8500.0).abs() < 1e-9);
//! # Ok::<(), caretriangle::Error>(())
//! ```

pub mod apply;
pub mod budget;
pub mod compare;
pub mod comparison;
pub mod economy;
pub mod error;
pub mod examples;
pub mod fields;
pub mod financial_year;
mod ids;
pub mod io;
pub mod location;
pub mod memory;
pub mod montecarlo;
pub mod optimise;
pub mod options;
pub mod outcome;
pub mod outcomes;
mod param;
mod people;
pub mod plan;
pub mod programme;
pub mod qmc;
pub mod report;
mod save;
pub mod scenario;
pub mod sensitivity;
pub mod service;
mod sum;
pub mod sweep;
pub mod triangle;
pub mod uncertainty;
pub mod uprating;

#[cfg(feature = "python")]
mod python;

pub use apply::ApplyOptions;
pub use budget::{BudgetImpact, BudgetImpactSpec, BudgetModel};
pub use compare::{compare_unit_costs, CompareOptions, UnitCostComparison};
pub use comparison::{Comparison, LeverOutcome};
pub use economy::{
    BudgetLines, ClusterSpec, ConditionSpec, CornerNames, Dimension, Economy, EconomySpec, LocalitySpec, SegmentSpec,
};
pub use error::{Error, Result};
pub use programme::{Programme, ProgrammeSpec};
pub use report::{Column, Kind, Table, Values};
pub use scenario::{Amount, Lever, LeverRef, MoneySource, Per, ReinvestBy, Scenario, ScenarioSpec};
pub use service::{FinancialYear, Funding, Service, ServiceSpec};
pub use triangle::{Commissioners, Corner, ProviderType, Side};
