//! The optimiser at the sizes the issue asks for: 10,000 services with 20 constraints (the
//! envelope, three corner minimums and 16 staff groups), continuous, with shadow prices; and
//! 200 options chosen 0/1 under 20 constraints (the envelope, 9 staff groups and 10 pairs of
//! options that exclude each other). Figures are made up by a fixed sequence, not sourced.

use caretriangle::optimise::OptimiseSpec;
use caretriangle::optimise::StaffGroupSpec;
use caretriangle::outcomes::OutcomeSpec;
use caretriangle::{Corner, Economy, EconomySpec, Lever, MoneySource, ProviderType, Scenario, ServiceSpec};
use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;

/// A fixed sequence in [0, 1) (a linear congruential generator: the figures need only vary).
fn sequence(seed: u64) -> impl FnMut() -> f64 {
    let mut s = seed;
    move || {
        s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (s >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn economy(services: usize, groups: usize, seed: u64) -> Economy {
    let mut next = sequence(seed);
    let corners = [
        Corner::Clinical,
        Corner::NhsSelfManagement,
        Corner::CommunitySelfManagement,
    ];
    let staff_groups: Vec<StaffGroupSpec> = (0..groups)
        .map(|g| StaffGroupSpec {
            id: format!("group_{g}"),
            name: None,
            hours: 3.0 * services as f64,
        })
        .collect();
    let services: Vec<ServiceSpec> = (0..services)
        .map(|i| ServiceSpec {
            id: format!("service_{i}"),
            corner: Some(corners[i % 3]),
            provider: Some(ProviderType::GeneralPractice),
            unit: "contact".into(),
            unit_cost: (20.0 + 80.0 * next()).into(),
            activity: Some((50.0 * next()).into()),
            capacity: Some(100.0 + 100.0 * next()),
            outcomes_per_unit: [("qalys".to_string(), (0.01 * next()).into())].into(),
            staff_minutes: (0..groups)
                .filter(|g| (i + g) % 3 == 0)
                .map(|g| (format!("group_{g}"), 30.0 * next()))
                .collect(),
            ..Default::default()
        })
        .collect();
    Economy::new(EconomySpec {
        name: "bench".into(),
        envelope: 4000.0 * services.len() as f64,
        price_year: Some("2023/24".parse().unwrap()),
        outcomes: vec![OutcomeSpec {
            id: "qalys".into(),
            ..Default::default()
        }],
        services,
        staff_groups,
        ..Default::default()
    })
    .unwrap()
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("optimise");
    g.sample_size(10);

    let large = economy(10_000, 16, 1);
    let spec = OptimiseSpec {
        objective: Some("qalys".into()),
        corner_minimum: Corner::ALL.iter().map(|c| (c.id().to_string(), 500_000.0)).collect(),
        ..Default::default()
    };
    g.bench_function("lp_10000_services_20_constraints", |b| {
        b.iter(|| large.optimise(black_box(&spec), &[]).unwrap());
    });

    let small = economy(400, 9, 2);
    let mut next = sequence(3);
    let options: Vec<Scenario> = (0..200)
        .map(|k| {
            let lever = Lever::Commission {
                service: format!("service_{}", 2 * k),
                people: None,
                units: Some((100.0 + 400.0 * next()).into()),
                source: MoneySource::New,
            };
            Scenario::new(&format!("option {k}")).unwrap().with(lever)
        })
        .collect();
    let spec = OptimiseSpec {
        objective: Some("qalys".into()),
        exclusive: (0..10)
            .map(|k| vec![format!("option {}", 2 * k), format!("option {}", 2 * k + 1)])
            .collect(),
        ..Default::default()
    };
    g.bench_function("milp_200_options_20_constraints", |b| {
        b.iter(|| small.optimise(black_box(&spec), &options).unwrap());
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
