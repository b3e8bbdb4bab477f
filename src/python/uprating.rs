//! `uprate` for Python: one amount moved from one price year to another by an index.

use pyo3::prelude::*;

use super::args;
use super::convert::spec_from_dict;
use super::errors::IntoPy;
use super::guard::{apply, guarded};
use crate::error::Error;
use crate::service::FinancialYear;
use crate::uprating::{Uprating, NHSCII_SERIES};

fn year(text: &str, field: &str) -> PyResult<FinancialYear> {
    text.parse::<FinancialYear>()
        .map_err(|_| Error::invalid(field, format!("{text:?}"), "a financial year such as \"2023/24\""))
        .py_err()
}

/// `amount` (£) at `from_year` prices, in `to_year` prices: times the product of
/// (1 + change/100) over the years after `from_year` up to `to_year` (divided, going back).
///
/// `index` is a shipped series (`"nhscii_pay_and_prices"`, `"nhscii_pay"`, `"nhscii_prices"`:
/// the NHS Cost Inflation Index, PSSRU Unit Costs 2024 Table 12.1.1, 2015/16 to 2023/24) or a
/// table of one's own laid out as a file's `uprating`:
/// `{"name": ..., "changes": {"2024/25": 2.5}, "extends": "nhscii_pay_and_prices"}`.
///
/// Raises `IncompatibleError` for a year the index lacks between the two (naming it and the
/// years the index covers).
///
/// Examples
/// --------
/// >>> import caretriangle as ct
/// >>> round(ct.uprate(1000, "2022/23", "2023/24"), 2)      # + 4.31%
/// 1043.1
/// >>> round(ct.uprate(1000, "2014/15", "2023/24"), 2)
/// 1267.39
/// >>> own = {"name": "own", "extends": "nhscii_pay_and_prices", "changes": {"2024/25": 2.5}}
/// >>> round(ct.uprate(1000, "2023/24", "2024/25", index=own), 2)
/// 1025.0
#[apply(guarded!)]
#[pyfunction]
#[pyo3(signature = (amount, from_year, to_year, *, index = None),
    text_signature = "(amount, from_year, to_year, *, index='nhscii_pay_and_prices')")]
pub fn uprate(
    #[pyo3(from_py_with = args::amount)] amount: f64,
    #[pyo3(from_py_with = args::from_year)] from_year: String,
    #[pyo3(from_py_with = args::to_year)] to_year: String,
    index: Option<&Bound<'_, PyAny>>,
) -> PyResult<f64> {
    let (from, to) = (year(&from_year, "from_year")?, year(&to_year, "to_year")?);
    let index: Uprating = match index {
        None => Uprating::Named("nhscii_pay_and_prices".into()),
        Some(i) => match i.extract::<String>() {
            Ok(name) if name == "none" => Uprating::None,
            Ok(name) if NHSCII_SERIES.iter().any(|(n, _)| *n == name) => Uprating::Named(name),
            Ok(name) => {
                let names = NHSCII_SERIES.iter().map(|(n, _)| *n).chain(["none"]);
                return Err(Error::unknown("index", "index", &name, names)).py_err();
            }
            Err(_) => spec_from_dict(i)?,
        },
    };
    crate::economy::uprate(amount, from, to, &index).py_err()
}
