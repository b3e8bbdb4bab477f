//! One error type for the whole crate.
//!
//! Every message names the field and the value at fault, so that a commissioner who typed
//! `unit_cost = -5` reads `services[3].unit_cost must be >= 0, got -5` and knows what to fix.
//! Validation happens once, in constructors; a value that passed cannot be invalid later.

use std::fmt;

pub use crate::location::{Location, Segment};

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong, by kind. The Python bindings map each kind to its own
/// exception class under `caretriangle.CareTriangleError`.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// A number or text outside what the field allows.
    #[error("{field} must be {expected}, got {value}")]
    InvalidValue {
        /// Where the value sits, as a path (`services[3].unit_cost`).
        field: Location,
        /// The value as given.
        value: String,
        /// What the field allows, in words (`>= 0`, `between 0 and 1`).
        expected: String,
    },
    /// A reference to an id that does not exist.
    #[error("{field}: unknown {kind} `{id}`{hint}")]
    UnknownId {
        /// Where the reference sits.
        field: Location,
        /// What kind of thing was looked for (service, locality, cluster, scenario).
        kind: &'static str,
        /// The id as given.
        id: String,
        /// A suggestion (`; did you mean `x`?`) or the list of known ids.
        hint: String,
    },
    /// Two things of one kind with the same id.
    #[error("{field}: duplicate {kind} id `{id}`{hint}")]
    DuplicateId {
        /// Where the second occurrence sits.
        field: Location,
        /// What kind of thing is duplicated.
        kind: &'static str,
        /// The repeated id.
        id: String,
        /// Which id it repeats, when they differ (only by case), or nothing.
        hint: String,
    },
    /// Two quantities that cannot be put side by side as they stand (different units or
    /// price years).
    #[error("{0}")]
    Incompatible(String),
    /// A lever asks for more than there is (moves more money than a service has, reinvests
    /// more than was released).
    #[error("{field}: {message}")]
    Insufficient {
        /// The lever's field at fault.
        field: Location,
        /// What was asked and what there is, both in £.
        message: String,
    },
    /// A scenario that spends more than the envelope, under `strict`.
    #[error("scenario `{scenario}` spends £{spend:.2}, over the envelope of £{envelope:.2} by £{over:.2}")]
    OverEnvelope {
        /// The scenario's name.
        scenario: String,
        /// What the scenario spends.
        spend: f64,
        /// The envelope.
        envelope: f64,
        /// By how much it is over.
        over: f64,
    },
    /// A file whose text is not a valid economy: bad syntax, a missing or unknown key, a value
    /// of the wrong type, or an invalid value (then `source` is the validation error).
    #[error("{}", file_message(.file, *.line, *.column, .field.as_ref().map(Location::as_str), .message))]
    File {
        /// The file's path (or `<string>`).
        file: String,
        /// 1-based line, where known.
        line: Option<usize>,
        /// 1-based column, where known.
        column: Option<usize>,
        /// The field's path, where known.
        field: Option<Location>,
        /// What is wrong.
        message: String,
        /// The validation error underneath, where there is one.
        source: Option<Box<Error>>,
    },
    /// A long run stopped at the caller's request (a notebook interrupt, Ctrl-C).
    #[error("interrupted")]
    Interrupted,
    /// A file that cannot be read or written.
    #[error("{path}: {message}")]
    Io {
        /// The file's path.
        path: String,
        /// The operating system's reason.
        message: String,
    },
    /// An optimisation whose constraints cannot all hold: a smallest set found that conflict.
    #[error("no plan meets every constraint: {} cannot all hold", .conflict.join(" and "))]
    Infeasible {
        /// The conflicting constraints in words ("the envelope of £10,000").
        conflict: Vec<String>,
    },
    /// An optimisation whose objective grows without limit.
    #[error("the objective grows without limit: nothing limits {} (give a capacity, staff minutes or a unit cost)", .services.join(", "))]
    Unbounded {
        /// The services (or options) nothing limits.
        services: Vec<String>,
    },
    /// The solver stopped without an answer it could check (a numerical failure).
    #[error("the optimiser's solver failed: {message}")]
    SolverFailed {
        /// The solver's reason.
        message: String,
    },
}

fn file_message(file: &str, line: Option<usize>, column: Option<usize>, field: Option<&str>, message: &str) -> String {
    use std::fmt::Write as _;
    // Writing to a String cannot fail.
    let mut out = file.to_string();
    if let Some(line) = line {
        let _ = write!(out, ", line {line}");
        if let Some(column) = column {
            let _ = write!(out, ", column {column}");
        }
    }
    match field {
        // A validation message already starts with the field's path.
        Some(field) if !message.starts_with(field) => {
            let _ = write!(out, ": {field}: {message}");
        }
        _ => {
            let _ = write!(out, ": {message}");
        }
    }
    out
}

impl Error {
    /// An invalid value: `field must be expected, got value`.
    pub fn invalid(field: impl Into<Location>, value: impl fmt::Display, expected: impl Into<String>) -> Self {
        Error::InvalidValue {
            field: field.into(),
            value: value.to_string(),
            expected: expected.into(),
        }
    }

    /// An unknown id, with a suggestion drawn from the known ids.
    pub fn unknown<'a>(
        field: impl Into<Location>,
        kind: &'static str,
        id: &str,
        known: impl IntoIterator<Item = &'a str>,
    ) -> Self {
        Error::UnknownId {
            field: field.into(),
            kind,
            id: id.to_string(),
            hint: suggestion(id, known),
        }
    }

    /// Puts `outer` in front of the field's path, as a value's error travels up from a
    /// service to the economy that holds it (`unit_cost` becomes `services[3].unit_cost`):
    /// segment by segment, so the path stays a [`Location`].
    #[must_use]
    pub fn within(self, outer: impl Into<Location>) -> Self {
        let outer = outer.into();
        match self {
            Error::InvalidValue { field, value, expected } => Error::InvalidValue {
                field: field.within(outer),
                value,
                expected,
            },
            Error::UnknownId { field, kind, id, hint } => Error::UnknownId {
                field: field.within(outer),
                kind,
                id,
                hint,
            },
            Error::DuplicateId { field, kind, id, hint } => Error::DuplicateId {
                field: field.within(outer),
                kind,
                id,
                hint,
            },
            Error::Insufficient { field, message } => Error::Insufficient {
                field: field.within(outer),
                message,
            },
            other => other,
        }
    }

    /// Where the value at fault sits, if this error names a place: its path's segments.
    pub fn location(&self) -> Option<&Location> {
        match self {
            Error::InvalidValue { field, .. }
            | Error::UnknownId { field, .. }
            | Error::DuplicateId { field, .. }
            | Error::Insufficient { field, .. } => Some(field),
            Error::File { field, .. } => field.as_ref(),
            _ => None,
        }
    }

    /// The field's path this error names, if it names one, as text (`services[3].unit_cost`).
    pub fn field(&self) -> Option<&str> {
        self.location().map(Location::as_str)
    }
}

/// `; did you mean `x`?` when one known id is close to `given`, else the list of known ids
/// (up to ten), so that a typo is fixed without opening the file again.
pub(crate) fn suggestion<'a>(given: &str, known: impl IntoIterator<Item = &'a str>) -> String {
    let known: Vec<&str> = known.into_iter().collect();
    if known.is_empty() {
        return String::new();
    }
    let best = known
        .iter()
        .map(|k| (edit_distance(given, k), *k))
        .min_by_key(|(d, _)| *d);
    if let Some((d, k)) = best {
        // Close enough to be a typo: up to a third of the longer word.
        if d <= given.len().max(k.len()).div_ceil(3).max(1) {
            return format!("; did you mean `{k}`?");
        }
    }
    let shown: Vec<String> = known.iter().take(10).map(|k| format!("`{k}`")).collect();
    let more = if known.len() > 10 { ", …" } else { "" };
    format!("; known: {}{more}", shown.join(", "))
}

/// `; did you mean `x`?` when one known word is close to `given`, else nothing: for messages
/// that list the allowed words already.
pub(crate) fn did_you_mean<'a>(given: &str, known: impl IntoIterator<Item = &'a str>) -> String {
    let hint = suggestion(given, known);
    if hint.starts_with("; did you mean") {
        hint
    } else {
        String::new()
    }
}

/// Levenshtein distance over chars; ids are short, so the quadratic table is fine.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_nearest_id() {
        assert_eq!(
            suggestion("unit_cots", ["unit_cost", "activity", "name"]),
            "; did you mean `unit_cost`?"
        );
        assert_eq!(
            suggestion("zzz", ["unit_cost", "activity"]),
            "; known: `unit_cost`, `activity`"
        );
    }

    #[test]
    fn field_paths_join() {
        let e = Error::invalid("unit_cost", -5, ">= 0").within("services[3]");
        assert_eq!(e.to_string(), "services[3].unit_cost must be >= 0, got -5");
    }
}
