//! The optimiser's question as plain data: the `[optimise]` section of a file, or the keyword
//! arguments of `ct.optimise`. [`crate::Economy::optimise`] checks it against an economy.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// What the optimiser does with its objective.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sense {
    /// The most of the objective within the constraints.
    #[default]
    Maximise,
    /// The least spend that still meets `required`.
    MinimiseCost,
}

/// The lowest activity each service may be given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Floor {
    /// Any service may shrink to nothing.
    #[default]
    Zero,
    /// No service below today's activity.
    Baseline,
}

/// An optimisation as written in a file's `[optimise]` section or passed from Python. Every
/// minimum and maximum of money is in £ a year of spend after the plan; `staff_hours` replaces
/// the hours of the named staff groups for this optimisation only.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptimiseSpec {
    /// An outcome id (`qalys`: the most of it; the least where less is better), `"net_benefit"`
    /// (λ × outcome − spend, with `outcome` and `threshold`) or `"people_reached"`. Not used
    /// with `sense = "minimise_cost"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub objective: Option<String>,
    /// `"maximise"` (the default) or `"minimise_cost"` (the least spend meeting `required`).
    #[serde(default, skip_serializing_if = "is_default")]
    pub sense: Sense,
    /// The outcome net benefit counts (the economy's only outcome when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    /// £ a unit of the outcome for net benefit (the outcome's `value` when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<f64>,
    /// The least of each outcome the plan must produce (the most, for one where less is
    /// better), by outcome id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub required: BTreeMap<String, f64>,
    /// The least £ spent in a corner, by corner.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub corner_minimum: BTreeMap<String, f64>,
    /// The most £ spent in a corner, by corner.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub corner_maximum: BTreeMap<String, f64>,
    /// The least £ a commissioner spends, by commissioner (as named in the economy).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub commissioner_minimum: BTreeMap<String, f64>,
    /// The most £ a commissioner spends, by commissioner.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub commissioner_maximum: BTreeMap<String, f64>,
    /// The least £ spent on services of a locality, by locality id (fairness).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub locality_minimum: BTreeMap<String, f64>,
    /// The least £ spent on services of a cluster of practices, by cluster id (fairness).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub cluster_minimum: BTreeMap<String, f64>,
    /// The least £ spent on the people of a segment, by segment id (fairness): each service's
    /// spend times the segment's share of its use (its `use` in `[[segments]]`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub segment_minimum: BTreeMap<String, f64>,
    /// `"zero"` (the default) or `"baseline"`: no service below today's activity.
    #[serde(default, skip_serializing_if = "is_default")]
    pub floor: Floor,
    /// Hours a year by staff group, in place of the groups' own `hours`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub staff_hours: BTreeMap<String, f64>,
    /// Options (names of scenarios kept with the economy) to adopt or not, 0/1. With options
    /// the optimiser chooses among them; services move only as the chosen options move them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
    /// Groups of options of which at most one may be adopted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclusive: Vec<Vec<String>>,
    /// With options: stop the search once the chosen set is proven within this share of the
    /// best set's gain (0.001: within 0.1%). Absent or 0: search until the best set is proven.
    /// A continuous plan is always solved exactly and does not use it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gap: Option<f64>,
}

fn is_default<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
}
