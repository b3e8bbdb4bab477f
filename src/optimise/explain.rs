//! Why there is no optimum: the constraints that conflict, or the service that grows without
//! limit. Never a silent empty plan.
//!
//! A conflicting set is found by the deletion filter (Chinneck and Dravnieks, ORSA Journal on
//! Computing 3(2), 1991): drop each constraint in turn and keep it dropped while the rest still
//! admit no plan. What is left conflicts, and dropping any one of it would let a plan exist.

use super::model::{Op, Row};
use super::solve::{Lp, Solved};
use super::words;
use crate::error::{Error, Result};

/// Something that can be dropped while looking for the conflict: a row, the floor (each
/// service's lower bound) or the capacities (the upper bounds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Item {
    Row(usize),
    Floor,
    Capacity,
}

fn feasible(lp: &Lp, items: &[Item]) -> Result<bool> {
    let mut relaxed = lp.clone();
    if !items.contains(&Item::Floor) {
        relaxed.lower.iter_mut().for_each(|l| *l = l.min(0.0));
    }
    if !items.contains(&Item::Capacity) {
        relaxed.upper.iter_mut().for_each(|u| *u = f64::INFINITY);
    }
    let keep: Vec<bool> = (0..lp.rows.len()).map(|i| items.contains(&Item::Row(i))).collect();
    Ok(!matches!(relaxed.solve_with(&keep, 0.0)?, Solved::Infeasible))
}

/// The error for an LP with no plan: the smallest set of constraints found that conflict, in
/// words ("the community self management corner minimum of £12,000 and the envelope of
/// £10,000 cannot both hold").
pub(crate) fn infeasible(lp: &Lp, rows: &[Row], floor: &str) -> Result<Error> {
    let mut items: Vec<Item> = (0..rows.len()).map(Item::Row).collect();
    if lp.lower.iter().any(|&l| l > 0.0) {
        items.push(Item::Floor);
    }
    if lp.upper.iter().any(|u| u.is_finite()) && !lp.binary {
        items.push(Item::Capacity);
    }
    let mut k = 0;
    while k < items.len() {
        let mut without = items.clone();
        without.remove(k);
        if feasible(lp, &without)? {
            k += 1;
        } else {
            items = without;
        }
    }
    let conflict = items
        .iter()
        .map(|item| match item {
            Item::Row(i) => words::constraint(&rows[*i]),
            Item::Floor => floor.to_string(),
            Item::Capacity => "the services' capacities".to_string(),
        })
        .collect();
    Ok(Error::Infeasible { conflict })
}

/// Services whose activity nothing limits while the objective gains from it: no capacity, and
/// no constraint it pushes against (an at-most row where it counts positive, an at-least row
/// where it counts negative).
pub(crate) fn unbounded(lp: &Lp, names: &[String]) -> Vec<String> {
    let mut limited = vec![false; lp.objective.len()];
    for row in &lp.rows {
        for &(j, a) in &row.coefs {
            if (row.op == Op::AtMost && a > 0.0) || (row.op == Op::AtLeast && a < 0.0) {
                limited[j] = true;
            }
        }
    }
    (0..lp.objective.len())
        .filter(|&j| lp.objective[j] > 0.0 && lp.upper[j].is_infinite() && !limited[j])
        .map(|j| names[j].clone())
        .collect()
}
