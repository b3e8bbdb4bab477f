//! Where a random reinvestment puts its money: the services it goes into (as the plan names
//! them, or one a whole locality, or one a cluster of a locality), the place each is weighed
//! by, and the condition whose registers spread the money.

use caretriangle::{Economy, Lever, ReinvestBy};

/// The services a reinvestment goes into, sorted: by `spread` (see `levers::spread`) the services
/// `into` names (modulo the services), or the first service of each whole locality, or the
/// first of each cluster of one locality (the `into[0]`th, modulo those with two clusters
/// served); as `into` says where the economy has no such services.
pub fn targets(economy: &Economy, into: &[usize], spread: usize) -> Vec<String> {
    let services = economy.services();
    let first = |l: &str, c: Option<&str>| {
        services
            .iter()
            .find(|s| s.locality() == Some(l) && s.cluster() == c)
            .map(|s| s.id().to_string())
    };
    let mut ids: Vec<String> = match spread {
        2 => economy.localities().iter().filter_map(|l| first(&l.id, None)).collect(),
        3 => {
            let per_cluster: Vec<Vec<String>> = economy
                .localities()
                .iter()
                .map(|l| l.clusters.iter().filter_map(|c| first(&l.id, Some(&c.id))).collect())
                .filter(|ids: &Vec<String>| ids.len() > 1)
                .collect();
            per_cluster
                .get(into[0] % per_cluster.len().max(1))
                .cloned()
                .unwrap_or_default()
        }
        _ => vec![],
    };
    if ids.len() < 2 {
        ids = into
            .iter()
            .map(|i| services[i % services.len()].id().to_string())
            .collect();
    }
    ids.sort();
    ids.dedup();
    ids
}

/// Where a reinvestment into `ids` places service `id`: its cluster where another of `ids`
/// serves the same locality, else its locality (the key of a weight by place).
pub fn place(economy: &Economy, ids: &[String], id: &str) -> Option<String> {
    let s = economy.service(id).ok()?;
    let loc = s.locality()?;
    let shared = ids
        .iter()
        .filter(|o| economy.service(o).ok().and_then(|o| o.locality()) == Some(loc))
        .count()
        > 1;
    Some(match (shared, s.cluster()) {
        (true, Some(c)) => c.to_string(),
        _ => loc.to_string(),
    })
}

/// The reinvestment `lever` by condition `condition` (modulo the economy's conditions), where
/// it has any and the lever spreads by register or need.
pub fn by_condition(economy: &Economy, lever: Lever, condition: Option<usize>, by: &ReinvestBy) -> Lever {
    let n = economy.conditions().len();
    match condition {
        Some(c) if n > 0 && matches!(by, ReinvestBy::Register | ReinvestBy::Need) => {
            let id = economy.conditions()[c % n].id.clone();
            lever.by_condition(&id).unwrap()
        }
        _ => lever,
    }
}
