//! Scenario arithmetic, worked by hand on the fixture economy (see `common::fixture_spec`):
//!
//! dietitian 2,000 h × £21.25 = 42,500 (clinical); gp_care_planning 1,000 × £40 = 40,000 and
//! structured_education 100 × £200 = 20,000 (nhs); health_trainer_north 1,000 h × £11.45 =
//! 11,450, health_trainer_south 400 h × £11.45 = 4,580, peer_support allocation 5,000 at £25
//! (community). Total 123,530; envelope 130,000.

#[path = "../common/mod.rs"]
mod common;

mod baseline;
mod cluster_need;
mod clusters;
mod commission;
mod envelope;
mod levers;
mod per_person;
mod reinvest;
mod reinvest_condition;
mod released;
mod released_named;
mod reports;
mod segments;

use caretriangle::{ApplyOptions, Comparison, Corner, Economy, Lever, MoneySource, ReinvestBy, Scenario};
use common::{close, fixture};
// The corners by the short names the modules' expected flows use.
use Corner::{Clinical, CommunitySelfManagement as Community, NhsSelfManagement as Nhs};

const DIETITIAN: usize = 0;
const GP: usize = 1;
const EDUCATION: usize = 2;
const NORTH: usize = 3;
const SOUTH: usize = 4;
const PEER: usize = 5;

fn run(economy: &Economy, levers: Vec<Lever>) -> Comparison {
    let scenario = levers
        .into_iter()
        .fold(Scenario::new("test").unwrap(), caretriangle::Scenario::with);
    economy.apply(&scenario, ApplyOptions::default()).unwrap()
}

fn skill_mix() -> Lever {
    Lever::substitute("dietitian", "health_trainer_north", 0.4, 1.0).unwrap()
}

fn reinvest(amount: f64, by: ReinvestBy, source: MoneySource) -> Lever {
    Lever::reinvest(amount, &["health_trainer_north", "health_trainer_south"], by, source).unwrap()
}

/// Every flow between corners, as (from, to, £).
fn all_flows(c: &Comparison) -> Vec<(Corner, Corner, f64)> {
    let mut out = Vec::new();
    for a in Corner::ALL {
        for b in Corner::ALL {
            out.push((a, b, c.flow(a, b)));
        }
    }
    out
}

/// Asserts that every flow is 0 except those listed.
#[track_caller]
fn flows_are(c: &Comparison, expected: &[(Corner, Corner, f64)]) {
    for (a, b, got) in all_flows(c) {
        let want = expected
            .iter()
            .find(|(x, y, _)| *x == a && *y == b)
            .map_or(0.0, |e| e.2);
        close(got, want, 1e-6);
    }
}

/// The ledger identity every scenario keeps.
#[track_caller]
fn conserves(c: &Comparison) {
    close(
        c.total_after() - c.total_before(),
        c.new_money() + c.reinvested() - c.released(),
        1e-6,
    );
}

/// Substitute (releasing 7,840) then reinvest 6,000 of it in the two trainer services.
fn reinvested(by: ReinvestBy) -> Comparison {
    run(
        &fixture(),
        vec![skill_mix(), reinvest(6000.0, by, MoneySource::Released)],
    )
}
