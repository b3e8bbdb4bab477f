//! Uncertain inputs: distributions, random-number streams, sampling plans and rank correlation.
//!
//! - [`DistributionSpec`] is what a file says (`{ dist = "gamma", mean = 21.25, sd = 2.5 }`),
//!   [`Distribution`] the checked form that samples, and [`UncertainValue`] an input that is
//!   either a number or a distribution.
//! - [`stream`] gives each chunk of [`CHUNK`] iterations its own random-number stream, so a
//!   run's numbers depend on its seed and never on the number of threads.
//! - [`SamplingPlan`] lays out a chunk's uniforms (random, a Latin hypercube over the
//!   whole run, or scrambled Sobol');
//!   [`CorrelationMatrix`] and [`apply_iman_conover`] induce rank correlation between inputs;
//!   [`Sampler`] puts the three together.

mod checks;
mod correlation;
mod distribution;
mod draw;
mod inverse;
mod plan;
mod sampler;
mod scale;
mod spec;
mod strata;
mod stream;
mod table;
mod value;

pub use correlation::{apply_iman_conover, spearman, CorrelationMatrix};
pub use distribution::Distribution;
pub use plan::{fill_uniforms, SamplingPlan, UniformPlan};
pub use sampler::{Sampler, SamplerOptions};
pub use spec::DistributionSpec;
pub use stream::{chunks, rows_in_chunk, stream, CHUNK};
pub use table::Quantiles;
pub use value::UncertainValue;
