//! Python arguments read into core types, once, at the boundary.
//!
//! pyo3's own conversions raise `OverflowError` for `threads=-1` or `n=2**64`, `TypeError`
//! for `iterations=1.5`, and take `True` as 1 for `share=True`; none of these is a
//! `CareTriangleError`, and none names the argument; nor does the `UnicodeEncodeError` of a
//! name holding a lone surrogate. Each argument that takes a number, a flag or a name is read
//! here instead (`#[pyo3(from_py_with = args::iterations)]`), into the core's type, and
//! anything that is not one becomes an `InvalidValueError` naming the argument and the value.
//! The ranges themselves (iterations from 1 to 10^12, threads from 1 to 1024) are the core's
//! checks, made once, where the value is used.
//!
//! Text arguments that choose among fixed names (`by="corner"`, `sampling="random"`,
//! `output="change"`) are read into the chosen name itself, a `&'static str`, so that their
//! default stays the literal `help()` shows; free text with a default (`file="<string>"`)
//! gives its signature by hand (`text_signature`), as a `String` default would show as `...`.

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyFloat, PyInt, PyString};

use super::errors::to_py;
use crate::error::Error;

/// The value as the message shows it: Python's repr, cut short (`2**10000` has 3,011 digits).
fn shown(obj: &Bound<'_, PyAny>) -> String {
    let text = obj
        .repr()
        .map_or_else(|_| "<unprintable>".to_string(), |r| r.to_string());
    match text.char_indices().nth(60) {
        Some((cut, _)) => format!("{}… ({} characters)", &text[..cut], text.chars().count()),
        None => text,
    }
}

fn refused(obj: &Bound<'_, PyAny>, field: &str, expected: &str) -> PyErr {
    to_py(Error::invalid(field, shown(obj), expected))
}

/// A whole number in `T`'s range. Python ints (and numpy integers, through `__index__`) of
/// any size are read; bools, floats and text are refused.
fn whole<T: TryFrom<i128>>(obj: &Bound<'_, PyAny>, field: &str, expected: &str) -> PyResult<T> {
    if obj.is_instance_of::<PyBool>() || obj.is_instance_of::<PyFloat>() {
        return Err(refused(obj, field, expected));
    }
    obj.extract::<i128>()
        .ok()
        .and_then(|v| T::try_from(v).ok())
        .ok_or_else(|| refused(obj, field, expected))
}

/// A number (int or float; a bool is refused, as `share=True` is surely a slip). Whether it
/// is finite and in range is the core's check.
fn real(obj: &Bound<'_, PyAny>, field: &str) -> PyResult<f64> {
    if obj.is_instance_of::<PyBool>() || obj.is_instance_of::<PyString>() {
        return Err(refused(obj, field, "a number"));
    }
    if obj.is_instance_of::<PyInt>() {
        // A huge int has no f64; say so rather than letting Python's OverflowError out.
        return obj
            .extract::<f64>()
            .map_err(|_| refused(obj, field, "a number (this one is too large)"));
    }
    obj.extract::<f64>().map_err(|_| refused(obj, field, "a number"))
}

/// True or False (numpy's bool too); 0, 1 and "yes" are refused.
fn flag(obj: &Bound<'_, PyAny>, field: &str) -> PyResult<bool> {
    obj.extract::<bool>().map_err(|_| refused(obj, field, "True or False"))
}

/// Text that can be written as UTF-8 (a lone surrogate such as `"\ud800"` cannot).
fn utf8(obj: &Bound<'_, PyAny>, field: &str) -> PyResult<String> {
    match obj.cast::<PyString>() {
        Ok(s) => s
            .to_str()
            .map(str::to_owned)
            .map_err(|_| refused(obj, field, "text that is valid Unicode")),
        Err(_) => Err(refused(obj, field, "text")),
    }
}

/// A path: text, or an `os.PathLike` giving text (`pathlib.Path`), valid Unicode. pyo3's own
/// conversion raised `TypeError` for `None` and `UnicodeEncodeError` for a lone surrogate.
fn path_of(obj: &Bound<'_, PyAny>, field: &str) -> PyResult<std::path::PathBuf> {
    let expected = "a path (text or a pathlib.Path)";
    let text = obj
        .py()
        .import("os")?
        .getattr("fspath")?
        .call1((obj,))
        .map_err(|_| refused(obj, field, expected))?;
    if !text.is_instance_of::<PyString>() {
        return Err(refused(obj, field, expected));
    }
    utf8(&text, field).map(std::path::PathBuf::from)
}

/// Texts from any iterable of texts (a list, a tuple); with `one`, a lone text is a list of
/// one (`into="health_trainer"`), else it is refused (it would be read as its letters).
fn texts(obj: &Bound<'_, PyAny>, field: &str, one: bool, expected: &str) -> PyResult<Vec<String>> {
    if obj.is_instance_of::<PyString>() {
        return if one {
            utf8(obj, field).map(|t| vec![t])
        } else {
            Err(refused(obj, field, expected))
        };
    }
    let items = obj.try_iter().map_err(|_| refused(obj, field, expected))?;
    items
        .map(|item| {
            item.map_err(|_| refused(obj, field, expected))
                .and_then(|i| utf8(&i, field))
        })
        .collect()
}

/// `None`, or what `read` makes of the value.
fn optional<T>(obj: &Bound<'_, PyAny>, read: impl FnOnce(&Bound<'_, PyAny>) -> PyResult<T>) -> PyResult<Option<T>> {
    if obj.is_none() {
        Ok(None)
    } else {
        read(obj).map(Some)
    }
}

/// One of `choices`, as the static name itself; any other text is refused by `refuse` (the
/// core's own error, with the nearest name where it gives one), anything else as not text.
fn one_of(
    obj: &Bound<'_, PyAny>,
    field: &str,
    choices: &'static [&'static str],
    refuse: impl FnOnce(&str) -> Error,
) -> PyResult<&'static str> {
    let text = utf8(obj, field)?;
    choices
        .iter()
        .copied()
        .find(|c| *c == text)
        .ok_or_else(|| to_py(refuse(&text)))
}

/// A report dimension (`by="corner"`).
pub(super) fn dimension(obj: &Bound<'_, PyAny>) -> PyResult<&'static str> {
    const NAMES: &[&str] = &[
        "corner",
        "commissioner",
        "provider",
        "provider_type",
        "locality",
        "cluster",
        "service",
        "condition",
    ];
    one_of(obj, "by", NAMES, |t| {
        t.parse::<crate::economy::Dimension>()
            .err()
            .unwrap_or_else(|| Error::invalid("by", t, "a dimension"))
    })
}

/// A sampling plan (`sampling="random"`).
pub(super) fn sampling(obj: &Bound<'_, PyAny>) -> PyResult<&'static str> {
    const NAMES: &[&str] = &["random", "lhs", "latin_hypercube", "sobol"];
    one_of(obj, "sampling", NAMES, |t| {
        super::convert::sampling_plan(t)
            .err()
            .unwrap_or_else(|| Error::invalid("sampling", t, "a plan"))
    })
}

/// A Monte Carlo output (`output="change"`).
pub(super) fn mc_output(obj: &Bound<'_, PyAny>) -> PyResult<&'static str> {
    use crate::montecarlo::OUTPUTS;
    one_of(obj, "output", &OUTPUTS, |t| {
        Error::unknown("output", "output", t, OUTPUTS)
    })
}

/// An EVPI criterion (`criterion="cost"`).
pub(super) fn criterion(obj: &Bound<'_, PyAny>) -> PyResult<&'static str> {
    one_of(obj, "criterion", &["cost", "people_per_pound"], |t| {
        super::convert::evpi_criterion(t)
            .err()
            .unwrap_or_else(|| Error::invalid("criterion", t, "a criterion"))
    })
}

/// Where reinvested money comes from (`source="released"`).
pub(super) fn source(obj: &Bound<'_, PyAny>) -> PyResult<&'static str> {
    one_of(obj, "source", &["released", "new"], |t| {
        Error::invalid("source", format!("{t:?}"), "\"released\" or \"new\"")
    })
}

/// A reinvestment's `amount`: a number, `"released"`, or None (when `share_of_released` is
/// given instead).
pub(super) fn reinvest_amount(obj: &Bound<'_, PyAny>) -> PyResult<Option<crate::scenario::Amount>> {
    if obj.is_instance_of::<PyString>() {
        return match utf8(obj, "amount")?.as_str() {
            "released" => Ok(Some(crate::scenario::Amount::Released)),
            _ => Err(refused(obj, "amount", "a number or \"released\"")),
        };
    }
    optional(obj, |o| real(o, "amount").map(Into::into))
}

/// Levers by index or name (`from_levers=[0, "skill mix"]`), or None for none.
pub(super) fn from_levers(obj: &Bound<'_, PyAny>) -> PyResult<Option<Vec<crate::scenario::LeverRef>>> {
    const EXPECTED: &str = "a list of lever indices (whole numbers >= 0) or names";
    if obj.is_none() {
        return Ok(None);
    }
    if obj.is_instance_of::<PyString>() {
        return Err(refused(obj, "from_levers", EXPECTED));
    }
    let items = obj.try_iter().map_err(|_| refused(obj, "from_levers", EXPECTED))?;
    items
        .map(|item| {
            let item = item?;
            if item.is_instance_of::<PyString>() {
                utf8(&item, "from_levers").map(crate::scenario::LeverRef::Name)
            } else {
                whole(&item, "from_levers", EXPECTED).map(crate::scenario::LeverRef::Index)
            }
        })
        .collect::<PyResult<_>>()
        .map(Some)
}

/// What a substitution keeps (`per="unit"` or `"person"`).
pub(super) fn per(obj: &Bound<'_, PyAny>) -> PyResult<&'static str> {
    one_of(obj, "per", &["unit", "person"], |t| {
        Error::invalid("per", format!("{t:?}"), "\"unit\" or \"person\"")
    })
}

/// Numbers from any iterable of them (a list, a numpy array); text is refused.
fn reals(obj: &Bound<'_, PyAny>, field: &str) -> PyResult<Vec<f64>> {
    if obj.is_instance_of::<PyString>() {
        return Err(refused(obj, field, "a list of numbers"));
    }
    let items = obj.try_iter().map_err(|_| refused(obj, field, "a list of numbers"))?;
    items.map(|x| real(&x?, field)).collect()
}

/// One reader per argument name, for `from_py_with` (which passes no name).
macro_rules! readers {
    ($($name:ident -> $t:ty = |$obj:ident| $read:expr;)*) => {$(
        #[doc = concat!("The `", stringify!($name), "` argument.")]
        pub(super) fn $name($obj: &Bound<'_, PyAny>) -> PyResult<$t> {
            $read
        }
    )*};
}

const U64: &str = "a whole number from 0 to 2^64 - 1";
const COUNT: &str = "a whole number >= 1";

readers! {
    iterations -> u64 = |o| whole(o, "iterations", "a whole number from 1 to 10^12");
    seed -> u64 = |o| whole(o, "seed", U64);
    optional_seed -> Option<u64> = |o| optional(o, |o| whole(o, "seed", U64));
    threads -> Option<usize> = |o| optional(o, |o| whole(o, "threads", "a whole number from 1 to 1024, or None for all cores"));
    chunks_per_task -> u64 = |o| whole(o, "chunks_per_task", COUNT);
    chunks_per_batch -> u64 = |o| whole(o, "chunks_per_batch", COUNT);
    rows_per_task -> usize = |o| whole(o, "rows_per_task", COUNT);
    start -> u64 = |o| whole(o, "start", U64);
    end -> u64 = |o| whole(o, "end", U64);
    start_row -> usize = |o| whole(o, "start", U64);
    end_row -> usize = |o| whole(o, "end", U64);
    n -> usize = |o| whole(o, "n", COUNT);
    dims -> usize = |o| whole(o, "dims", COUNT);
    num_resamples -> usize = |o| whole(o, "num_resamples", COUNT);
    years -> u32 = |o| whole(o, "years", "a whole number of financial years from 1 to 100");
    size -> Option<usize> = |o| optional(o, |o| whole(o, "size", COUNT));
    confidence_level -> f64 = |o| real(o, "confidence_level");
    low -> f64 = |o| real(o, "low");
    high -> f64 = |o| real(o, "high");
    share -> f64 = |o| real(o, "share");
    ratio -> f64 = |o| real(o, "ratio");
    amount -> f64 = |o| real(o, "amount");
    unit_cost -> f64 = |o| real(o, "unit_cost");
    factor -> f64 = |o| real(o, "factor");
    gain -> f64 = |o| real(o, "gain");
    units -> f64 = |o| real(o, "units");
    budget -> f64 = |o| real(o, "budget");
    units_per_person -> Option<f64> = |o| optional(o, |o| real(o, "units_per_person"));
    activity -> Option<f64> = |o| optional(o, |o| real(o, "activity"));
    allocation -> Option<f64> = |o| optional(o, |o| real(o, "allocation"));
    capacity -> Option<f64> = |o| optional(o, |o| real(o, "capacity"));
    keep_samples -> bool = |o| flag(o, "keep_samples");
    progress -> bool = |o| flag(o, "progress");
    strict -> bool = |o| flag(o, "strict");
    total -> bool = |o| flag(o, "total");
    scramble -> bool = |o| flag(o, "scramble");
    name -> String = |o| utf8(o, "name");
    optional_name -> Option<String> = |o| optional(o, |o| utf8(o, "name"));
    id -> String = |o| utf8(o, "id");
    service -> String = |o| utf8(o, "service");
    from_ -> String = |o| utf8(o, "from_");
    to -> String = |o| utf8(o, "to");
    description -> Option<String> = |o| optional(o, |o| utf8(o, "description"));
    text -> String = |o| utf8(o, "text");
    kind -> Option<String> = |o| optional(o, |o| utf8(o, "kind"));
    corner -> String = |o| utf8(o, "corner");
    provider -> String = |o| utf8(o, "provider");
    price_year -> Option<String> = |o| optional(o, |o| utf8(o, "price_year"));
    output -> String = |o| utf8(o, "output");
    scenario_name -> Option<String> = |o| optional(o, |o| utf8(o, "scenario"));
    input -> String = |o| utf8(o, "input");
    first_year -> String = |o| utf8(o, "first_year");
    method -> String = |o| utf8(o, "method");
    file -> String = |o| utf8(o, "file");
    label -> String = |o| utf8(o, "output");
    from_year -> String = |o| utf8(o, "from_year");
    to_year -> String = |o| utf8(o, "to_year");
    segment -> String = |o| utf8(o, "segment");
    effect -> f64 = |o| real(o, "effect");
    coverage -> f64 = |o| real(o, "coverage");
    share_of_released -> Option<f64> = |o| optional(o, |o| real(o, "share_of_released"));
    people -> Option<f64> = |o| optional(o, |o| real(o, "people"));
    optional_units -> Option<f64> = |o| optional(o, |o| real(o, "units"));
    path -> std::path::PathBuf = |o| path_of(o, "path");
    unit -> String = |o| utf8(o, "unit");
    commissioner -> Option<String> = |o| optional(o, |o| utf8(o, "commissioner"));
    locality -> Option<String> = |o| optional(o, |o| utf8(o, "locality"));
    cluster -> Option<String> = |o| optional(o, |o| utf8(o, "cluster"));
    condition -> Option<String> = |o| optional(o, |o| utf8(o, "condition"));
    optional_into -> Option<Vec<String>> = |o| optional(o, |o| texts(o, "into", true, "an id or a list of ids"));
    names -> Option<Vec<String>> = |o| optional(o, |o| texts(o, "names", false, "a list of names"));
    dimensions -> Vec<String> = |o| texts(o, "by", true, "a dimension or a list of dimensions");
    by_name -> String = |o| utf8(o, "by");
    outcome -> String = |o| utf8(o, "outcome");
    threshold -> Option<f64> = |o| optional(o, |o| real(o, "threshold"));
    optional_outcome -> Option<String> = |o| optional(o, |o| utf8(o, "outcome"));
    thresholds -> Vec<f64> = |o| reals(o, "thresholds");
    input_names -> Vec<String> = |o| texts(o, "inputs", true, "a name or a list of names");
    people_affected -> f64 = |o| real(o, "people");
    discount_rate -> f64 = |o| real(o, "discount_rate");
    optional_method -> Option<String> = |o| optional(o, |o| utf8(o, "method"));
    draws -> u64 = |o| whole(o, "draws", "a whole number from 1 to 10^7");
    chunk -> u64 = |o| whole(o, "chunk", COUNT);
}
