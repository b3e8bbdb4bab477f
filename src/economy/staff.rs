//! Staff groups: the hours a year each kind of staff has (`[[staff_groups]]`), and the minutes
//! a unit of each service takes of them (a service's `staff_minutes`). The optimiser
//! (`crate::optimise`) holds the minutes its plan needs within the hours; moving dietitian work to health trainers is a task
//! shift from one group's hours to another's.

use serde::{Deserialize, Serialize};

use super::Economy;
use crate::error::{Error, Location, Result};
use crate::ids;
use crate::param::Range;
use crate::service::ServiceSpec;

/// A kind of staff and the hours it has a year, as written in a file (`[[staff_groups]]`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StaffGroupSpec {
    /// Unique id (`practice_nurse`).
    pub id: String,
    /// Name in the commissioner's words; the id when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Hours available a year.
    pub hours: f64,
}

impl StaffGroupSpec {
    /// Name in the commissioner's words (the id when none was given).
    pub fn label(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.id)
    }
}

/// Checks the staff groups and the services' staff minutes: ids unique, hours and minutes
/// finite and `>= 0`, every group a service names declared. Ids are put in one Unicode form.
pub(crate) fn check(groups: &mut [StaffGroupSpec], services: &mut [ServiceSpec]) -> Result<()> {
    let mut seen = ids::Seen::default();
    for (i, g) in groups.iter_mut().enumerate() {
        let at = Location::key("staff_groups").at(i);
        ids::normalise(&mut g.id);
        ids::check(at.clone().then("id"), &g.id)?;
        seen.insert(at.clone().then("id"), "staff group", &g.id)?;
        Range::NonNegative.check(at.then("hours"), g.hours)?;
    }
    let known: Vec<String> = groups.iter().map(|g| g.id.clone()).collect();
    for (i, s) in services.iter_mut().enumerate() {
        let at = Location::key("services").at(i).then("staff_minutes");
        s.staff_minutes = std::mem::take(&mut s.staff_minutes)
            .into_iter()
            .map(|(mut k, v)| {
                ids::normalise(&mut k);
                (k, v)
            })
            .collect();
        for (id, &minutes) in &s.staff_minutes {
            if !known.contains(id) {
                return Err(Error::unknown(at, "staff group", id, known.iter().map(String::as_str)));
            }
            Range::NonNegative.check(at.clone().then(id.as_str()), minutes)?;
        }
    }
    Ok(())
}

impl Economy {
    /// The position of a staff group, or an error naming `field` and suggesting a near id.
    ///
    /// # Errors
    /// An id no declared staff group has.
    pub fn staff_group_index(&self, id: &str, field: &str) -> Result<usize> {
        let id = ids::normal(id);
        self.staff_groups().iter().position(|g| g.id == id).ok_or_else(|| {
            Error::unknown(
                field,
                "staff group",
                &id,
                self.staff_groups().iter().map(|g| g.id.as_str()),
            )
        })
    }
}
