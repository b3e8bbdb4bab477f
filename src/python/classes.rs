//! The Rust half of the Python classes that bindings of other classes hand out, apart from
//! their methods (each class's in its own file). `Economy.apply` (economy.rs) gives a
//! `Comparison` (comparison.rs) whose `baseline` is the `Economy` again; with the class here,
//! below both, the binding files import one another in one direction.

use std::sync::Arc;

use pyo3::prelude::*;

use super::distributed::Recipe;
use super::errors::IntoPy;
use crate::economy::Economy;
use crate::montecarlo::{Model, MonteCarloOptions};
use crate::programme::Programme;

/// A health economy: the envelope, localities and services of an LTC programme.
///
/// Read one from a file (`load_economy`), from TOML or JSON text (`Economy.from_toml`,
/// `Economy.from_json`), from a dict (`Economy.from_dict`) or from a workbook
/// (`caretriangle.read_excel`). An economy is immutable: scenarios apply to it and give a
/// `Comparison`, leaving it unchanged.
///
/// Examples
/// --------
/// >>> import caretriangle as ct
/// >>> econ = ct.examples.north_of_tyne()
/// >>> econ.envelope, econ.price_year
/// (13600000.0, '2023/24')
/// >>> econ.spend_by("corner")["spend"].sum()
/// np.float64(13342240.0)
#[pyclass(name = "Economy", module = "caretriangle", frozen)]
pub struct PyEconomy {
    /// The economy with the scenarios and budget impacts kept beside it.
    pub(crate) inner: Arc<Programme>,
}

impl PyEconomy {
    pub(crate) fn wrap(programme: Programme) -> Self {
        PyEconomy {
            inner: Arc::new(programme),
        }
    }

    pub(crate) fn economy(&self) -> &Economy {
        self.inner.economy()
    }
}

/// A Monte Carlo study of an economy and its scenarios.
///
/// Every uncertain value in the economy's file is an input; `inputs` adds more. The same
/// seed gives the same numbers whatever the number of threads.
///
/// `sampling` is `"random"` (plain Monte Carlo), `"lhs"` (a Latin hypercube over the whole run:
/// of the `iterations`, exactly one falls in each of that many equal-probability slices of
/// every input) or `"sobol"` (scrambled Sobol' points).
///
/// Examples
/// --------
/// >>> import caretriangle as ct
/// >>> mc = ct.MonteCarlo(ct.examples.north_of_tyne(), iterations=4096, seed=42, sampling="lhs")
/// >>> len(mc.input_names)
/// 10
/// >>> res = mc.run()
/// >>> res.samples.shape             # 4 scenarios (the baseline among them) × 17 outputs
/// (4096, 68)
#[pyclass(name = "MonteCarlo", module = "caretriangle", frozen)]
pub struct PyMonteCarlo {
    pub(super) model: Arc<Model>,
    pub(super) options: MonteCarloOptions,
    /// What it was made from, to be rebuilt from on a Dask worker or after unpickling.
    pub(super) recipe: Arc<Recipe>,
}

impl PyMonteCarlo {
    pub(super) fn from_recipe(recipe: Recipe) -> PyResult<Self> {
        let (model, options) = recipe.build().py_err()?;
        Ok(PyMonteCarlo {
            model: Arc::new(model),
            options,
            recipe: Arc::new(recipe),
        })
    }
}
