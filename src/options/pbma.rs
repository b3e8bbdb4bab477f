//! Programme budgeting and marginal analysis (PBMA): the wish list of investments, the hit
//! list of disinvestments, and which disinvestments fund which investments.
//!
//! The rule (marginal analysis as Mitton and Donaldson set it out, Priority Setting Toolkit,
//! BMJ Books 2004): rank investments by benefit gained a £ spent, highest first, and
//! disinvestments by benefit lost a £ released, least first; take the investments in turn,
//! each funded by the next disinvestments (whole: an option is adopted or not) until the money
//! released covers its cost; keep the pairing while the benefit it gains exceeds the benefit
//! the disinvestments it takes lose, and stop at the first that does not. Money a
//! disinvestment releases beyond what one investment needs carries over to the next; options
//! in one group of options that exclude each other are never both adopted.

use std::collections::BTreeSet;

use super::{Options, PENNY};
use crate::report::{Kind, Table};

/// One investment funded by disinvestments.
#[derive(Debug, Clone, PartialEq)]
pub struct Pairing {
    /// The investment (an index of [`Options::choices`]).
    pub wish: usize,
    /// The disinvestments newly taken to fund it, in hit-list order (may be none when money
    /// released earlier covers it).
    pub funded_by: Vec<usize>,
    /// What the investment costs (£).
    pub cost: f64,
    /// What the disinvestments taken release (£).
    pub released: f64,
    /// What the investment gains.
    pub gain: f64,
    /// What the disinvestments taken lose (negative where they gain).
    pub loss: f64,
    /// Released money not yet spent after this pairing (£), carried to the next.
    pub unspent: f64,
}

impl Pairing {
    /// Benefit gained less benefit lost.
    pub fn net_gain(&self) -> f64 {
        self.gain - self.loss
    }
}

impl Options {
    /// The investments (options that cost more), best benefit a £ first (ties: order given).
    pub fn wish(&self) -> Vec<usize> {
        let c = &self.choices;
        let mut w: Vec<usize> = (0..c.len()).filter(|&i| c[i].cost >= PENNY).collect();
        w.sort_by(|&a, &b| (c[b].gain / c[b].cost).total_cmp(&(c[a].gain / c[a].cost)));
        w
    }

    /// The disinvestments (options that release money), least benefit lost a £ released first.
    pub fn hit(&self) -> Vec<usize> {
        let c = &self.choices;
        let mut h: Vec<usize> = (0..c.len()).filter(|&i| c[i].cost <= -PENNY).collect();
        // Lost a £ released: (−gain) / (−cost) = gain / cost.
        h.sort_by(|&a, &b| (c[a].gain / c[a].cost).total_cmp(&(c[b].gain / c[b].cost)));
        h
    }

    /// The wish list: `rank`, `cost`, `gain`, `gain_per_pound`, `cost_per_gain`, `group`.
    pub fn wish_list(&self) -> Table {
        let w = self.wish();
        let c = &self.choices;
        self.listed(&w)
            .figure("cost", w.iter().map(|&i| Some(c[i].cost)).collect())
            .shown_as(Kind::Money)
            .figure("gain", w.iter().map(|&i| Some(c[i].gain)).collect())
            .shown_as(Kind::Number)
            .figure(
                "gain_per_pound",
                w.iter().map(|&i| Some(c[i].gain / c[i].cost)).collect(),
            )
            .shown_as(Kind::Number)
            .figure(
                "cost_per_gain",
                w.iter()
                    .map(|&i| (c[i].gain > 0.0).then(|| c[i].cost / c[i].gain))
                    .collect(),
            )
            .shown_as(Kind::Money)
    }

    /// The hit list: `rank`, `released` (£), `loss` (outcome lost; negative where it gains),
    /// `loss_per_pound` (a £ released), `group`.
    pub fn hit_list(&self) -> Table {
        let h = self.hit();
        let c = &self.choices;
        self.listed(&h)
            .figure("released", h.iter().map(|&i| Some(-c[i].cost)).collect())
            .shown_as(Kind::Money)
            .figure("loss", h.iter().map(|&i| Some(-c[i].gain)).collect())
            .shown_as(Kind::Number)
            .figure(
                "loss_per_pound",
                h.iter().map(|&i| Some(c[i].gain / c[i].cost)).collect(),
            )
            .shown_as(Kind::Number)
    }

    fn listed(&self, rows: &[usize]) -> Table {
        let group = |i: usize| {
            self.choices[i]
                .group
                .map(|g| self.groups[g].clone())
                .unwrap_or_default()
        };
        Table::keyed("option", rows.iter().map(|&i| self.choices[i].name.clone()).collect())
            .figure("rank", (1..=rows.len()).map(|r| Some(r as f64)).collect())
            .shown_as(Kind::Count)
            .text("group", rows.iter().map(|&i| group(i)).collect())
    }

    /// The pairings of marginal analysis, by the rule in this module's docs.
    pub fn pairings(&self) -> Vec<Pairing> {
        let c = &self.choices;
        let hits = self.hit();
        let mut adopted: BTreeSet<usize> = BTreeSet::new();
        let in_adopted = |adopted: &BTreeSet<usize>, i: usize| c[i].group.is_some_and(|g| adopted.contains(&g));
        let (mut pool, mut next) = (0.0, 0);
        let mut out = Vec::new();
        for w in self.wish() {
            if in_adopted(&adopted, w) {
                continue;
            }
            let mut groups = adopted.clone();
            groups.extend(c[w].group);
            let (mut money, mut k, mut taken) = (pool, next, Vec::new());
            while money + PENNY < c[w].cost && k < hits.len() {
                let h = hits[k];
                k += 1;
                if in_adopted(&groups, h) {
                    continue; // excluded by an option of its group already adopted
                }
                groups.extend(c[h].group);
                money += -c[h].cost;
                taken.push(h);
            }
            let loss: f64 = taken.iter().map(|&h| -c[h].gain).sum();
            if money + PENNY < c[w].cost || c[w].gain - loss <= 0.0 {
                break;
            }
            let released = taken.iter().map(|&h| -c[h].cost).sum();
            pool = money - c[w].cost;
            next = k;
            adopted = groups;
            out.push(Pairing {
                wish: w,
                funded_by: taken,
                cost: c[w].cost,
                released,
                gain: c[w].gain,
                loss,
                unspent: pool,
            });
        }
        out
    }

    /// The pairings as a table: one row an investment funded, `funded_by` (the disinvestments
    /// newly taken, or money released before), `cost`, `released`, `gain`, `loss`,
    /// `net_gain` and `unspent` (released money carried to the next).
    pub fn pairings_table(&self) -> Table {
        let p = self.pairings();
        let c = &self.choices;
        let by = |x: &Pairing| {
            if x.funded_by.is_empty() {
                "money released before".to_string()
            } else {
                x.funded_by
                    .iter()
                    .map(|&h| c[h].name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        };
        let col = |f: &dyn Fn(&Pairing) -> f64| p.iter().map(|x| Some(f(x))).collect::<Vec<_>>();
        Table::keyed("investment", p.iter().map(|x| c[x.wish].name.clone()).collect())
            .text("funded_by", p.iter().map(by).collect())
            .figure("cost", col(&|x| x.cost))
            .shown_as(Kind::Money)
            .figure("released", col(&|x| x.released))
            .shown_as(Kind::Money)
            .figure("gain", col(&|x| x.gain))
            .shown_as(Kind::Number)
            .figure("loss", col(&|x| x.loss))
            .shown_as(Kind::Number)
            .figure("net_gain", col(&Pairing::net_gain))
            .shown_as(Kind::Number)
            .figure("unspent", col(&|x| x.unspent))
            .shown_as(Kind::Money)
    }
}
