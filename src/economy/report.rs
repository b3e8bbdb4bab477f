//! The economy's reports: spend by corner, commissioner, provider, locality, cluster or
//! service, each corner's budget line against its spend, and warnings about the baseline.

use std::collections::{BTreeSet, HashMap};

use super::{Dimension, Economy, Groups, NO_CLUSTER, NO_CONDITION, NO_LOCALITY};
use crate::report::{sum_by_group, Table};
use crate::service::Service;
use crate::triangle::{Corner, ProviderType};

impl Economy {
    /// The groups services fall into along `dim`, in report order.
    pub(crate) fn groups(&self, dim: Dimension) -> Groups {
        let mut keys: Vec<String> = Vec::new();
        let mut labels: Vec<String> = Vec::new();
        let mut at: HashMap<String, usize> = HashMap::new();
        let mut add = |key: String, label: String| -> usize {
            *at.entry(key.clone()).or_insert_with(|| {
                keys.push(key);
                labels.push(label);
                keys.len() - 1
            })
        };
        // Fixed rows first, so that reports always show every corner and every locality.
        match dim {
            Dimension::Corner => Corner::ALL.iter().for_each(|c| {
                add(c.id().into(), c.label().into());
            }),
            Dimension::Commissioner => Corner::ALL.iter().for_each(|c| {
                let n = self.commissioners.of(*c).to_string();
                add(n.clone(), n);
            }),
            Dimension::Locality => self.spec.localities.iter().for_each(|l| {
                add(l.id.clone(), l.label().into());
            }),
            Dimension::Cluster => self.spec.localities.iter().flat_map(|l| &l.clusters).for_each(|c| {
                add(c.id.clone(), c.name.clone().unwrap_or_else(|| c.id.clone()));
            }),
            Dimension::Condition => self.spec.conditions.iter().for_each(|c| {
                add(c.id.clone(), c.name.clone().unwrap_or_else(|| c.id.clone()));
            }),
            Dimension::Provider | Dimension::Service => {}
        }
        let mut of_service = Vec::with_capacity(self.services.len());
        let providers: BTreeSet<ProviderType> = self.services.iter().map(Service::provider).collect();
        if dim == Dimension::Provider {
            for p in &providers {
                add(p.id().into(), p.label().into());
            }
        }
        for s in &self.services {
            let g = match dim {
                Dimension::Corner => s.corner().index(),
                Dimension::Commissioner => {
                    let n = self.commissioner_of(s).to_string();
                    add(n.clone(), n)
                }
                Dimension::Provider => add(s.provider().id().into(), String::new()),
                Dimension::Locality => match s.locality() {
                    Some(l) => add(l.into(), String::new()),
                    None => add(NO_LOCALITY.into(), "Economy-wide services".into()),
                },
                Dimension::Cluster => match s.cluster() {
                    Some(c) => add(c.into(), String::new()),
                    None => add(NO_CLUSTER.into(), "Not assigned to a cluster".into()),
                },
                Dimension::Service => add(s.id().into(), s.name().into()),
                // A service of several conditions is a group of its own (`copd+diabetes`), so
                // that each pound is counted once.
                Dimension::Condition => match s.conditions() {
                    [] => add(NO_CONDITION.into(), "Not assigned to a condition".into()),
                    [one] => add(one.clone(), String::new()),
                    many => add(many.join("+"), format!("Serves {}", many.join(" and "))),
                },
            };
            of_service.push(g);
        }
        Groups {
            keys,
            labels,
            of_service,
        }
    }

    /// Spend and share of the envelope along `dim`: one row a group, with columns `name`,
    /// `spend`, `share_of_envelope` and `share_of_spend` (and, by service, unit, unit cost,
    /// activity, people reached and cost per person reached).
    pub fn spend_by(&self, dim: Dimension) -> Table {
        let spend: Vec<f64> = self.services.iter().map(Service::spend).collect();
        let g = self.groups(dim);
        let by = sum_by_group(&spend, &g.of_service, g.keys.len());
        let total = crate::sum::total(spend.iter().copied());
        let envelope = self.envelope();
        let share = |v: &f64, of: f64| if of > 0.0 { v / of } else { 0.0 };
        let mut t = Table::keyed(dim.id(), g.keys).text("name", g.labels);
        if dim == Dimension::Service {
            t = t
                .text("corner", self.services.iter().map(|s| s.corner().id().into()).collect())
                .text(
                    "commissioner",
                    self.services.iter().map(|s| self.commissioner_of(s).into()).collect(),
                )
                .text(
                    "provider",
                    self.services.iter().map(|s| s.provider().id().into()).collect(),
                )
                .text(
                    "locality",
                    self.services
                        .iter()
                        .map(|s| s.locality().unwrap_or("").into())
                        .collect(),
                )
                .text("unit", self.services.iter().map(|s| s.unit().into()).collect())
                .figure("unit_cost", self.services.iter().map(|s| Some(s.unit_cost())).collect())
                .figure("activity", self.services.iter().map(|s| Some(s.activity())).collect());
        }
        if dim == Dimension::Service && !self.spec.uprating.is_none() {
            // Where each unit cost came from: the year it was priced in and the factor that
            // took it to the economy's (1 for a service already there).
            let price_year = self
                .uprated
                .iter()
                .map(|u| u.as_ref().map_or(self.price_year, |u| u.from));
            t = t
                .text("price_year", price_year.map(|y| y.to_string()).collect())
                .figure(
                    "uprating_factor",
                    self.uprated
                        .iter()
                        .map(|u| Some(u.as_ref().map_or(1.0, |u| u.factor)))
                        .collect(),
                )
                .shown_as(crate::report::Kind::Number);
        }
        t = t
            .sum("spend", by.clone())
            .sum("share_of_envelope", by.iter().map(|v| share(v, envelope)).collect())
            .sum("share_of_spend", by.iter().map(|v| share(v, total)).collect());
        if dim == Dimension::Service {
            t = t
                .figure(
                    "people_reached",
                    self.services.iter().map(Service::people_reached).collect(),
                )
                .figure(
                    "cost_per_person",
                    self.services
                        .iter()
                        .map(|s| s.people_reached().filter(|p| *p > 0.0).map(|p| s.spend() / p))
                        .collect(),
                );
        }
        t
    }

    /// Each corner's planned budget line against what its services spend: columns `budget`,
    /// `spend` and `variance` (spend − budget; positive is over plan).
    pub fn budget_check(&self) -> Table {
        let spend = self.spend_by(Dimension::Corner);
        let mut budget = Vec::new();
        let mut variance = Vec::new();
        for c in Corner::ALL {
            let line = self.budget_line(c);
            budget.push(line);
            variance.push(line.map(|b| spend.get(c.id(), "spend").unwrap_or(0.0) - b));
        }
        Table::keyed("corner", Corner::ALL.map(|c| c.id().to_string()).to_vec())
            .text("name", Corner::ALL.map(|c| c.label().to_string()).to_vec())
            .figure("budget", budget)
            .figure("spend", Corner::ALL.map(|c| spend.get(c.id(), "spend")).to_vec())
            .figure("variance", variance)
    }

    /// Warnings a commissioner should see about the baseline: services over capacity, corners
    /// with nothing commissioned, corners over their budget line, spend over the envelope.
    pub fn warnings(&self) -> Vec<String> {
        let mut out = Vec::new();
        let spend = self.spend_by(Dimension::Corner);
        for c in Corner::ALL {
            let s = spend.get(c.id(), "spend").unwrap_or(0.0);
            if s == 0.0 {
                out.push(format!("nothing is commissioned in the {} corner", c.id()));
            }
            if let Some(b) = self.budget_line(c) {
                if s > b + 0.005 {
                    out.push(format!(
                        "{} spends £{s:.2}, over its budget line of £{b:.2} by £{:.2}",
                        c.id(),
                        s - b
                    ));
                }
            }
        }
        out.extend(capacity_warnings(&self.services, |i| self.services[i].activity()));
        if self.headroom() < -0.005 {
            out.push(format!(
                "spend of £{:.2} is over the envelope of £{:.2} by £{:.2}",
                self.total_spend(),
                self.envelope(),
                -self.headroom()
            ));
        }
        out
    }
}

/// A unit in the plural, for warnings: `hours`, `people`, `spells`.
fn plural(unit: &str) -> String {
    match unit {
        "person" => "people".into(),
        u if u.ends_with('s') => u.into(),
        u => format!("{u}s"),
    }
}

/// One warning a service whose activity is over its capacity.
pub(crate) fn capacity_warnings(services: &[Service], activity: impl Fn(usize) -> f64) -> Vec<String> {
    services
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            let a = activity(i);
            let cap = s.capacity()?;
            (a > cap * (1.0 + 1e-12)).then(|| {
                format!(
                    "{} needs {a:.1} {} a year, over its capacity of {cap:.1}",
                    s.id(),
                    plural(s.unit())
                )
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::plural;

    #[test]
    fn units_read_as_plurals_in_warnings() {
        assert_eq!(plural("hour"), "hours");
        assert_eq!(plural("person"), "people");
        assert_eq!(plural("attendances"), "attendances");
    }
}
