//! Monte Carlo throughput on the shipped example and its ten uncertain inputs, on one and two
//! threads, with streaming summaries only (the figures the README quotes).

use caretriangle::examples::north_of_tyne;
use caretriangle::montecarlo::{Model, MonteCarloOptions};
use caretriangle::uncertainty::SamplingPlan;
use caretriangle::Scenario;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn bench(c: &mut Criterion) {
    let programme = north_of_tyne().unwrap();
    let econ = programme.economy();
    let scenarios: Vec<&Scenario> = programme.scenarios().iter().collect();
    let model = Model::new(econ, &scenarios, vec![]).unwrap();
    let n = 200_000;
    let mut g = c.benchmark_group("montecarlo");
    g.throughput(Throughput::Elements(n));
    g.sample_size(10);
    for threads in [1, 2] {
        let options = MonteCarloOptions {
            iterations: n,
            seed: 42,
            sampling: SamplingPlan::Random,
            threads: Some(threads),
            keep_samples: false,
            correlation: None,
        };
        g.bench_function(format!("north_of_tyne_{threads}_threads"), |b| {
            b.iter(|| model.run(&options, &mut |_, _| true).unwrap());
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
