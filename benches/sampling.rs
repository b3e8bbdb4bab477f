//! Draws per second of each distribution's sampler, and of a whole 30-input chunk.
//!
//! Sampling, not the model's arithmetic, limits a Monte Carlo run (DESIGN.md: the arithmetic
//! of a 30-input model alone runs at 9 M iterations/s), so these figures bound the run's speed:
//! 1 M iterations/s for 30 inputs needs about 30 M draws/s on average.

use std::hint::black_box;

use caretriangle::uncertainty::{
    apply_iman_conover, stream, CorrelationMatrix, Distribution, DistributionSpec, Sampler, SamplerOptions,
    SamplingPlan, CHUNK,
};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use ndarray::Array2;

const DRAWS: u64 = 10_000;

fn distributions() -> Vec<(&'static str, Distribution)> {
    let specs = [
        ("uniform", DistributionSpec::Uniform { low: 10.0, high: 20.0 }),
        ("normal", DistributionSpec::Normal { mean: 21.25, sd: 2.5 }),
        (
            "truncated_normal",
            DistributionSpec::TruncatedNormal {
                mean: 21.25,
                sd: 10.0,
                low: Some(0.0),
                high: None,
            },
        ),
        (
            "lognormal",
            DistributionSpec::Lognormal {
                meanlog: None,
                sdlog: None,
                mean: Some(21.25),
                sd: Some(2.5),
            },
        ),
        (
            "gamma",
            DistributionSpec::Gamma {
                shape: Some(2.0),
                scale: Some(1.0),
                mean: None,
                sd: None,
            },
        ),
        (
            "beta",
            DistributionSpec::Beta {
                alpha: Some(2.0),
                beta: Some(5.0),
                mean: None,
                sd: None,
            },
        ),
        (
            "pert",
            DistributionSpec::Pert {
                low: 10.0,
                mode: 12.0,
                high: 20.0,
            },
        ),
        (
            "triangular",
            DistributionSpec::Triangular {
                low: 10.0,
                mode: 12.0,
                high: 20.0,
            },
        ),
    ];
    specs
        .into_iter()
        .map(|(name, spec)| (name, Distribution::from_spec(spec, name).expect("valid")))
        .collect()
}

fn sample(c: &mut Criterion) {
    let mut group = c.benchmark_group("sample");
    group.throughput(Throughput::Elements(DRAWS));
    for (name, d) in distributions() {
        let mut rng = stream(42, 0);
        group.bench_function(name, |b| {
            b.iter(|| {
                let mut sum = 0.0;
                for _ in 0..DRAWS {
                    sum += d.sample(&mut rng);
                }
                black_box(sum)
            });
        });
    }
    group.finish();
}

/// The inverse CDF, which Latin hypercube and Sobol plans go through.
fn quantile(c: &mut Criterion) {
    let mut group = c.benchmark_group("quantile");
    let n = 1000u64;
    group.throughput(Throughput::Elements(n));
    for (name, d) in distributions() {
        group.bench_function(name, |b| {
            b.iter(|| {
                let mut sum = 0.0;
                for i in 0..n {
                    sum += d.quantile((i as f64 + 0.5) / n as f64);
                }
                black_box(sum)
            });
        });
    }
    group.finish();
}

/// One chunk of a 30-input model (a mix of kinds, as a real economy would have): iterations/s.
fn chunk(c: &mut Criterion) {
    let kinds = distributions();
    let inputs: Vec<Distribution> = (0..30).map(|i| kinds[1 + i % (kinds.len() - 1)].1.clone()).collect();
    let mut group = c.benchmark_group("chunk_30_inputs");
    group.sample_size(20);
    group.throughput(Throughput::Elements(CHUNK));
    let mut correlated = vec![0.0; 900];
    for i in 0..30 {
        correlated[i * 30 + i] = 1.0;
    }
    for (i, j) in [(0, 1), (2, 3), (4, 5)] {
        correlated[i * 30 + j] = 0.6;
        correlated[j * 30 + i] = 0.6;
    }
    let correlation = CorrelationMatrix::new(30, correlated).expect("valid");
    let cases = [
        ("random", SamplingPlan::Random, None),
        ("random_correlated", SamplingPlan::Random, Some(correlation)),
        ("latin_hypercube", SamplingPlan::LatinHypercube, None),
        ("sobol", SamplingPlan::Sobol, None),
    ];
    for (name, plan, correlation) in cases {
        let sampler = Sampler::new(
            inputs.clone(),
            SamplerOptions {
                plan,
                seed: 1,
                // A long run, so that chunk k of the loop below is always within it.
                iterations: 1 << 40,
                correlation,
            },
        )
        .expect("valid");
        let mut out = Array2::zeros((CHUNK as usize, 30));
        let mut k = 0;
        group.bench_function(name, |b| {
            b.iter(|| {
                sampler.fill_chunk(k, out.view_mut()).expect("fits");
                k += 1;
                black_box(out[[0, 0]])
            });
        });
    }
    group.finish();
}

/// Iman–Conover on one chunk, by the number of correlated inputs.
fn iman_conover(c: &mut Criterion) {
    let mut group = c.benchmark_group("iman_conover_chunk");
    group.sample_size(20);
    group.throughput(Throughput::Elements(CHUNK));
    for k in [2usize, 6, 30] {
        let mut values = vec![0.3; k * k];
        for i in 0..k {
            values[i * k + i] = 1.0;
        }
        let target = CorrelationMatrix::new(k, values).expect("valid");
        let mut rng = stream(3, 0);
        let base = Array2::from_shape_fn((CHUNK as usize, k), |(r, c)| (r * 7 + c * 13) as f64 % 101.0);
        let mut x = base.clone();
        group.bench_function(format!("{k}_inputs"), |b| {
            b.iter(|| {
                x.assign(&base);
                apply_iman_conover(x.view_mut(), &target, &mut rng).expect("fits");
                black_box(x[[0, 0]])
            });
        });
    }
    group.finish();
}

criterion_group!(benches, sample, quantile, chunk, iman_conover);
criterion_main!(benches);
