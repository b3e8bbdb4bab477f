//! What the live explorer (`caretriangle.explore`) needs of the core: each lever's size, its
//! value and its label in words, so that the widgets are laid out in Python and the words
//! come from one place.

use pyo3::prelude::*;

use super::guard::{apply, guarded};

use super::classes::PyEconomy;
use super::scenario::PyScenario;

/// For each lever of `scenario`, in order: its kind (`substitute`), the field that sets its
/// size (`share`), that field's value (the mean of a distribution) and the field in words
/// ("share of specialist dietitian hours moved to health trainer").
#[apply(guarded!)]
#[pyfunction]
pub fn _lever_sizes(economy: &PyEconomy, scenario: &PyScenario) -> Vec<(&'static str, &'static str, f64, String)> {
    let economy = economy.inner.economy();
    scenario
        .inner
        .levers()
        .iter()
        .map(|lever| {
            let field = lever.size_field();
            (lever.kind(), field, lever.size(), lever.label(economy, field))
        })
        .collect()
}
