//! Unit-cost comparison of two services: what one costs against the other per unit, per
//! person and per £1,000, and what moving activity from one to the other saves.

use crate::error::{Error, Result};
use crate::param::Range;
use crate::report::Table;
use crate::service::Service;

/// Options for [`compare_unit_costs`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CompareOptions {
    /// Units of activity moved from the first service to the second.
    pub units: f64,
    /// The sum for "units bought per £…" (£1,000 by default).
    pub budget: f64,
    /// Units each person receives, for costs per person; each service's own where absent.
    pub units_per_person: Option<f64>,
}

impl Default for CompareOptions {
    fn default() -> Self {
        CompareOptions {
            units: 0.0,
            budget: 1000.0,
            units_per_person: None,
        }
    }
}

/// Two unit costs side by side. `a` is the service activity moves from, `b` the one it moves
/// to.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitCostComparison {
    /// Ids of the two services.
    pub services: [String; 2],
    /// The common unit.
    pub unit: String,
    /// Price year of both, where stated.
    pub price_year: Option<String>,
    /// £ per unit of each.
    pub cost_per_unit: [f64; 2],
    /// b's unit cost as a share of a's; `None` when a costs £0 (no share of nothing is
    /// meaningful, and NaN in a board paper helps nobody).
    pub ratio: Option<f64>,
    /// a's unit cost less b's.
    pub difference: f64,
    /// Units moved.
    pub units: f64,
    /// What moving `units` from a to b saves (negative: costs more).
    pub saving: f64,
    /// The budget for `units_per_budget`.
    pub budget: f64,
    /// Units of each bought for `budget`.
    pub units_per_budget: [f64; 2],
    /// Units per person used for each (options, else the service's own).
    pub units_per_person: [Option<f64>; 2],
    /// £ per person reached for each.
    pub cost_per_person: [Option<f64>; 2],
    /// Extra people b reaches for the money the moved units cost at a.
    pub extra_people: Option<f64>,
}

/// Compares the unit costs of two services of the same unit and price year.
///
/// # Errors
/// Different units, or different (or unstated against stated) price years: uprate one
/// first ([`Service::repriced`]). Negative or non-finite `units`, a `budget` or
/// `units_per_person` that is not above 0.
///
/// # Examples
/// The Year of Care figures: a specialist dietitian at £21.25 an hour against a qualified
/// health trainer at £11.45.
/// ```
/// use caretriangle::{compare_unit_costs, CompareOptions, Corner, ProviderType, Service, ServiceSpec};
/// let hourly = |id: &str, cost: f64| Service::new(ServiceSpec {
///     id: id.into(), corner: Some(Corner::Clinical), provider: Some(ProviderType::AcuteTrust),
///     unit: "hour".into(), unit_cost: cost.into(), activity: Some(0.0.into()), ..Default::default() });
/// let c = compare_unit_costs(&hourly("dietitian", 21.25)?, &hourly("health_trainer", 11.45)?,
///     CompareOptions { units: 500.0, ..Default::default() })?;
/// assert!((c.saving - 4900.0).abs() < 1e-9);
/// assert_eq!(format!("{:.4}", c.ratio.unwrap()), "0.5388");
/// # Ok::<(), caretriangle::Error>(())
/// ```
pub fn compare_unit_costs(a: &Service, b: &Service, options: CompareOptions) -> Result<UnitCostComparison> {
    if a.unit() != b.unit() {
        return Err(Error::Incompatible(format!(
            "cannot compare unit costs of different units: {} is priced per {} and {} per {}",
            a.id(),
            a.unit(),
            b.id(),
            b.unit()
        )));
    }
    if a.price_year() != b.price_year() {
        let year = |s: &Service| s.price_year().map_or("an unstated year".to_string(), |y| y.to_string());
        return Err(Error::Incompatible(format!(
            "cannot compare unit costs of different price years: {} is priced at {} and {} at {}; \
             uprate one to the other's price year first",
            a.id(),
            year(a),
            b.id(),
            year(b)
        )));
    }
    let units = Range::NonNegative.check("units", options.units)?;
    let budget = Range::Positive.check("budget", options.budget)?;
    if let Some(u) = options.units_per_person {
        Range::Positive.check("units_per_person", u)?;
    }
    let cost = [a.unit_cost(), b.unit_cost()];
    let saving = units * (cost[0] - cost[1]);
    if !(saving.is_finite() && (units * cost[0]).is_finite()) {
        return Err(Error::invalid(
            "units",
            format!("{units:e}"),
            "few enough that the money moved is a finite number of pounds",
        ));
    }
    let per = |c: f64| if c > 0.0 { budget / c } else { f64::INFINITY };
    let upp = [
        options.units_per_person.or(a.units_per_person()),
        options.units_per_person.or(b.units_per_person()),
    ];
    let cost_per_person = [upp[0].map(|u| u * cost[0]), upp[1].map(|u| u * cost[1])];
    let money = units * cost[0];
    let extra_people = match (upp, cost_per_person) {
        ([Some(ua), Some(_)], [_, Some(cb)]) if cb > 0.0 => Some(money / cb - units / ua),
        _ => None,
    };
    Ok(UnitCostComparison {
        services: [a.id().into(), b.id().into()],
        unit: a.unit().into(),
        price_year: a.price_year().map(|y| y.to_string()),
        cost_per_unit: cost,
        ratio: (cost[0] > 0.0).then(|| cost[1] / cost[0]),
        difference: cost[0] - cost[1],
        units,
        saving,
        budget,
        units_per_budget: [per(cost[0]), per(cost[1])],
        units_per_person: upp,
        cost_per_person,
        extra_people,
    })
}

impl UnitCostComparison {
    /// The comparison as a table: one row per service.
    pub fn table(&self) -> Table {
        Table::keyed("service", self.services.to_vec())
            .text("unit", vec![self.unit.clone(); 2])
            .figure("cost_per_unit", self.cost_per_unit.map(Some).to_vec())
            .figure("units_per_budget", self.units_per_budget.map(Some).to_vec())
            .figure("units_per_person", self.units_per_person.to_vec())
            .figure("cost_per_person", self.cost_per_person.to_vec())
    }
}
