//! One-way sensitivity: thresholds and tornado tables.
//!
//! - [`threshold`]: the value of one input at which a result crosses zero (a break-even unit
//!   cost, the share of referrals at which a shift starts to save money), by Brent's method.
//! - [`tornado`]: each input in turn at its low and its high value, the others at base, and the
//!   inputs sorted by how far the result swings.
//!
//! ```
//! use caretriangle::sensitivity::oneway::{threshold, tornado};
//! // Saving from moving 1,000 hours at £21.25 to health trainers at unit cost c: 1000 (21.25 − c).
//! let break_even = threshold(|c| 1000.0 * (21.25 - c), 0.0, 50.0, 1e-9)?;
//! assert!((break_even - 21.25).abs() < 1e-9);
//!
//! let table = tornado(&[2.0, 3.0], &[(1.0, 3.0), (2.0, 4.0)], |x| x[0] + 5.0 * x[1])?;
//! assert_eq!(table.rows[0].input, 1); // swing 10 beats swing 2
//! # Ok::<(), caretriangle::Error>(())
//! ```

use crate::error::{Error, Result};

/// At most this many steps; Brent's method needs far fewer (about 50 with bisection alone for
/// a bracket of 1e15 tolerances), so reaching it means `f` is not a function of its input.
const MAX_ITERATIONS: usize = 200;

/// A root of `f` in `[lo, hi]`, to within `tol`, by Brent's method (inverse quadratic
/// interpolation and secant steps, falling back on bisection, so that it converges whenever
/// `f` is continuous and changes sign on the bracket).
///
/// # Errors
///
/// [`Error::InvalidValue`] if `lo` and `hi` are not finite with `lo < hi`, `tol` is not a
/// finite number > 0, `f(lo)` and `f(hi)` have the same sign (the message names the bracket
/// and both values), or `f` returns a value that is not finite.
pub fn threshold(f: impl Fn(f64) -> f64, lo: f64, hi: f64, tol: f64) -> Result<f64> {
    if !(lo.is_finite() && hi.is_finite() && lo < hi) {
        return Err(Error::invalid(
            "threshold.bracket",
            format!("[{lo}, {hi}]"),
            "an interval [lo, hi] of finite numbers with lo < hi",
        ));
    }
    if !(tol.is_finite() && tol > 0.0) {
        return Err(Error::invalid("threshold.tol", tol, "a finite number > 0"));
    }
    let eval = |x: f64| {
        let y = f(x);
        if y.is_finite() {
            Ok(y)
        } else {
            Err(Error::invalid(format!("threshold.f({x})"), y, "a finite number"))
        }
    };
    let (mut a, mut b) = (lo, hi);
    let (mut fa, mut fb) = (eval(a)?, eval(b)?);
    if fa == 0.0 {
        return Ok(a);
    }
    if fb == 0.0 {
        return Ok(b);
    }
    if fa.signum() == fb.signum() {
        return Err(Error::invalid(
            "threshold.bracket",
            format!("[{lo}, {hi}] with f({lo}) = {fa} and f({hi}) = {fb}"),
            "an interval on which f changes sign",
        ));
    }

    // c is the previous iterate on the other side of the root from b, so [b, c] always
    // brackets it; d and e are the last two step lengths, for deciding when to bisect.
    let (mut c, mut fc) = (a, fa);
    let mut d = b - a;
    let mut e = d;
    for _ in 0..MAX_ITERATIONS {
        if fb.signum() == fc.signum() {
            (c, fc) = (a, fa);
            d = b - a;
            e = d;
        }
        if fc.abs() < fb.abs() {
            // Keep b the best estimate.
            (a, b, c) = (b, c, b);
            (fa, fb, fc) = (fb, fc, fb);
        }
        let tol1 = 2.0 * f64::EPSILON * b.abs() + 0.5 * tol;
        let half = 0.5 * (c - b);
        if half.abs() <= tol1 || fb == 0.0 {
            return Ok(b);
        }
        if e.abs() >= tol1 && fa.abs() > fb.abs() {
            let s = fb / fa;
            let (mut p, mut q) = if a == c {
                // Secant step.
                (2.0 * half * s, 1.0 - s)
            } else {
                // Inverse quadratic interpolation through a, b and c.
                let q = fa / fc;
                let r = fb / fc;
                (
                    s * (2.0 * half * q * (q - r) - (b - a) * (r - 1.0)),
                    (q - 1.0) * (r - 1.0) * (s - 1.0),
                )
            };
            if p > 0.0 {
                q = -q;
            }
            p = p.abs();
            // Accept the interpolated step only if it stays well inside the bracket and shrinks
            // faster than bisection would; otherwise bisect.
            if 2.0 * p < (3.0 * half * q - (tol1 * q).abs()).min((e * q).abs()) {
                e = d;
                d = p / q;
            } else {
                d = half;
                e = d;
            }
        } else {
            d = half;
            e = d;
        }
        (a, fa) = (b, fb);
        b += if d.abs() > tol1 { d } else { tol1.copysign(half) };
        fb = eval(b)?;
    }
    Err(Error::invalid(
        "threshold",
        format!("no convergence in {MAX_ITERATIONS} steps on [{lo}, {hi}]"),
        "a continuous function of its input",
    ))
}

/// One input's line in a tornado table.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TornadoRow {
    /// Index of the input in `base`.
    pub input: usize,
    /// Result with this input at its low value and the others at base.
    pub low_output: f64,
    /// Result with this input at its high value and the others at base.
    pub high_output: f64,
    /// `|high_output − low_output|`: the length of the bar.
    pub swing: f64,
}

/// A tornado table: the result at base, and one row per input, widest swing first.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Tornado {
    /// The result with every input at base.
    pub base_output: f64,
    /// One row per input, by swing from widest to narrowest; equal swings keep input order.
    pub rows: Vec<TornadoRow>,
}

/// Runs `model` with every input at `base`, then with each input in turn at its low and high
/// value (`ranges[i] = (low, high)`) and the others at base: `1 + 2 n` runs for `n` inputs.
///
/// # Errors
///
/// [`Error::InvalidValue`] if `ranges` and `base` differ in length, an input value is not
/// finite, or the model returns a value that is not finite (the message names the input and
/// which end of its range).
pub fn tornado(base: &[f64], ranges: &[(f64, f64)], model: impl Fn(&[f64]) -> f64) -> Result<Tornado> {
    if ranges.len() != base.len() {
        return Err(Error::invalid(
            "tornado.ranges.len()",
            ranges.len(),
            format!("one (low, high) per input, {}", base.len()),
        ));
    }
    if let Some((i, v)) = base.iter().enumerate().find(|(_, v)| !v.is_finite()) {
        return Err(Error::invalid(format!("tornado.base[{i}]"), v, "a finite number"));
    }
    if let Some((i, (lo, hi))) = ranges
        .iter()
        .enumerate()
        .find(|(_, (lo, hi))| !(lo.is_finite() && hi.is_finite()))
    {
        return Err(Error::invalid(
            format!("tornado.ranges[{i}]"),
            format!("({lo}, {hi})"),
            "finite numbers",
        ));
    }
    let run = |x: &[f64], field: String| {
        let y = model(x);
        if y.is_finite() {
            Ok(y)
        } else {
            Err(Error::invalid(field, y, "a finite model result"))
        }
    };
    let base_output = run(base, "tornado.base_output".into())?;
    let mut x = base.to_vec();
    let mut rows = Vec::with_capacity(base.len());
    for (i, &(lo, hi)) in ranges.iter().enumerate() {
        x[i] = lo;
        let low_output = run(&x, format!("tornado.low_output[{i}]"))?;
        x[i] = hi;
        let high_output = run(&x, format!("tornado.high_output[{i}]"))?;
        x[i] = base[i];
        rows.push(TornadoRow {
            input: i,
            low_output,
            high_output,
            swing: (high_output - low_output).abs(),
        });
    }
    // A stable sort, so that ties keep input order and the table never depends on chance.
    rows.sort_by(|a, b| b.swing.total_cmp(&a.swing));
    Ok(Tornado { base_output, rows })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[test]
    fn linear_threshold_is_exact() {
        // Cost of option A 500 + 20 x, of option B 800 + 5 x: equal at x = 20.
        let x = threshold(|x| (500.0 + 20.0 * x) - (800.0 + 5.0 * x), 0.0, 100.0, 1e-12).unwrap();
        assert!((x - 20.0).abs() < 1e-10, "{x}");
    }

    #[test]
    fn nonlinear_thresholds_converge_quickly() {
        let calls = Cell::new(0);
        let f = |x: f64| {
            calls.set(calls.get() + 1);
            x.powi(3) - 2.0 * x - 5.0
        };
        let x = threshold(f, 2.0, 3.0, 1e-12).unwrap();
        assert!((x - 2.094_551_481_542_326_5).abs() < 1e-11, "{x}");
        assert!(calls.get() < 20, "{} evaluations", calls.get());
        let x = threshold(|x: f64| x.cos() - x, 0.0, 1.0, 1e-12).unwrap();
        assert!((x - 0.739_085_133_215_160_6).abs() < 1e-11);
        // A root at the end of the bracket, and a step function (bisection only).
        assert_eq!(threshold(|x| x - 1.0, 1.0, 2.0, 1e-9).unwrap(), 1.0);
        let step = threshold(|x| if x < 0.3 { -1.0 } else { 1.0 }, 0.0, 1.0, 1e-9).unwrap();
        assert!((step - 0.3).abs() < 1e-8);
    }

    #[test]
    fn a_bracket_without_a_sign_change_is_named() {
        let e = threshold(|x| x * x + 1.0, -1.0, 2.0, 1e-9).unwrap_err();
        assert_eq!(
            e.to_string(),
            "threshold.bracket must be an interval on which f changes sign, \
             got [-1, 2] with f(-1) = 2 and f(2) = 5"
        );
        assert!(threshold(|x| x, 1.0, 1.0, 1e-9).is_err());
        assert!(threshold(|x| x, -1.0, 1.0, 0.0).is_err());
        let e = threshold(|x| if x > 0.0 { f64::NAN } else { -1.0 }, -1.0, 1.0, 1e-9).unwrap_err();
        assert_eq!(e.to_string(), "threshold.f(1) must be a finite number, got NaN");
    }

    #[test]
    fn tornado_of_a_linear_model() {
        // y = 3 x0 − 2 x1 + 0.5 x2 at base (1, 1, 1) = 1.5.
        let model = |x: &[f64]| 3.0 * x[0] - 2.0 * x[1] + 0.5 * x[2];
        let t = tornado(&[1.0, 1.0, 1.0], &[(0.5, 1.5), (0.0, 4.0), (-2.0, 2.0)], model).unwrap();
        assert_eq!(t.base_output, 1.5);
        // Swings: x0 3 × 1 = 3; x1 2 × 4 = 8; x2 0.5 × 4 = 2.
        let order: Vec<usize> = t.rows.iter().map(|r| r.input).collect();
        assert_eq!(order, vec![1, 0, 2]);
        assert_eq!(
            t.rows[0],
            TornadoRow {
                input: 1,
                low_output: 3.5,
                high_output: -4.5,
                swing: 8.0
            }
        );
        assert_eq!(
            (t.rows[1].low_output, t.rows[1].high_output, t.rows[1].swing),
            (0.0, 3.0, 3.0)
        );
        assert_eq!(
            (t.rows[2].low_output, t.rows[2].high_output, t.rows[2].swing),
            (0.0, 2.0, 2.0)
        );
    }

    #[test]
    fn tornado_ties_keep_input_order_and_errors_name_the_input() {
        let t = tornado(&[0.0, 0.0], &[(-1.0, 1.0), (1.0, -1.0)], |x| x[0] + x[1]).unwrap();
        assert_eq!(t.rows.iter().map(|r| r.input).collect::<Vec<_>>(), vec![0, 1]);
        assert!(tornado(&[0.0, 0.0], &[(-1.0, 1.0)], |x| x[0]).is_err());
        let e = tornado(&[1.0, 1.0], &[(0.0, 2.0), (0.0, 2.0)], |x| 1.0 / x[1]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "tornado.low_output[1] must be a finite model result, got inf"
        );
        let e = tornado(&[1.0], &[(f64::NAN, 2.0)], |x| x[0]).unwrap_err();
        assert_eq!(e.to_string(), "tornado.ranges[0] must be finite numbers, got (NaN, 2)");
    }
}
