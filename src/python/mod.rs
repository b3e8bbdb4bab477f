//! Python bindings (feature `python`): the only place that names pyo3.
//!
//! Each file wraps one area of the core; types and errors are converted here and nothing
//! else is done. The module is `caretriangle._core`; `python/caretriangle/__init__.py`
//! re-exports it.

// Docstrings here are Python's (`df["spend"]` is not a Rust link), and pyo3's classes carry
// `unsafe` methods beside the serde derives of their plain fields.
#![allow(clippy::doc_link_with_quotes, clippy::unsafe_derive_deserialize)]

mod analyses;
mod args;
mod budget;
mod budget_mc;
mod classes;
mod comparison;
mod convert;
mod cost_effectiveness;
mod display;
mod distributed;
mod economy;
mod errors;
mod explore;
mod guard;
mod montecarlo;
mod optimise;
mod optimise_draws;
mod optimise_uncertain;
mod options;
mod outcomes;
mod results;
mod scenario;
mod sensitivity;
mod service;
mod sweep;
mod tables;
mod uprating;
mod value;

use pyo3::prelude::*;

#[pymodule]
mod _core {
    #[pymodule_export]
    use super::analyses::{PyEvpi, PySobol, PyTornado};
    #[pymodule_export]
    use super::budget::PyBudgetImpact;
    #[pymodule_export]
    use super::budget_mc::{PyBudgetMonteCarlo, PyBudgetMonteCarloResult};
    #[pymodule_export]
    use super::classes::PyEconomy;
    #[pymodule_export]
    use super::classes::PyMonteCarlo;
    #[pymodule_export]
    use super::comparison::PyComparison;
    #[pymodule_export]
    use super::cost_effectiveness::PyCostEffectiveness;
    #[pymodule_export]
    use super::distributed::PyPartial;
    #[pymodule_export]
    use super::economy::load_economy;
    #[pymodule_export]
    use super::explore::_lever_sizes;
    #[pymodule_export]
    use super::guard::_panic_for_test;
    #[pymodule_export]
    use super::optimise::{optimise, PyOptimum};
    #[pymodule_export]
    use super::optimise_draws::{
        _optimise_draws, _optimise_draws_merge, _optimise_draws_part, _optimise_draws_tasks, PyOptimumDraws,
    };
    #[pymodule_export]
    use super::optimise_uncertain::PyPlanUncertainty;
    #[pymodule_export]
    use super::options::PyOptions;
    #[pymodule_export]
    use super::outcomes::incremental;
    #[pymodule_export]
    use super::results::PyMonteCarloResult;
    #[pymodule_export]
    use super::scenario::PyScenario;
    #[pymodule_export]
    use super::sensitivity::{saltelli_sample, sobol_analyze};
    #[pymodule_export]
    use super::service::{compare_unit_costs, PyService, PyUnitCostComparison};
    #[pymodule_export]
    use super::sweep::{_check_sweep_names, _sweep_frame};
    #[pymodule_export]
    use super::uprating::uprate;
    #[pymodule_export]
    use super::value::{_evpi, _evppi};

    use pyo3::prelude::*;

    use super::errors::IntoPy;
    use super::guard::{apply, guarded};

    /// £ to the penny as every report of the crate writes it (`-£1,211.63`): halves of a
    /// penny away from zero, so the command line's tables and the levers' descriptions agree.
    #[apply(guarded!)]
    #[pyfunction]
    fn _money(value: f64) -> String {
        crate::report::money(value)
    }

    /// How many plans (economy and scenarios compiled) and file texts (parsed or written)
    /// this thread has made: the tests check with it that a step compiles once and goes
    /// through no text.
    #[apply(guarded!)]
    #[pyfunction]
    fn _work_counts() -> (u64, u64) {
        (
            crate::plan::compiled_on_this_thread(),
            crate::io::texts_on_this_thread(),
        )
    }

    /// What a report column of this name holds where its table does not say (`money`,
    /// `share`, `count`, `number`): the core's one list, for frames made in Python.
    #[apply(guarded!)]
    #[pyfunction]
    fn _column_kind(name: &str) -> &'static str {
        crate::report::Kind::of_column(name).id()
    }

    /// The field names of each struct of the file format (`economy`, `commissioners`,
    /// `budget`, `locality`, `cluster`, `service`) and the keys of levers and distributions,
    /// in order, each with what it holds (`number`, `text`, `list`, `table`, `object`,
    /// `flag`): the workbook's columns and their cells' types.
    #[apply(guarded!)]
    #[pyfunction]
    fn _file_fields(py: Python<'_>) -> PyResult<Bound<'_, pyo3::types::PyDict>> {
        // Dicts keep the fields' order: `{"service": {"id": "text", "unit_cost": "number", ...}}`.
        let out = pyo3::types::PyDict::new(py);
        for (part, fields) in crate::fields::file_fields() {
            let kinds = pyo3::types::PyDict::new(py);
            for (name, kind) in fields {
                kinds.set_item(name, kind)?;
            }
            out.set_item(part, kinds)?;
        }
        Ok(out)
    }

    /// The text of a shipped example economy (see `caretriangle.examples`).
    #[apply(guarded!)]
    #[pyfunction]
    fn _example_text(#[pyo3(from_py_with = super::args::name)] name: String) -> PyResult<&'static str> {
        crate::examples::text(&name).py_err()
    }

    #[pymodule_init]
    fn init(m: &Bound<'_, PyModule>) -> PyResult<()> {
        m.add("__version__", env!("CARGO_PKG_VERSION"))?;
        // Iterations per chunk of a Monte Carlo run, for progress bars of distributed runs.
        m.add("CHUNK", crate::uncertainty::CHUNK)
    }
}
