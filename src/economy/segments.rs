//! Population segments: named shares of a register (of the whole economy, or of one
//! locality's) with their own share of the use of event services, such as "the top 7% at risk
//! of unscheduled care account for 45% of non-elective diabetes spells". The `target` lever
//! acts on the people of one segment (see `scenario`).

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::Economy;
use crate::error::{Error, Result};
use crate::ids;
use crate::param::Range;

/// A segment as written in a file (`[[segments]]`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SegmentSpec {
    /// Unique id (`top_7pct_risk`).
    pub id: String,
    /// Name in the commissioner's words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The segment's share of the register (0.07 for the top 7%).
    pub share: f64,
    /// The locality whose register it splits; the whole economy's when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locality: Option<String>,
    /// The segment's share of each event service's activity, by service id (0.45: 45% of the
    /// spells). A service left out cannot be targeted in this segment.
    #[serde(default, rename = "use")]
    pub use_of: BTreeMap<String, f64>,
    /// The condition whose register it splits; the economy's one condition when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
}

/// A register segments split: a locality's (or the economy's, `None`) of one condition (or of
/// the economy's one condition, `None`).
type Register<'a> = (Option<&'a str>, Option<&'a str>);

/// The most a group of shares may add up to over 1, for rounding in a file (0.07 + 0.93).
const SLACK: f64 = 1e-9;

/// Checks the segments against the economy's localities and services: ids unique, shares in
/// 0..1, the segments of one register adding up to at most 1, and, for each service, their
/// shares of its use adding up to at most 1.
///
/// # Errors
/// As listed, each named by its path (`segments[1].use.admissions`).
pub(super) fn check(segments: &mut [SegmentSpec], economy: &Economy) -> Result<()> {
    let mut seen = ids::Seen::default();
    let mut share_of: HashMap<Register, f64> = HashMap::new();
    let mut use_of: HashMap<(Register, &str), f64> = HashMap::new();
    for s in segments.iter_mut() {
        ids::normalise(&mut s.id);
        for r in [&mut s.locality, &mut s.condition].into_iter().flatten() {
            ids::normalise(r);
        }
        s.use_of = std::mem::take(&mut s.use_of)
            .into_iter()
            .map(|(mut k, v)| {
                ids::normalise(&mut k);
                (k, v)
            })
            .collect();
    }
    for (i, s) in segments.iter().enumerate() {
        let at = format!("segments[{i}]");
        ids::check(format!("{at}.id"), &s.id)?;
        seen.insert(format!("{at}.id"), "segment", &s.id)?;
        Range::Share.check(format!("{at}.share"), s.share)?;
        let home = s.locality.as_deref();
        if let Some(l) = home {
            if economy.locality(l).is_none() {
                return Err(Error::unknown(
                    format!("{at}.locality"),
                    "locality",
                    l,
                    economy.localities().iter().map(|l| l.id.as_str()),
                ));
            }
        }
        let condition = s.condition.as_deref();
        if let Some(c) = condition {
            if !economy.conditions().iter().any(|x| x.id == c) {
                return Err(Error::unknown(
                    format!("{at}.condition"),
                    "condition",
                    c,
                    economy.conditions().iter().map(|x| x.id.as_str()),
                ));
            }
        }
        let total = share_of.entry((home, condition)).or_default();
        *total += s.share;
        if *total > 1.0 + SLACK {
            return Err(Error::invalid(
                format!("{at}.share"),
                format!(
                    "{} (the segments of {} then add up to {total})",
                    s.share,
                    register(home)
                ),
                "segments of one register whose shares add up to at most 1",
            ));
        }
        for (service, u) in &s.use_of {
            let field = format!("{at}.use.{service}");
            let k = economy.service_index(service, &field)?;
            Range::Share.check(&field, *u)?;
            if let (Some(l), Some(sl)) = (home, economy.services()[k].locality()) {
                if l != sl {
                    return Err(Error::invalid(
                        field,
                        format!("{service:?}"),
                        format!("a service of locality `{l}`, whose register the segment splits (it serves `{sl}`)"),
                    ));
                }
            }
            let serves = economy.services()[k].conditions();
            if let (Some(c), false) = (condition, serves.is_empty()) {
                if !serves.iter().any(|x| x == c) {
                    return Err(Error::invalid(
                        field,
                        format!("{service:?}"),
                        format!("a service of condition `{c}`, whose register the segment splits"),
                    ));
                }
            }
            let total = use_of
                .entry(((home, condition), economy.services()[k].id()))
                .or_default();
            *total += u;
            if *total > 1.0 + SLACK {
                return Err(Error::invalid(
                    field,
                    format!("{u} (the segments of {} then take {total} of its use)", register(home)),
                    "shares of a service's use that add up to at most 1 over the segments of one register",
                ));
            }
        }
    }
    Ok(())
}

fn register(locality: Option<&str>) -> String {
    locality.map_or_else(|| "the economy's register".into(), |l| format!("`{l}`'s register"))
}

impl Economy {
    /// The segments, in file order.
    pub fn segments(&self) -> &[SegmentSpec] {
        &self.spec.segments
    }

    /// The segment with this id, or an error naming `field` and suggesting the nearest.
    ///
    /// # Errors
    /// An id no segment has.
    pub fn segment(&self, id: &str, field: &str) -> Result<&SegmentSpec> {
        let id = ids::normal(id);
        self.spec
            .segments
            .iter()
            .find(|s| s.id == id)
            .ok_or_else(|| Error::unknown(field, "segment", &id, self.spec.segments.iter().map(|s| s.id.as_str())))
    }
}
