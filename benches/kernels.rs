//! The kernels a run is made of, each alone on the shipped example: compiling the plan (once
//! a run), one iteration of the row-at-a-time model (the reference the column-by-column run
//! is tested against), applying a scenario with its reports, building report tables, and the
//! summaries of one chunk's column (every output of every chunk).

use caretriangle::examples::north_of_tyne;
use caretriangle::montecarlo::{Model, Moments};
use caretriangle::plan::Plan;
use caretriangle::uncertainty::CHUNK;
use caretriangle::{ApplyOptions, Dimension, Scenario};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let programme = north_of_tyne().unwrap();
    let econ = programme.economy();
    let scenarios: Vec<&Scenario> = programme.scenarios().iter().collect();
    let skill_mix = programme.scenario("skill mix").unwrap();

    let mut g = c.benchmark_group("kernels");
    g.bench_function("plan_compile_3_scenarios", |b| {
        b.iter(|| Plan::compile(black_box(econ), &scenarios).unwrap());
    });
    let model = Model::new(econ, &scenarios, vec![]).unwrap();
    let params = model.plan().base().to_vec();
    let mut ws = model.plan().workspace();
    let mut out = vec![0.0; model.width()];
    g.bench_function("one_iteration_row_at_a_time", |b| {
        b.iter(|| model.evaluate(black_box(&params), &mut ws, &mut out).unwrap());
    });
    g.bench_function("apply_skill_mix", |b| {
        b.iter(|| econ.apply(black_box(skill_mix), ApplyOptions::default()).unwrap());
    });
    let applied = econ.apply(skill_mix, ApplyOptions::default()).unwrap();
    g.bench_function("tables_by_service_and_corner", |b| {
        b.iter(|| {
            (
                black_box(&applied).by(Dimension::Service),
                applied.by(Dimension::Corner).with_total(),
                econ.spend_by(Dimension::Locality),
            )
        });
    });
    // A chunk's column of a money output: values spread over a few thousand pounds.
    let column: Vec<f64> = (0..CHUNK)
        .map(|i| 13_342_240.0 + (i as f64 * 0.618).sin() * 2_500.0)
        .collect();
    g.throughput(Throughput::Elements(CHUNK));
    g.bench_function("moments_of_one_chunk_column", |b| {
        b.iter(|| Moments::of_column(black_box(&column)));
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
