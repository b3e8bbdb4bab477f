//! Levers' names: an optional `name` on any lever (`name = "skill mix"` in its table), unique
//! within its scenario, shown where a commissioner reads the lever, and usable in a
//! reinvestment's `from_levers` beside indices (`from_levers = ["skill mix", 2]`).
//!
//! The names are kept beside the levers, one optional name a lever, rather than in every kind
//! of [`Lever`]; in files each sits in its lever's table. A name in `from_levers` is resolved to
//! its lever's index once, when the scenario is compiled into a plan.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::{Lever, Scenario, ScenarioSpec};
use crate::error::{Error, Location, Result};

/// A lever a reinvestment draws on: its index in the scenario (from 0) or its name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum LeverRef {
    /// The lever's index in the scenario, counted from 0.
    Index(usize),
    /// The lever's `name`.
    Name(String),
}

impl From<usize> for LeverRef {
    fn from(i: usize) -> Self {
        LeverRef::Index(i)
    }
}

impl From<&str> for LeverRef {
    fn from(name: &str) -> Self {
        LeverRef::Name(name.into())
    }
}

impl fmt::Display for LeverRef {
    /// An index as a number (`2`), a name quoted (`"skill mix"`).
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            LeverRef::Index(i) => write!(f, "{i}"),
            LeverRef::Name(n) => write!(f, "{n:?}"),
        }
    }
}

/// A lever as a file holds it: its keys, and its `name` where given.
#[derive(Serialize, Deserialize)]
struct NamedLever {
    #[serde(flatten)]
    lever: Lever,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    name: Option<String>,
}

/// A scenario as a file holds it (the names in the levers' tables).
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SpecFile {
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(default)]
    levers: Vec<NamedLever>,
}

impl From<SpecFile> for ScenarioSpec {
    fn from(f: SpecFile) -> Self {
        let (levers, names): (Vec<Lever>, Vec<Option<String>>) =
            f.levers.into_iter().map(|l| (l.lever, l.name)).unzip();
        ScenarioSpec {
            name: f.name,
            description: f.description,
            levers,
            names: if names.iter().all(Option::is_none) {
                Vec::new()
            } else {
                names
            },
        }
    }
}

impl From<ScenarioSpec> for SpecFile {
    fn from(s: ScenarioSpec) -> Self {
        let mut names = s.names.into_iter();
        SpecFile {
            name: s.name,
            description: s.description,
            levers: s
                .levers
                .into_iter()
                .map(|lever| NamedLever {
                    lever,
                    name: names.next().flatten(),
                })
                .collect(),
        }
    }
}

/// Checks a scenario's lever names (at most one a lever, each non-blank and unique) and
/// returns one a lever, `None` where a lever has none.
pub(super) fn checked(names: Vec<Option<String>>, levers: usize) -> Result<Vec<Option<String>>> {
    if names.len() > levers {
        return Err(Error::invalid(
            "names",
            format!("{} names", names.len()),
            format!("at most one name a lever ({levers} levers)"),
        ));
    }
    let mut out: Vec<Option<String>> = Vec::with_capacity(levers);
    for (i, name) in names.into_iter().enumerate() {
        if let Some(n) = &name {
            check_new(&out, i, n)?;
        }
        out.push(name);
    }
    out.resize(levers, None);
    Ok(out)
}

/// Checks that `name`, given to lever `i`, is not blank and names none of the levers before.
fn check_new(names: &[Option<String>], i: usize, name: &str) -> Result<()> {
    let at = Location::key("levers").at(i).then("name");
    if name.trim().is_empty() {
        return Err(Error::invalid(at, format!("{name:?}"), "a non-blank name"));
    }
    if let Some(j) = names.iter().position(|n| n.as_deref() == Some(name)) {
        return Err(Error::DuplicateId {
            field: at,
            kind: "lever",
            id: name.into(),
            hint: format!(" (levers[{j}] has this name already)"),
        });
    }
    Ok(())
}

impl Scenario {
    /// The same scenario with one more lever at the end, named `name` where given.
    ///
    /// # Errors
    /// A blank name, or the name of one of the scenario's levers already.
    pub fn with_named(mut self, lever: Lever, name: Option<&str>) -> Result<Scenario> {
        if let Some(n) = name {
            check_new(&self.spec.names, self.spec.levers.len(), n)?;
        }
        self.spec.levers.push(lever);
        self.spec.names.push(name.map(Into::into));
        Ok(self)
    }

    /// Lever `i`'s name, where it has one.
    pub fn lever_name(&self, i: usize) -> Option<&str> {
        self.spec.names.get(i)?.as_deref()
    }

    /// Lever `i` in a commissioner's words, after its name where it has one
    /// (`skill mix: substitute 40% of …`).
    pub fn describe_lever(&self, i: usize) -> String {
        let text = self.spec.levers.get(i).map_or_else(String::new, Lever::describe);
        match self.lever_name(i) {
            Some(name) => format!("{name}: {text}"),
            None => text,
        }
    }

    /// The indices of the levers a reinvestment at lever `i` draws on, names resolved: each
    /// must be a lever before `i`.
    ///
    /// # Errors
    /// A name no lever has (the nearest suggested), or a lever that is not before lever `i`
    /// (`from_levers[k]`, relative to the lever).
    pub(crate) fn lever_indices(&self, i: usize, from: &[LeverRef]) -> Result<Vec<usize>> {
        from.iter()
            .enumerate()
            .map(|(k, r)| {
                let field = Location::key("from_levers").at(k);
                let j = match r {
                    LeverRef::Index(j) => *j,
                    LeverRef::Name(n) => self
                        .spec
                        .names
                        .iter()
                        .position(|m| m.as_deref() == Some(n))
                        .ok_or_else(|| {
                            Error::unknown(
                                field.clone(),
                                "lever name",
                                n,
                                self.spec.names.iter().flatten().map(String::as_str),
                            )
                        })?,
                };
                if j >= i {
                    let shown = match r {
                        LeverRef::Index(_) => r.to_string(),
                        LeverRef::Name(_) => format!("{r} (lever {j})"),
                    };
                    return Err(Error::invalid(
                        field,
                        shown,
                        match i {
                            0 => "the index of a lever before this one (there is none: it is the first)".to_string(),
                            _ => format!("the index of a lever before this one (0 to {})", i - 1),
                        },
                    ));
                }
                Ok(j)
            })
            .collect()
    }
}
