//! A slot's name in words: the label a chart or slider shows for an uncertain input, beside
//! the name (`skill mix.levers[0].share`) that files and APIs are keyed by, which stays as
//! it is.

use crate::economy::Economy;
use crate::scenario::label::{plural, words};
use crate::scenario::Scenario;

/// The slot named `name` (as [`super::Plan::names`] gives it) in a commissioner's words:
/// a lever's number is named by its scenario (and the lever's name, where it has one) and
/// what it does ("skill mix: share of specialist dietitian hours moved to health trainer"), a service's or locality's by
/// what it is ("unit cost of health trainer (£ per hour)"). A name none of these has is
/// returned as it is.
///
/// # Examples
/// ```
/// use caretriangle::examples::north_of_tyne;
/// use caretriangle::plan::label;
/// let programme = north_of_tyne().unwrap();
/// let scenarios: Vec<_> = programme.scenarios().iter().collect();
/// let economy = programme.economy();
/// assert_eq!(
///     label(economy, &scenarios, "skill mix.levers[0].share"),
///     "skill mix: share of specialist dietitian hours moved to health trainer"
/// );
/// assert_eq!(
///     label(economy, &scenarios, "health_trainer.unit_cost"),
///     "unit cost of health trainer (£ per hour)"
/// );
/// ```
pub fn label(economy: &Economy, scenarios: &[&Scenario], name: &str) -> String {
    lever_label(economy, scenarios, name)
        .or_else(|| economy_label(economy, name))
        .unwrap_or_else(|| name.to_string())
}

/// `{scenario}.levers[{i}].{field}`: the scenario is found by its whole name, which may
/// itself hold dots or brackets.
fn lever_label(economy: &Economy, scenarios: &[&Scenario], name: &str) -> Option<String> {
    scenarios.iter().find_map(|s| {
        let rest = name.strip_prefix(s.name())?.strip_prefix(".levers[")?;
        let (i, field) = rest.split_once("].")?;
        let i = i.parse::<usize>().ok()?;
        let what = s.levers().get(i)?.label(economy, field);
        // A named lever is told apart from the scenario's others by its name.
        Some(match s.lever_name(i) {
            Some(lever) => format!("{}, {lever}: {what}", s.name()),
            None => format!("{}: {what}", s.name()),
        })
    })
}

/// `{service}.{field}` or `{locality}.{field}`.
fn economy_label(economy: &Economy, name: &str) -> Option<String> {
    let (id, field) = name.rsplit_once('.')?;
    if let Ok(service) = economy.service(id) {
        let (what, unit) = (words(id), service.unit());
        return Some(match field {
            "unit_cost" => format!("unit cost of {what} (£ per {unit})"),
            "activity" => format!("activity of {what} ({} a year)", plural(unit)),
            "allocation" => format!("allocation of {what} (£ a year)"),
            "units_per_person" => format!("{} of {what} per person", plural(unit)),
            _ => return None,
        });
    }
    let locality = economy.locality(id)?.label();
    match field {
        "register" => Some(format!("people on the register in {locality}")),
        "need_weight" => Some(format!("need weight of {locality}")),
        _ => None,
    }
}
