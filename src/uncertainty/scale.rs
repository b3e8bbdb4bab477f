//! An uncertain value times a positive factor, as when a unit cost is uprated from its price
//! year to the economy's: the same kind of distribution, its parameters moved so that every
//! value it can draw is multiplied by the factor (its mean and sd too).

use super::{Distribution, DistributionSpec, UncertainValue};
use crate::error::{Error, Result};

impl DistributionSpec {
    /// The spec of `factor × X` for `X` drawn from this one, keeping the keys that were
    /// written; `None` for a beta, whose values lie in (0, 1) and cannot be scaled within it.
    fn scaled(&self, factor: f64) -> Option<DistributionSpec> {
        let f = |v: f64| v * factor;
        let fo = |v: Option<f64>| v.map(f);
        Some(match self.clone() {
            DistributionSpec::Fixed { value } => DistributionSpec::Fixed { value: f(value) },
            DistributionSpec::Uniform { low, high } => DistributionSpec::Uniform {
                low: f(low),
                high: f(high),
            },
            DistributionSpec::Normal { mean, sd } => DistributionSpec::Normal {
                mean: f(mean),
                sd: f(sd),
            },
            DistributionSpec::TruncatedNormal { mean, sd, low, high } => DistributionSpec::TruncatedNormal {
                mean: f(mean),
                sd: f(sd),
                low: fo(low),
                high: fo(high),
            },
            // log(f X) = log f + log X: the log scale's mean moves, its sd stays.
            DistributionSpec::Lognormal {
                meanlog,
                sdlog,
                mean,
                sd,
            } => DistributionSpec::Lognormal {
                meanlog: meanlog.map(|m| m + factor.ln()),
                sdlog,
                mean: fo(mean),
                sd: fo(sd),
            },
            DistributionSpec::Gamma { shape, scale, mean, sd } => DistributionSpec::Gamma {
                shape,
                scale: fo(scale),
                mean: fo(mean),
                sd: fo(sd),
            },
            DistributionSpec::Beta { .. } => return None,
            DistributionSpec::Triangular { low, mode, high } => DistributionSpec::Triangular {
                low: f(low),
                mode: f(mode),
                high: f(high),
            },
            DistributionSpec::Pert { low, mode, high } => DistributionSpec::Pert {
                low: f(low),
                mode: f(mode),
                high: f(high),
            },
            DistributionSpec::Discrete { values, weights } => DistributionSpec::Discrete {
                values: values.into_iter().map(f).collect(),
                weights,
            },
        })
    }
}

impl UncertainValue {
    /// This value times `factor` (> 0): a number multiplied, a distribution rescaled.
    ///
    /// # Errors
    /// A beta distribution (a share, not an amount), named by `field`.
    pub fn scaled(&self, factor: f64, field: &str) -> Result<UncertainValue> {
        match self {
            UncertainValue::Value(v) => Ok(UncertainValue::Value(v * factor)),
            UncertainValue::Distribution(d) => {
                let spec = d.spec().scaled(factor).ok_or_else(|| {
                    Error::invalid(
                        field,
                        "a beta distribution",
                        "a distribution of an amount that can be uprated (gamma, lognormal, normal, \
                         triangular, PERT, …); a beta is for shares",
                    )
                })?;
                Distribution::from_spec(spec, field).map(UncertainValue::Distribution)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uncertain(spec: DistributionSpec) -> UncertainValue {
        UncertainValue::Distribution(Distribution::from_spec(spec, "x").unwrap())
    }

    #[test]
    fn every_amount_keeps_its_kind_and_scales_its_mean_and_spread() {
        let specs = [
            DistributionSpec::Fixed { value: 10.0 },
            DistributionSpec::Uniform { low: 8.0, high: 12.0 },
            DistributionSpec::Normal { mean: 10.0, sd: 1.0 },
            DistributionSpec::TruncatedNormal {
                mean: 10.0,
                sd: 2.0,
                low: Some(0.0),
                high: None,
            },
            DistributionSpec::Lognormal {
                meanlog: Some(2.0),
                sdlog: Some(0.1),
                mean: None,
                sd: None,
            },
            DistributionSpec::Gamma {
                shape: None,
                scale: None,
                mean: Some(10.0),
                sd: Some(2.0),
            },
            DistributionSpec::Triangular {
                low: 8.0,
                mode: 10.0,
                high: 13.0,
            },
            DistributionSpec::Pert {
                low: 8.0,
                mode: 10.0,
                high: 13.0,
            },
            DistributionSpec::Discrete {
                values: vec![9.0, 11.0],
                weights: None,
            },
        ];
        for spec in specs {
            let v = uncertain(spec.clone());
            let up = v.scaled(1.25, "unit_cost").unwrap();
            let (d, u) = (v.distribution().unwrap(), up.distribution().unwrap());
            assert_eq!(u.spec().kind(), spec.kind());
            // The mean and sd of 1.25 X are 1.25 times X's, for every kind.
            assert!((u.mean() - 1.25 * d.mean()).abs() < 1e-9, "{spec:?}");
            let (lo, hi) = (d.support(), u.support());
            assert!((hi.0 - 1.25 * lo.0).abs() < 1e-9 || lo.0.is_infinite(), "{spec:?}");
        }
        assert_eq!(
            UncertainValue::Value(8.0).scaled(1.5, "x").unwrap(),
            UncertainValue::Value(12.0)
        );
    }

    #[test]
    fn a_beta_is_not_an_amount() {
        let beta = uncertain(DistributionSpec::Beta {
            alpha: Some(2.0),
            beta: Some(5.0),
            mean: None,
            sd: None,
        });
        let e = beta.scaled(1.1, "services[0].unit_cost").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("services[0].unit_cost must be a distribution of an amount"),
            "{e}"
        );
    }
}
