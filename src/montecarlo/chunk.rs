//! One chunk of a run, column by column: its draws are turned into columns, the plan runs each
//! lever once over all the chunk's rows ([`crate::plan::Columns`]), and each output column is
//! summarised where it lies in memory. The buffers belong to the worker thread
//! ([`Scratch`]) and are reused by every chunk it runs, so a run allocates nothing per
//! iteration and, beyond what kept samples need, nothing per chunk but its moments.

use ndarray::ArrayViewMut2;

use super::{Chunked, Model, OUTPUTS};
use crate::error::Result;
use crate::plan::{Columns, Params, Tally};
use crate::sum;
use crate::uncertainty::{rows_in_chunk, Distribution, Sampler, CHUNK};

/// A worker thread's buffers for the economy's model.
#[derive(Debug)]
pub struct Scratch {
    /// The chunk's draws, row-major, as the sampler gives them (and as kept inputs are).
    pub draws: Vec<f64>,
    /// The same draws column by column.
    drawn: Vec<f64>,
    columns: Columns,
    tally: Tally,
    /// The chunk's outputs column by column (`rows` values a column).
    pub outs: Vec<f64>,
}

impl Chunked for Model {
    type Buffers = Scratch;

    fn distributions(&self) -> Vec<Distribution> {
        self.inputs.iter().map(|i| i.distribution.clone()).collect()
    }
    fn dims(&self) -> usize {
        self.inputs.len()
    }
    fn width(&self) -> usize {
        Model::width(self)
    }
    fn buffers(&self) -> Scratch {
        self.scratch()
    }
    fn evaluate_chunk(&self, sampler: &Sampler, k: u64, n: u64, s: &mut Scratch) -> Result<usize> {
        self.columns_of_chunk(sampler, k, n, s)
    }
    fn draws(s: &Scratch) -> &[f64] {
        &s.draws
    }
    fn outputs(s: &Scratch) -> &[f64] {
        &s.outs
    }
}

impl Model {
    /// Buffers for one worker thread.
    fn scratch(&self) -> Scratch {
        let cap = CHUNK as usize;
        let dims = self.inputs.len();
        Scratch {
            draws: vec![0.0; cap * dims],
            drawn: vec![0.0; cap * dims],
            columns: self.plan.columns(cap),
            tally: Tally::new(cap),
            outs: vec![0.0; cap * self.width()],
        }
    }

    /// Draws and evaluates chunk `k` into `s.draws` and `s.outs`; returns its rows.
    ///
    /// # Errors
    /// As the row-at-a-time evaluation: a lever that cannot be applied at some row's values,
    /// named with the iteration (the chunk is then run again row by row to name it).
    fn columns_of_chunk(&self, sampler: &Sampler, k: u64, n: u64, s: &mut Scratch) -> Result<usize> {
        let rows = rows_in_chunk(n, k);
        let dims = self.inputs.len();
        let view = ArrayViewMut2::from_shape((rows, dims), &mut s.draws[..rows * dims])
            .expect("the buffer holds a chunk of draws");
        sampler.fill_chunk(k, view)?;
        for (r, row) in s.draws[..rows * dims].chunks_exact(dims.max(1)).enumerate() {
            for (j, x) in row.iter().enumerate() {
                s.drawn[j * rows + r] = *x;
            }
        }
        let p = Params::new(self.plan.base(), &self.slot_column, &s.drawn[..rows * dims], rows);
        self.plan.reset_columns(&p, &mut s.columns);
        self.record_columns(0, &p, &s.columns, &mut s.tally, &mut s.outs, rows);
        let mut bad = false;
        for b in 1..self.blocks.len() {
            self.plan.run_columns_after_reset(b - 1, &p, &mut s.columns);
            bad |= s.columns.any_bad();
            self.record_columns(b, &p, &s.columns, &mut s.tally, &mut s.outs, rows);
        }
        if bad {
            // Rare: some row breaks a rule. The row-at-a-time run names the first one.
            let (_, outs) = self.chunk(sampler, k, n)?;
            let width = self.width();
            for (r, row) in outs.chunks_exact(width).enumerate() {
                for (c, x) in row.iter().enumerate() {
                    s.outs[c * rows + r] = *x;
                }
            }
        }
        Ok(rows)
    }

    /// Writes block `b`'s outputs for every row, as [`Model::record`] does one row's.
    fn record_columns(&self, b: usize, p: &Params, ws: &Columns, tally: &mut Tally, outs: &mut [f64], rows: usize) {
        self.plan.tally_columns(p, ws, tally);
        let cap = CHUNK as usize;
        let (base, block) = outs.split_at_mut(b * OUTPUTS.len() * rows);
        // Each output's column as a slice of `rows` values, so the loop below has no bounds
        // checks and the compiler can vectorise it.
        let mut columns = block.chunks_exact_mut(rows);
        let mut next = || columns.next().expect("a block has OUTPUTS.len() columns");
        let [total, clinical, nhs, community, change] = [next(), next(), next(), next(), next()];
        let [released, reinvested, new_money, people, over] = [next(), next(), next(), next(), next()];
        let corners = &tally.corners;
        let (c0, c1, c2) = (
            &corners[..rows],
            &corners[cap..cap + rows],
            &corners[2 * cap..2 * cap + rows],
        );
        let base = if b == 0 { None } else { Some(&base[..rows]) };
        for r in 0..rows {
            let c = [c0[r], c1[r], c2[r]];
            let t = sum::total(c);
            total[r] = t;
            clinical[r] = c[0];
            nhs[r] = c[1];
            community[r] = c[2];
            change[r] = base.map_or(0.0, |base| t - base[r]);
            over[r] = f64::from(u8::from(t - self.envelope > 0.005));
        }
        people.copy_from_slice(&tally.people[..rows]);
        released.copy_from_slice(&ws.released[..rows]);
        reinvested.copy_from_slice(&ws.reinvested[..rows]);
        new_money.copy_from_slice(&ws.new_money[..rows]);
        self.record_outcome_columns(b, p, ws, outs, rows);
    }
}
