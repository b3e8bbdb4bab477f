//! Sobol' indices with bootstrap intervals on Ishigami: N = 2^14 base rows, D = 3 inputs
//! (81,920 outputs), 100 resamples. The design and the model run once, outside the timing;
//! the Saltelli design is timed on its own.

use std::f64::consts::PI;

use caretriangle::sensitivity::sobol::{saltelli_design, sobol_indices, SobolOptions};
use criterion::{criterion_group, criterion_main, Criterion};

fn ishigami(x: &[f64]) -> f64 {
    x[0].sin() + 7.0 * x[1].sin().powi(2) + 0.1 * x[2].powi(4) * x[0].sin()
}

fn bench_sobol(c: &mut Criterion) {
    let (dims, n) = (3, 1 << 14);
    let design = saltelli_design(dims, n, 1).expect("valid design");
    let outputs: Vec<f64> = design
        .rows()
        .into_iter()
        .map(|u| {
            let x: Vec<f64> = u.iter().map(|&u| u * 2.0 * PI - PI).collect();
            ishigami(&x)
        })
        .collect();
    let options = SobolOptions::default();

    c.bench_function("sobol_indices ishigami N=2^14 D=3 R=100", |b| {
        b.iter(|| sobol_indices(std::hint::black_box(&outputs), dims, &options).expect("valid outputs"));
    });
    c.bench_function("saltelli_design D=3 N=2^14", |b| {
        b.iter(|| saltelli_design(dims, std::hint::black_box(n), 1).expect("valid design"));
    });
}

criterion_group!(benches, bench_sobol);
criterion_main!(benches);
