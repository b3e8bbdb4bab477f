//! Multi-year budget impact: invest to save, price years and uprating, discounting, and the
//! downstream effects of supporting people on demand for other services.
//!
//! A budget impact (`[[budget_impacts]]` in a file, see `docs/file-format.md`) sets a horizon
//! of NHS financial years, the people newly supported by each intervention year by year
//! (register growth, eligible share, an uptake that ramps), what each person supported does to
//! demand for other services (with a lag, each saving cash- or capacity-releasing), one-off,
//! recurrent and double-running costs, and reinvestment of savings. It is compiled against an
//! economy ([`BudgetModel::compile`]), evaluated at the inputs' base values
//! ([`BudgetImpact`]) or under Monte Carlo ([`run`]).
//!
//! Conventions: costs are positive and savings negative in the net impact; every figure is at
//! the price base (the economy's price year unless stated), uprated by an index where an item
//! is priced in another year; discounting is 1 / (1 + r)^t with the first year t = 0 (see
//! [`Discounting`]).

mod compile;
mod discount;
mod impact;
mod model;
mod montecarlo;
mod outcomes;
mod spec;
// Price years and uprating are the economy's too (a service priced in another year), so the
// index lives at the top of the crate; budget impacts reach it as before.
pub(crate) use crate::uprating;

pub use crate::uprating::{PriceIndex, Uprating, UpratingTable, NHSCII_CSV, NHSCII_SERIES};
pub use discount::{Discounting, Timing, GREEN_BOOK_RATE};
pub use impact::{BudgetImpact, Totals};
pub use model::{BudgetModel, BudgetWorkspace, Line, LineKind};
pub use montecarlo::{bins, columns, merge, run, run_chunks, BudgetBuffers, BudgetMonteCarloResult, BUDGET_OUTPUTS};
pub use outcomes::NICE_OUTCOME_RATE;
pub use spec::{BudgetImpactSpec, CostKind, CostSpec, EffectSpec, InterventionSpec, ReinvestSpec, Release};
