use super::*;
use std::f64::consts::PI;

fn ishigami(x: &[f64]) -> f64 {
    let (a, b) = (7.0, 0.1);
    x[0].sin() + a * x[1].sin().powi(2) + b * x[2].powi(4) * x[0].sin()
}

/// Ishigami outputs on a design of uniforms, scaled to [-π, π] as SALib's `scale_samples`.
fn ishigami_outputs(design: &Array2<f64>) -> Vec<f64> {
    design
        .rows()
        .into_iter()
        .map(|u| {
            let x: Vec<f64> = u.iter().map(|&u| u * (2.0 * PI) - PI).collect();
            ishigami(&x)
        })
        .collect()
}

#[test]
fn design_rows_follow_salib() {
    // SALib 1.6.0: sobol.sample({'num_vars': 2, 'bounds': [[0, 1]] * 2}, 4,
    //     calc_second_order=False, scramble=False)
    let expected = [
        [0.0, 0.0],
        [0.0, 0.0],
        [0.0, 0.0],
        [0.0, 0.0],
        [0.5, 0.5],
        [0.5, 0.5],
        [0.5, 0.5],
        [0.5, 0.5],
        [0.75, 0.25],
        [0.25, 0.25],
        [0.75, 0.25],
        [0.25, 0.25],
        [0.25, 0.75],
        [0.75, 0.75],
        [0.25, 0.75],
        [0.75, 0.75],
    ];
    let design = saltelli_design_from(&Sobol::unscrambled(4).unwrap(), 4).unwrap();
    assert_eq!(design.dim(), (16, 2));
    for (k, row) in expected.iter().enumerate() {
        for (d, want) in row.iter().enumerate() {
            assert!((design[[k, d]] - want).abs() < 1e-15, "row {k}");
        }
    }
}

#[test]
fn scrambled_design_has_the_saltelli_structure() {
    let (dims, n) = (3, 16);
    let design = saltelli_design(dims, n, 5).unwrap();
    assert_eq!(design.dim(), (n * (dims + 2), dims));
    for j in 0..n {
        let a = design.row(j * (dims + 2));
        let b = design.row(j * (dims + 2) + dims + 1);
        for i in 0..dims {
            let ab = design.row(j * (dims + 2) + 1 + i);
            for d in 0..dims {
                assert_eq!(ab[d], if d == i { b[d] } else { a[d] });
            }
        }
    }
    assert_eq!(design, saltelli_design(dims, n, 5).unwrap());
}

#[test]
fn estimates_match_salib_on_the_same_outputs() {
    // SALib 1.6.0, problem of 3 inputs on [-pi, pi]: X = sobol.sample(problem, 1024,
    // calc_second_order=False, scramble=False); Y = Ishigami.evaluate(X);
    // sobol.analyze(problem, Y, calc_second_order=False). Unscrambled, so that both sides
    // see the same points; the indices (not the intervals, whose random numbers differ)
    // must agree to rounding.
    let design = saltelli_design_from(&Sobol::unscrambled(6).unwrap(), 1024).unwrap();
    let outputs = ishigami_outputs(&design);
    let got = sobol_indices(&outputs, 3, &SobolOptions::default()).unwrap();
    let s1 = [0.3329550751794263, 0.441313938544067, 0.01857841295871935];
    let st = [0.5581790457114659, 0.4432845840303481, 0.24214937335496534];
    for i in 0..3 {
        assert!((got.s1[i] - s1[i]).abs() < 1e-9, "S1[{i}] {} vs {}", got.s1[i], s1[i]);
        assert!((got.st[i] - st[i]).abs() < 1e-9, "ST[{i}] {} vs {}", got.st[i], st[i]);
    }
}

#[test]
fn ishigami_indices_at_n_2_14() {
    // Analytic values for a = 7, b = 0.1 (Ishigami and Homma 1990): V = 1/2 + a^2/8 +
    // b pi^4/5 + b^2 pi^8/18, V1 = 1/2 + b pi^4/5 + b^2 pi^8/50, V2 = a^2/8,
    // V13 = 8 b^2 pi^8/225. SALib's own regression test (tests/test_regression.py) allows
    // atol = 5e-2 and rtol = 1e-1 at N = 10,000; here the error must stay within 0.01.
    let (a, b) = (7.0f64, 0.1f64);
    let v = 0.5 + a * a / 8.0 + b * PI.powi(4) / 5.0 + b * b * PI.powi(8) / 18.0;
    let v1 = 0.5 + b * PI.powi(4) / 5.0 + b * b * PI.powi(8) / 50.0;
    let v2 = a * a / 8.0;
    let v13 = 8.0 * b * b * PI.powi(8) / 225.0;
    let s1 = [v1 / v, v2 / v, 0.0];
    let st = [(v1 + v13) / v, v2 / v, v13 / v];
    assert!((s1[0] - 0.3139).abs() < 1e-4 && (st[2] - 0.2437).abs() < 1e-4);

    let design = saltelli_design(3, 1 << 14, 1).unwrap();
    let got = sobol_indices(&ishigami_outputs(&design), 3, &SobolOptions::default()).unwrap();
    for i in 0..3 {
        assert!((got.s1[i] - s1[i]).abs() < 0.01, "S1[{i}] = {} vs {}", got.s1[i], s1[i]);
        assert!((got.st[i] - st[i]).abs() < 0.01, "ST[{i}] = {} vs {}", got.st[i], st[i]);
        // Intervals of sensible width: positive and not wider than the index scale.
        assert!(got.s1_conf[i] > 0.0 && got.s1_conf[i] < 0.1);
        assert!(got.st_conf[i] > 0.0 && got.st_conf[i] < 0.1);
    }
}

#[test]
fn g_function_indices_match_analytic_values() {
    // Sobol' G function, g = prod (|4 x_i - 2| + a_i) / (1 + a_i): V_i = 1 / (3 (1 + a_i)^2),
    // V = prod (1 + V_i) - 1, S_i = V_i / V, ST_i = V_i prod_{j != i} (1 + V_j) / V.
    let a = [0.0, 1.0, 4.5, 9.0, 99.0, 99.0, 99.0, 99.0];
    let vi: Vec<f64> = a.iter().map(|a: &f64| 1.0 / (3.0 * (1.0 + a).powi(2))).collect();
    let v = vi.iter().map(|v| 1.0 + v).product::<f64>() - 1.0;
    let s1: Vec<f64> = vi.iter().map(|x| x / v).collect();
    let st: Vec<f64> = (0..8)
        .map(|i| {
            let others: f64 = (0..8).filter(|&j| j != i).map(|j| 1.0 + vi[j]).product();
            vi[i] * others / v
        })
        .collect();

    let design = saltelli_design(8, 1 << 14, 2).unwrap();
    let outputs: Vec<f64> = design
        .rows()
        .into_iter()
        .map(|x| {
            x.iter()
                .zip(&a)
                .map(|(x, a)| ((4.0 * x - 2.0).abs() + a) / (1.0 + a))
                .product()
        })
        .collect();
    let got = sobol_indices(&outputs, 8, &SobolOptions::default()).unwrap();
    for i in 0..8 {
        assert!((got.s1[i] - s1[i]).abs() < 0.01, "S1[{i}] = {} vs {}", got.s1[i], s1[i]);
        assert!((got.st[i] - st[i]).abs() < 0.01, "ST[{i}] = {} vs {}", got.st[i], st[i]);
    }
}

#[test]
fn bootstrap_does_not_depend_on_thread_count() {
    let design = saltelli_design(3, 1 << 10, 3).unwrap();
    let outputs = ishigami_outputs(&design);
    let options = SobolOptions {
        num_resamples: 64,
        seed: 17,
        ..SobolOptions::default()
    };
    let run = |threads| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| sobol_indices(&outputs, 3, &options).unwrap())
    };
    let one = run(1);
    assert_eq!(one, run(2));
    assert_eq!(one, run(3));
    let other_seed = sobol_indices(&outputs, 3, &SobolOptions { seed: 18, ..options }).unwrap();
    assert_eq!(one.s1, other_seed.s1);
    assert_ne!(one.s1_conf, other_seed.s1_conf);
}

#[test]
fn inputs_are_checked() {
    let options = SobolOptions::default();
    assert!(sobol_indices(&[1.0; 10], 0, &options).is_err());
    let e = sobol_indices(&[1.0; 11], 3, &options).unwrap_err();
    assert!(
        e.to_string().starts_with("sobol.outputs.len() must be N * (dims + 2)"),
        "{e}"
    );
    assert!(sobol_indices(&[1.0; 5], 3, &options).is_err());
    let mut y = vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0];
    y[7] = f64::NAN;
    let e = sobol_indices(&y, 3, &options).unwrap_err();
    assert_eq!(e.to_string(), "sobol.outputs[7] must be a finite number, got NaN");
    y[7] = 8.0;
    for bad in [0.0, 1.0, f64::NAN] {
        let o = SobolOptions {
            confidence_level: bad,
            ..SobolOptions::default()
        };
        assert!(sobol_indices(&y, 3, &o).is_err());
    }
    let one = SobolOptions {
        num_resamples: 1,
        ..SobolOptions::default()
    };
    assert!(sobol_indices(&y, 3, &one).is_err());
    let none = SobolOptions {
        num_resamples: 0,
        ..SobolOptions::default()
    };
    assert!(sobol_indices(&y, 3, &none).is_err());
    assert!(saltelli_design(0, 8, 0).is_err());
    assert!(saltelli_design(513, 8, 0).is_err());
    assert!(saltelli_design(2, 1, 0).is_err());
}

#[test]
fn constant_outputs_give_zero_indices() {
    let got = sobol_indices(&[3.0; 20], 3, &SobolOptions::default()).unwrap();
    assert_eq!(got.s1, vec![0.0; 3]);
    assert_eq!(got.st_conf, vec![0.0; 3]);
    assert_eq!(got.n, 4);
}
