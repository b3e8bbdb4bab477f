//! One case per bad value: each asserts the error's kind, and that its message names the
//! field's path and the value at fault. Cases of one shape are rows of a table run by one test;
//! every assertion names its row, since the rows share one call site.

#[path = "../common/mod.rs"]
mod common;

mod files;
mod ids;
mod levers;
mod values;

use caretriangle::{ApplyOptions, Error, Lever, Programme, ProgrammeSpec, Scenario};
use common::{fixture, fixture_spec, plain};

/// The fixture with one change, validated (as a file's programme: the economy and what is
/// kept with it).
fn economy_with(change: impl FnOnce(&mut ProgrammeSpec)) -> caretriangle::Result<Programme> {
    let mut spec = ProgrammeSpec::of_economy(fixture_spec());
    change(&mut spec);
    Programme::new(spec)
}

/// Asserts an `InvalidValue` naming `field` and `value`, with the message built from them;
/// `case` names what was refused in every failure.
#[track_caller]
fn invalid(case: &str, result: caretriangle::Result<impl std::fmt::Debug>, field: &str, value: &str) -> String {
    let e = match result {
        Ok(accepted) => panic!("{case}: should be refused, got {accepted:?}"),
        Err(e) => e,
    };
    match &e {
        Error::InvalidValue { field: f, value: v, .. } => {
            assert_eq!(f, field, "{case}: {e}");
            assert_eq!(plain(v), value, "{case}: {e}");
        }
        other => panic!("{case}: expected InvalidValue, got {other:?}"),
    }
    let m = plain(&e.to_string());
    assert!(m.starts_with(&format!("{field} must be ")), "{case}: {m}");
    assert!(m.ends_with(&format!(", got {value}")), "{case}: {m}");
    m
}

fn apply(levers: Vec<Lever>) -> caretriangle::Result<caretriangle::Comparison> {
    let s = levers
        .into_iter()
        .fold(Scenario::new("s").unwrap(), caretriangle::Scenario::with);
    fixture().apply(&s, ApplyOptions::default())
}
