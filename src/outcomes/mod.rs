//! Outcomes: what care buys. An economy declares the kinds of outcome it counts (QALYs gained,
//! admissions, people supported); a service produces them per person reached or per unit of
//! activity, or counts as one through its activity (an event service such as non-elective
//! spells `counts_as = "admissions"`). A scenario's result then says how each outcome changed,
//! and the cost-effectiveness reports ([`CostEffectiveness`], [`incremental`]) weigh that
//! against the change in spend.
//!
//! ```
//! use caretriangle::{io, ApplyOptions, Lever, Scenario};
//! let text = r#"
//! name = "Structured education"
//! envelope = 1000000
//! price_year = "2010/11"
//!
//! [[outcomes]]
//! id = "qalys"
//! name = "QALYs gained"
//! unit = "QALY"
//! value = 20000
//!
//! [[services]]
//! id = "education"
//! corner = "nhs_self_management"
//! provider = "general_practice"
//! unit = "person"
//! unit_cost = 82
//! activity = 1000
//! units_per_person = 1
//! outcomes_per_person = { qalys = 0.0392 }
//! "#;
//! let economy = io::programme_from_str(text, io::Format::Toml, "<example>")?.economy().clone();
//! let double = Scenario::new("double")?.with(Lever::scale_activity("education", 2.0)?);
//! let result = economy.apply(&double, ApplyOptions::default())?;
//! let ce = result.cost_effectiveness("qalys", None)?;
//! // 1,000 more people at £82 each, 0.0392 QALYs each: 82,000 / 39.2 = £2,091.84 a QALY.
//! assert_eq!(ce.icer.unwrap().round(), 2092.0);
//! // At £20,000 a QALY: 20,000 × 39.2 − 82,000 = £702,000 (£702 a person).
//! assert!((ce.net_monetary_benefit - 702_000.0).abs() < 1e-6);
//! # Ok::<(), caretriangle::Error>(())
//! ```

mod budget;
mod frontier;
mod report;
pub(crate) mod sweep;

pub use crate::outcome::{Better, OutcomeSpec, Rate, MAX_OUTCOMES};
pub use frontier::incremental;
pub use report::CostEffectiveness;

pub(crate) use frontier::{frontier, Standing};
pub(crate) use report::{threshold_of, verdict};

use crate::economy::Economy;
use crate::error::{Error, Result};
use crate::ids;
use crate::uncertainty::UncertainValue;

impl Economy {
    /// The position of an outcome, or an error naming `field` and suggesting a near id.
    ///
    /// # Errors
    /// An id no declared outcome has.
    pub fn outcome_index(&self, id: &str, field: &str) -> Result<usize> {
        let id = ids::normal(id);
        self.outcomes()
            .iter()
            .position(|o| o.id == id)
            .ok_or_else(|| Error::unknown(field, "outcome", &id, self.outcomes().iter().map(|o| o.id.as_str())))
    }

    /// How each service produces outcome `o` (its base values: the means of uncertain ones),
    /// in service order; with the uncertain values, for a Monte Carlo run, by where they sit
    /// (service, per unit or per person).
    pub fn outcome_rates(&self, o: usize) -> Vec<Rate> {
        let id = &self.outcomes()[o].id;
        self.services()
            .iter()
            .map(|s| {
                let spec = s.spec();
                let counts = f64::from(u8::from(spec.counts_as.as_deref() == Some(id.as_str())));
                Rate {
                    per_unit: spec.outcomes_per_unit.get(id).map_or(0.0, UncertainValue::base) + counts,
                    per_person: spec.outcomes_per_person.get(id).map_or(0.0, UncertainValue::base),
                }
            })
            .collect()
    }
}

/// The EVPI of a population: `evpi` per person decided for, × `people` a year, over `years`
/// years discounted at `rate` (0.035, the Green Book's, by default in the bindings), the
/// first year undiscounted: evpi × people × Σ_{t<years} 1/(1+rate)^t.
///
/// # Errors
/// A negative or non-finite EVPI or number of people; no years; a rate out of range.
pub fn population_evpi(evpi: f64, people: f64, years: u32, rate: f64) -> Result<f64> {
    use crate::budget::{Discounting, Timing};
    crate::param::Range::NonNegative.check("evpi", evpi)?;
    crate::param::Range::NonNegative.check("people", people)?;
    if years == 0 {
        return Err(Error::invalid("years", 0, "a whole number of years >= 1"));
    }
    let d = Discounting::new(rate, Timing::Start)?;
    d.check_horizon(years)?;
    Ok(evpi * people * crate::sum::total((0..years).map(|t| d.factor(t))))
}
