//! The linear programme handed to the solver, microlp (pure Rust: simplex for LPs, branch and
//! bound for 0/1 choices), and the shadow prices of its constraints.
//!
//! microlp gives the optimum but not the dual values, so they are read from the optimum by
//! complementary slackness: a constraint with slack has price 0; a variable strictly inside
//! its bounds has reduced cost 0 (Σᵢ aᵢⱼ yᵢ = cⱼ), one at its upper bound ≤ and one at its
//! lower bound ≥. That is a small LP in the prices of the binding constraints alone (20
//! unknowns for 10,000 services), solved exactly by the same simplex; should it fail (a
//! degenerate optimum misread), the whole dual LP is solved instead.

use microlp::{ComparisonOp, OptimizationDirection, Problem, SolveOptions, TerminationReason, Variable};

use super::model::Op;
use crate::error::{Error, Result};

/// Σ coefs `op` rhs.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LpRow {
    pub coefs: Vec<(usize, f64)>,
    pub op: Op,
    pub rhs: f64,
}

/// Maximise objective · x subject to the rows and lower ≤ x ≤ upper (upper may be ∞); with
/// `binary`, every x is 0 or 1, and the search may stop once its plan is proven within `gap`
/// (a share of the objective) of the best.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Lp {
    pub objective: Vec<f64>,
    pub lower: Vec<f64>,
    pub upper: Vec<f64>,
    pub binary: bool,
    pub gap: f64,
    pub rows: Vec<LpRow>,
}

/// How a solve ended: the plan, and how far short of the best it may be (0: proven best).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Solved {
    Optimal(Vec<f64>, f64),
    Infeasible,
    Unbounded,
}

fn op(o: Op) -> ComparisonOp {
    match o {
        Op::AtMost => ComparisonOp::Le,
        Op::AtLeast => ComparisonOp::Ge,
    }
}

fn failed(e: &microlp::Error) -> Error {
    Error::SolverFailed { message: e.to_string() }
}

impl Lp {
    /// Solves with the rows `keep` says to keep (all, for the optimum; fewer, to explain an
    /// infeasible one) and the objective times `weight` (0 asks only whether a plan exists).
    pub(crate) fn solve_with(&self, keep: &[bool], weight: f64) -> Result<Solved> {
        let mut p = Problem::new(OptimizationDirection::Maximize);
        let vars: Vec<Variable> = (0..self.objective.len())
            .map(|j| {
                let c = self.objective[j] * weight;
                if self.binary {
                    p.add_binary_var(c)
                } else {
                    p.add_var(c, (self.lower[j], self.upper[j]))
                }
            })
            .collect();
        for (row, _) in self.rows.iter().zip(keep).filter(|(_, k)| **k) {
            let coefs: Vec<(Variable, f64)> = row.coefs.iter().map(|&(j, a)| (vars[j], a)).collect();
            p.add_constraint(coefs.as_slice(), op(row.op), row.rhs);
        }
        let mut options = SolveOptions::default();
        options.mip_gap = if self.binary { self.gap } else { 0.0 };
        match p.solve_with(options) {
            Ok(outcome) => match outcome.into_solution() {
                Ok(s) => {
                    // The gap the search proved, from its best bound on the objective: 0
                    // unless it stopped at the gap asked for.
                    let gap = match (s.termination_reason(), s.stats().best_bound) {
                        (TerminationReason::MipGap, Some(bound)) => {
                            (bound - s.objective()).max(0.0) / s.objective().abs().max(f64::MIN_POSITIVE)
                        }
                        (TerminationReason::MipGap, None) => self.gap,
                        _ => 0.0,
                    };
                    let x = vars.iter().map(|&v| s.var_value(v));
                    let x = if self.binary {
                        x.map(f64::round).collect()
                    } else {
                        x.collect()
                    };
                    Ok(Solved::Optimal(x, gap))
                }
                Err(_) => Err(Error::SolverFailed {
                    message: "stopped before it found a plan".into(),
                }),
            },
            Err(microlp::Error::Infeasible) => Ok(Solved::Infeasible),
            Err(microlp::Error::Unbounded) => Ok(Solved::Unbounded),
            Err(e) => Err(failed(&e)),
        }
    }

    /// Σ coefs · x of a row.
    pub(crate) fn lhs(row: &LpRow, x: &[f64]) -> f64 {
        crate::sum::total(row.coefs.iter().map(|&(j, a)| a * x[j]))
    }

    /// Whether a row holds with no slack at `x`, to the solver's tolerance.
    pub(crate) fn binds(row: &LpRow, x: &[f64]) -> bool {
        (Self::lhs(row, x) - row.rhs).abs() <= 1e-7 * row.rhs.abs().max(1.0)
    }

    /// The shadow price of each row at the optimum `x`: how much the objective gains for one
    /// more unit of the row's limit (0 for a row with slack). For a continuous LP only.
    pub(crate) fn shadow_prices(&self, x: &[f64]) -> Result<Vec<f64>> {
        let binding: Vec<usize> = (0..self.rows.len())
            .filter(|&i| Self::binds(&self.rows[i], x))
            .collect();
        let mut prices = vec![0.0; self.rows.len()];
        if binding.is_empty() {
            return Ok(prices);
        }
        match self.prices_of(&binding, x)? {
            Some(y) => binding.iter().zip(y).for_each(|(&i, v)| prices[i] = v),
            None => prices = self.full_dual()?,
        }
        Ok(prices)
    }

    fn sign_bounds(o: Op) -> (f64, f64) {
        match o {
            Op::AtMost => (0.0, f64::INFINITY),
            Op::AtLeast => (f64::NEG_INFINITY, 0.0),
        }
    }

    /// The prices of the `binding` rows from complementary slackness; `None` when that system
    /// has no solution (an optimum read wrongly as to which bounds hold).
    fn prices_of(&self, binding: &[usize], x: &[f64]) -> Result<Option<Vec<f64>>> {
        let n = self.objective.len();
        let mut columns: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
        for (k, &i) in binding.iter().enumerate() {
            for &(j, a) in &self.rows[i].coefs {
                columns[j].push((k, a));
            }
        }
        let mut p = Problem::new(OptimizationDirection::Minimize);
        let y: Vec<Variable> = binding
            .iter()
            .map(|&i| p.add_var(0.0, Self::sign_bounds(self.rows[i].op)))
            .collect();
        for j in 0..n {
            let (lo, hi) = (self.lower[j], self.upper[j]);
            let near = |b: f64| (x[j] - b).abs() <= 1e-9 * b.abs().max(1.0);
            let cmp = match (near(lo), hi.is_finite() && near(hi)) {
                (true, true) => continue,
                (false, false) => ComparisonOp::Eq,
                (true, false) => ComparisonOp::Ge,
                (false, true) => ComparisonOp::Le,
            };
            let coefs: Vec<(Variable, f64)> = columns[j].iter().map(|&(k, a)| (y[k], a)).collect();
            p.add_constraint(coefs.as_slice(), cmp, self.objective[j]);
        }
        match p.solve() {
            Ok(o) => Ok(o
                .into_solution()
                .ok()
                .map(|s| y.iter().map(|&v| s.var_value(v)).collect())),
            Err(microlp::Error::Infeasible) => Ok(None),
            Err(e) => Err(failed(&e)),
        }
    }

    /// Every row's price from the whole dual LP: minimise Σ bᵢyᵢ + Σ uⱼwⱼ − Σ lⱼvⱼ subject to
    /// Σᵢ aᵢⱼ yᵢ + wⱼ − vⱼ = cⱼ, yᵢ ≥ 0 on an at-most row and ≤ 0 on an at-least row.
    fn full_dual(&self) -> Result<Vec<f64>> {
        let n = self.objective.len();
        let mut p = Problem::new(OptimizationDirection::Minimize);
        let y: Vec<Variable> = self
            .rows
            .iter()
            .map(|r| p.add_var(r.rhs, Self::sign_bounds(r.op)))
            .collect();
        let mut columns: Vec<Vec<(Variable, f64)>> = vec![Vec::new(); n];
        for (row, &yi) in self.rows.iter().zip(&y) {
            for &(j, a) in &row.coefs {
                columns[j].push((yi, a));
            }
        }
        for (j, mut coefs) in columns.into_iter().enumerate() {
            if self.upper[j].is_finite() {
                coefs.push((p.add_var(self.upper[j], (0.0, f64::INFINITY)), 1.0));
            }
            coefs.push((p.add_var(-self.lower[j], (0.0, f64::INFINITY)), -1.0));
            p.add_constraint(coefs.as_slice(), ComparisonOp::Eq, self.objective[j]);
        }
        let s = p.solve().and_then(|o| {
            o.into_solution()
                .map_err(|_| microlp::Error::InternalError("interrupted".into()))
        });
        let s = s.map_err(|e| failed(&e))?;
        Ok(y.iter().map(|&v| s.var_value(v)).collect())
    }
}
