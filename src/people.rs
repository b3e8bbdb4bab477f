//! People reached before and after a scenario, by any grouping of services: the figures the
//! reports add beside the money (issue 13: "comparisons show people reached before and after
//! and the extra people for the same money").
//!
//! Only services with units per person count people; a group with none of them has no figure
//! (`None`), not 0, so a report does not claim that a service of hours reached nobody. A person
//! seen by two services counts twice, as in the service table.

use crate::sum;

/// The people of each group: the sum over its services whose people are known.
pub(crate) fn by_group(people: &[Option<f64>], group_of: &[usize], groups: usize) -> Vec<Option<f64>> {
    (0..groups)
        .map(|g| {
            let known: Vec<f64> = people
                .iter()
                .zip(group_of)
                .filter(|(_, k)| **k == g)
                .filter_map(|(p, _)| *p)
                .collect();
            (!known.is_empty()).then(|| sum::total(known.iter().copied()))
        })
        .collect()
}

/// People reached after less before, by group.
pub(crate) fn extra(
    before: &[Option<f64>],
    after: &[Option<f64>],
    group_of: &[usize],
    groups: usize,
) -> Vec<Option<f64>> {
    let change: Vec<Option<f64>> = before
        .iter()
        .zip(after)
        .map(|(b, a)| b.zip(*a).map(|(b, a)| a - b))
        .collect();
    by_group(&change, group_of, groups)
}

/// The summary's rows of people: before, after and the extra people, over every service with
/// units per person.
pub(crate) fn headline(
    before: &[Option<f64>],
    after: &[Option<f64>],
) -> [(&'static str, &'static str, Option<f64>); 3] {
    let all = vec![0; before.len()];
    let b = by_group(before, &all, 1)[0];
    let a = by_group(after, &all, 1)[0];
    [
        ("people_before", "People reached before", b),
        ("people_after", "People reached after", a),
        ("extra_people", "Extra people reached", b.zip(a).map(|(b, a)| a - b)),
    ]
}
