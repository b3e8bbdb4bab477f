//! Options as a file gives them: an `[options]` table beside the economy's kept
//! `[[scenarios]]`, which are the options (all of them, or those named).
//!
//! ```toml
//! [options]
//! outcome = "qalys"
//! threshold = 20000                        # £ a unit; the outcome's value by default
//! budget = 50000                           # £; the headroom by default
//! scenarios = ["offer to 1,000 more", "halve"]   # all kept scenarios by default
//! exclusive = { education = ["offer to 1,000 more", "halve"] }
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Options, OptionsConfig};
use crate::economy::Economy;
use crate::error::{Error, Location, Result};
use crate::scenario::Scenario;

/// The `[options]` table of a file.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptionsSpec {
    /// The outcome weighed (an id the economy declares).
    pub outcome: String,
    /// £ a unit of outcome gained; the outcome's `value` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<f64>,
    /// The money there is for options (£ a year); the headroom when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget: Option<f64>,
    /// The kept scenarios that are the options, by name; all of them when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scenarios: Vec<String>,
    /// Named groups of options that exclude each other.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub exclusive: BTreeMap<String, Vec<String>>,
}

impl OptionsSpec {
    /// What it says as the core's config.
    pub fn config(&self) -> OptionsConfig {
        OptionsConfig {
            outcome: self.outcome.clone(),
            threshold: self.threshold,
            budget: self.budget,
            groups: self.exclusive.clone().into_iter().collect(),
        }
    }
}

impl Options {
    /// The options `names` picks among the scenarios `kept` with `economy` (all of them when
    /// it names none), weighed as `config` says.
    ///
    /// # Errors
    /// A name no kept scenario has (with the nearest name), at `scenarios[i]`; as
    /// [`Options::new`].
    pub fn of_kept(economy: &Economy, kept: &[Scenario], names: &[String], config: OptionsConfig) -> Result<Options> {
        let scenarios = if names.is_empty() {
            kept.to_vec()
        } else {
            names
                .iter()
                .enumerate()
                .map(|(i, n)| {
                    let known = kept.iter().map(Scenario::name);
                    kept.iter()
                        .find(|s| s.name() == n.as_str())
                        .cloned()
                        .ok_or_else(|| Error::unknown(Location::key("scenarios").at(i), "scenario", n, known))
                })
                .collect::<Result<_>>()?
        };
        Options::new(economy, scenarios, config)
    }
}
