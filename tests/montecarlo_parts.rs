//! A Monte Carlo run in parts (as on a cluster: ranges of chunks run apart, shipped as bytes,
//! merged in chunk order) gives the same bits as one local run.

use caretriangle::examples::north_of_tyne;
use caretriangle::montecarlo::{Bins, Model, MonteCarloOptions, MonteCarloResult, Partial};
use caretriangle::uncertainty::SamplingPlan;
use caretriangle::Scenario;

fn model() -> Model {
    let programme = north_of_tyne().unwrap();
    let econ = programme.economy();
    let scenarios: Vec<&Scenario> = programme.scenarios().iter().collect();
    Model::new(econ, &scenarios, vec![]).unwrap()
}

/// 20,000 iterations: chunks 0..4 of 4096 and a last chunk of 3,616.
fn options(keep: bool, sampling: SamplingPlan, threads: usize) -> MonteCarloOptions {
    MonteCarloOptions {
        iterations: 20_000,
        seed: 7,
        sampling,
        threads: Some(threads),
        keep_samples: keep,
        correlation: None,
    }
}

/// Runs `ranges` apart (each part through its CBOR bytes, as between processes) and merges
/// them in the order given.
fn in_parts(model: &Model, options: &MonteCarloOptions, ranges: &[(u64, u64)]) -> MonteCarloResult {
    let bins = Bins::from_bytes(&model.bins(options).unwrap().to_bytes()).unwrap();
    let parts: Vec<Partial> = ranges
        .iter()
        .map(|&(a, b)| {
            let p = model.run_chunks(options, &bins, a..b, &mut |_, _| true).unwrap();
            Partial::from_bytes(&p.to_bytes()).unwrap()
        })
        .collect();
    model.merge(&bins, parts).unwrap()
}

fn bits(r: &MonteCarloResult) -> Vec<u64> {
    r.summaries
        .iter()
        .flat_map(|s| [s.mean.to_bits(), s.m2.to_bits(), s.min.to_bits(), s.max.to_bits(), s.n])
        .collect()
}

#[test]
fn parts_in_any_order_merge_to_the_local_run() {
    let m = model();
    for sampling in [SamplingPlan::Random, SamplingPlan::LatinHypercube, SamplingPlan::Sobol] {
        for keep in [true, false] {
            let local = m.run(&options(keep, sampling, 2), &mut |_, _| true).unwrap();
            let parts = in_parts(&m, &options(keep, sampling, 1), &[(3, 5), (0, 2), (2, 3)]);
            assert_eq!(local.samples, parts.samples);
            assert_eq!(local.inputs, parts.inputs);
            assert_eq!(local.summaries, parts.summaries);
            assert_eq!(bits(&local), bits(&parts));
            assert_eq!(local.samples.is_some(), keep);
            // Percentiles come from the merged histograms: the same counts give the same value.
            for (a, b) in local.summaries.iter().zip(&parts.summaries) {
                assert_eq!(a.quantile(0.975).to_bits(), b.quantile(0.975).to_bits());
            }
        }
    }
}

#[test]
fn a_part_reports_its_own_rows() {
    let m = model();
    let o = options(true, SamplingPlan::Random, 1);
    let bins = m.bins(&o).unwrap();
    let mut seen = Vec::new();
    let p = m.run_chunks(&o, &bins, 4..5, &mut |d, t| {
        seen.push((d, t));
        true
    });
    let p = p.unwrap();
    // The last chunk holds 20,000 − 4 × 4,096 = 3,616 rows; one chunk per part from chunk 1 on
    // keeps one set of moments per output column.
    assert_eq!(seen, vec![(3616, 3616)]);
    assert_eq!(p.samples.as_ref().unwrap().len(), 3616 * m.width());
    assert_eq!(p.moments.len(), m.width());
    // Its bytes: the samples and inputs as raw f64s (3,616 rows × (68 + 10) × 8 bytes =
    // 2,256,384: 68 output columns, 40 of money and people and 28 of the example's outcomes),
    // plus under 10 kB of moments and histogram counts a column (680 kB for 68).
    let raw = 3616 * (m.width() + 10) * 8;
    assert_eq!(raw, 2_256_384);
    let bytes = p.to_bytes().len();
    assert!(bytes > raw && bytes < raw + 680_000, "{bytes}");
    // A part from chunk 0 folds as it goes: one set per column however many chunks it ran.
    let first = m.run_chunks(&o, &bins, 0..3, &mut |_, _| true).unwrap();
    assert_eq!(first.moments.len(), m.width());
    let later = m.run_chunks(&o, &bins, 1..4, &mut |_, _| true).unwrap();
    assert_eq!(later.moments.len(), 3 * m.width());
}

#[test]
fn parts_that_do_not_make_a_run_are_refused() {
    let m = model();
    let o = options(false, SamplingPlan::Random, 1);
    let bins = m.bins(&o).unwrap();
    let part = |a, b| m.run_chunks(&o, &bins, a..b, &mut |_, _| true).unwrap();
    let msg = |r: caretriangle::Result<MonteCarloResult>| r.unwrap_err().to_string();
    // A chunk left out, a chunk twice, too few chunks, no parts.
    assert!(msg(m.merge(&bins, vec![part(0, 2), part(3, 5)])).contains("chunks 3..5 after chunk 2"));
    assert!(msg(m.merge(&bins, vec![part(0, 3), part(2, 5)])).contains("cover every chunk"));
    assert!(msg(m.merge(&bins, vec![part(0, 3)])).contains("all 5 chunks"));
    assert!(msg(m.merge(&bins, vec![])).contains("at least one part"));
    // Parts with and without samples.
    let kept = options(true, SamplingPlan::Random, 1);
    let with = m.run_chunks(&kept, &bins, 2..5, &mut |_, _| true).unwrap();
    assert!(msg(m.merge(&bins, vec![part(0, 2), with])).contains("with and without samples"));
    // A range past the end, empty, or bins of another seed.
    let e = m.run_chunks(&o, &bins, 4..6, &mut |_, _| true).unwrap_err();
    assert!(e.to_string().contains("within 0..5"), "{e}");
    assert!(m.run_chunks(&o, &bins, 2..2, &mut |_, _| true).is_err());
    let other = MonteCarloOptions { seed: 8, ..o.clone() };
    let e = m.run_chunks(&other, &bins, 0..1, &mut |_, _| true).unwrap_err();
    assert!(e.to_string().contains("seed 7"), "{e}");
    // Bytes that are not a part.
    let e = Partial::from_bytes(b"not a part").unwrap_err();
    assert!(e.to_string().contains("partial"), "{e}");
}

#[test]
fn sobol_design_in_parts_gives_the_same_indices() {
    let m = model();
    let col = m.column("skill mix", "change").unwrap();
    let rows = m.sobol_rows(64);
    // 64 base rows × (10 inputs + 2) = 768 model runs.
    assert_eq!(rows, 768);
    let whole = m.sobol_outputs(col, 64, 3, 0..rows).unwrap();
    let mut parts = m.sobol_outputs(col, 64, 3, 0..500).unwrap();
    parts.extend(m.sobol_outputs(col, 64, 3, 500..rows).unwrap());
    assert_eq!(
        whole.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
        parts.iter().map(|x| x.to_bits()).collect::<Vec<_>>()
    );
    let options = caretriangle::sensitivity::SobolOptions::default();
    let a = m.sobol(col, 64, 3, &options, &mut |_, _| true).unwrap();
    let b = caretriangle::sensitivity::sobol_indices(&parts, 10, &options).unwrap();
    assert_eq!(a.s1, b.s1);
    assert_eq!(a.st, b.st);
    assert!(m.sobol_outputs(col, 64, 3, 700..769).is_err());
}

/// The example's budget impact under Monte Carlo, with its inputs correlated.
fn budget_options(keep: bool, threads: usize, dims: usize) -> MonteCarloOptions {
    // Every pair of inputs at rank correlation 0.3: positive definite for any size.
    let n = dims;
    let values = (0..n * n).map(|k| if k / n == k % n { 1.0 } else { 0.3 }).collect();
    MonteCarloOptions {
        correlation: Some(caretriangle::uncertainty::CorrelationMatrix::new(n, values).unwrap()),
        ..options(keep, SamplingPlan::Random, threads)
    }
}

#[test]
fn a_budget_impact_runs_in_parts_on_the_same_driver_with_correlation() {
    use caretriangle::budget;
    let programme = north_of_tyne().unwrap();
    let model = programme.compile(&programme.budget_impacts()[0]).unwrap();
    let dims = model.uncertain().len();
    assert!(dims >= 2, "{dims} uncertain inputs");
    for keep in [true, false] {
        let local = budget::run(&model, &budget_options(keep, 2, dims), &mut |_, _| true).unwrap();
        let o = budget_options(keep, 1, dims);
        let bins = Bins::from_bytes(&budget::bins(&model, &o).unwrap().to_bytes()).unwrap();
        let parts: Vec<Partial> = [(3, 5), (0, 2), (2, 3)]
            .iter()
            .map(|&(a, b)| {
                let p = budget::run_chunks(&model, &o, &bins, a..b, &mut |_, _| true).unwrap();
                Partial::from_bytes(&p.to_bytes()).unwrap()
            })
            .collect();
        let merged = budget::merge(&model, &bins, parts).unwrap();
        assert_eq!(local.summaries, merged.summaries);
        assert_eq!(local.samples, merged.samples);
        assert_eq!(local.inputs, merged.inputs);
        assert_eq!(local.samples.is_some(), keep);
        // The correlation reached the draws: the first two inputs' ranks go together.
        if let Some(inputs) = &local.inputs {
            let (a, b) = (inputs.column(0).to_vec(), inputs.column(1).to_vec());
            let rho = caretriangle::uncertainty::spearman(&a, &b);
            assert!((rho - 0.3).abs() < 0.05, "rank correlation {rho}");
        }
    }
}

#[test]
fn parts_followed_by_the_next_ones_merge_to_the_local_run() {
    // A run streamed to a file keeps one running part: chunks 0..1, then 1..3, then 3..5.
    let m = model();
    for keep in [true, false] {
        let o = options(keep, SamplingPlan::LatinHypercube, 1);
        let local = m.run(&o, &mut |_, _| true).unwrap();
        let bins = m.bins(&o).unwrap();
        let part = |a: u64, b: u64| m.run_chunks(&o, &bins, a..b, &mut |_, _| true).unwrap();
        let running = part(0, 1)
            .followed_by(part(1, 3))
            .unwrap()
            .followed_by(part(3, 5))
            .unwrap();
        assert_eq!(running.chunks, 0..5);
        let merged = m.merge(&bins, vec![running]).unwrap();
        assert_eq!(bits(&local), bits(&merged));
        assert_eq!(local.samples, merged.samples);
        for (a, b) in local.summaries.iter().zip(&merged.summaries) {
            assert_eq!(a.quantile(0.025).to_bits(), b.quantile(0.025).to_bits());
        }
        // A part that does not follow on is refused, naming the chunk it should start at.
        let err = part(0, 1).followed_by(part(2, 3)).unwrap_err().to_string();
        assert!(err.contains("starts at chunk 1"), "{err}");
    }
}
