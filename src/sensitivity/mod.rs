//! Sensitivity analysis: Sobol indices, one-way (tornado) and threshold analysis, value of information.
//!
//! - [`sobol`]: the Saltelli design and first- and total-order Sobol' indices with bootstrap
//!   confidence intervals, matching SALib's conventions.
//! - [`oneway`]: thresholds (where does a result cross zero?) and tornado tables.
//! - [`voi`]: the expected value of perfect information from Monte Carlo net benefits.
//! - [`mod@evppi`]: the expected value of partial perfect information, for one input or a group.

pub mod evppi;
pub mod oneway;
pub mod sobol;
pub mod voi;

pub use evppi::{evppi, EvppiMethod};
pub use oneway::{threshold, tornado, Tornado, TornadoRow};
pub use sobol::{saltelli_design, saltelli_design_from, sobol_indices, SobolIndices, SobolOptions};
pub use voi::{evpi, Criterion, Evpi};
