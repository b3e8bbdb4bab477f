//! The optimisation kept with an economy in its file (`[optimise]`): checked when the file is
//! read, solved on request, its options the names of scenarios kept beside it.

use super::{OptimiseSpec, Optimum};
use crate::error::{Error, Location, Result};
use crate::programme::Programme;
use crate::scenario::Scenario;

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
        super::model::build(self.economy(), spec)?;
        let options = self.options_of(spec)?;
        super::exclusions(spec, &options).map(|_| ())
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
