//! A run in parts: any range of chunks can run anywhere (another thread, process or machine)
//! and the parts merge, in chunk order, into exactly the result of one local run.
//!
//! What a part needs besides the model and options is the histogram ranges of the run,
//! [`Bins`], which come from chunk 0. What it gives back is a [`Partial`]: the scalar figures
//! of each of its chunks (they must be folded in chunk order to give the same bits), its
//! histogram counts summed (integers add up in any order), and its rows of samples and inputs
//! when they are kept. Both serialise compactly (CBOR) to travel between processes.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::summary::{Histogram, Moments, Summary};
use crate::error::{Error, Result};
use crate::uncertainty::CHUNK;

/// The histogram range of each output column, from chunk 0 of a run: the same for every part
/// of the run, wherever it runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bins {
    /// The iterations of the run the bins belong to.
    pub iterations: u64,
    /// The seed of that run.
    pub seed: u64,
    /// `(min, max)` of chunk 0's values of each column.
    pub ranges: Vec<(f64, f64)>,
}

impl Bins {
    /// An empty histogram over column `c`'s bins.
    pub fn histogram(&self, c: usize) -> Histogram {
        let (lo, hi) = self.ranges[c];
        Histogram::spanning(lo, hi)
    }

    /// The bins as CBOR bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        to_cbor(self)
    }

    /// Bins from [`Bins::to_bytes`].
    ///
    /// # Errors
    /// Bytes that are not the CBOR form of bins.
    pub fn from_bytes(bytes: &[u8]) -> Result<Bins> {
        from_cbor(bytes, "bins")
    }
}

/// The outcome of chunks `chunks` of a run: see the module's documentation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Partial {
    /// Iterations of the whole run.
    pub iterations: u64,
    /// The chunks this part ran.
    pub chunks: Range<u64>,
    /// Output columns.
    pub width: usize,
    /// Uncertain inputs.
    pub dims: usize,
    /// A part that starts at chunk 0 has nothing before it, so it folds its chunks as it goes
    /// and keeps one `Moments` per column; any other part keeps one per chunk and column,
    /// chunk by chunk, for the merge to fold in order.
    pub moments: Vec<Moments>,
    /// Histogram counts of each column, summed over the part's chunks.
    pub histograms: Vec<Histogram>,
    /// The part's rows of outputs, row-major (when samples are kept).
    #[serde(with = "raw_f64")]
    pub samples: Option<Vec<f64>>,
    /// The part's rows of inputs, row-major (when samples are kept).
    #[serde(with = "raw_f64")]
    pub inputs: Option<Vec<f64>>,
}

/// Samples as one CBOR byte string of little-endian f64s: 8 bytes a value, copied in one
/// pass, where an array of CBOR floats costs a header and a branch per value (and was about
/// four times slower to ship through Dask).
mod raw_f64 {
    use serde::de::{Error, Visitor};
    use serde::{Deserializer, Serializer};

    struct Bytes<'a>(&'a [u8]);

    impl serde::Serialize for Bytes<'_> {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_bytes(self.0)
        }
    }

    // serde's `with` passes the field by reference.
    #[allow(clippy::ref_option)]
    pub fn serialize<S: Serializer>(values: &Option<Vec<f64>>, s: S) -> Result<S::Ok, S::Error> {
        match values {
            None => s.serialize_none(),
            Some(v) => {
                let bytes: Vec<u8> = v.iter().flat_map(|x| x.to_le_bytes()).collect();
                s.serialize_some(&Bytes(&bytes))
            }
        }
    }

    struct Raw;

    impl<'de> Visitor<'de> for Raw {
        type Value = Option<Vec<f64>>;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("null or a byte string of little-endian f64s")
        }
        fn visit_none<E: Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            // byte_buf: ciborium reads a long byte string only into a buffer of its own.
            d.deserialize_byte_buf(Raw)
        }
        fn visit_bytes<E: Error>(self, b: &[u8]) -> Result<Self::Value, E> {
            if b.len() % 8 != 0 {
                return Err(E::custom(format!("{} bytes, not a whole number of f64s", b.len())));
            }
            Ok(Some(
                b.chunks_exact(8)
                    .map(|c| f64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]))
                    .collect(),
            ))
        }
        fn visit_byte_buf<E: Error>(self, b: Vec<u8>) -> Result<Self::Value, E> {
            self.visit_bytes(&b)
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<f64>>, D::Error> {
        d.deserialize_option(Raw)
    }
}

impl Partial {
    /// The part as CBOR bytes: a few kilobytes of summaries per column, plus its samples.
    pub fn to_bytes(&self) -> Vec<u8> {
        to_cbor(self)
    }

    /// A part from [`Partial::to_bytes`].
    ///
    /// # Errors
    /// Bytes that are not the CBOR form of a part.
    pub fn from_bytes(bytes: &[u8]) -> Result<Partial> {
        from_cbor(bytes, "partial")
    }

    /// This part followed by `next`, the part of the chunks right after it: one part of both
    /// ranges, whose merge gives the same bits as merging the two. A run streamed part by part
    /// (to a file) keeps one running part this way, rather than every part's histograms.
    ///
    /// # Errors
    /// A `next` that does not start where this part ends, or that belongs to another run or
    /// model, or that keeps samples where this part does not (or the other way round).
    pub fn followed_by(mut self, next: Partial) -> Result<Partial> {
        let same_run = next.iterations == self.iterations && next.width == self.width && next.dims == self.dims;
        let same_rows =
            next.samples.is_some() == self.samples.is_some() && next.inputs.is_some() == self.inputs.is_some();
        if next.chunks.start != self.chunks.end || !same_run || !same_rows {
            return Err(Error::invalid(
                "next",
                format!("a part of chunks {}..{}", next.chunks.start, next.chunks.end),
                format!(
                    "the part of the same run that starts at chunk {}, keeping samples as this one does",
                    self.chunks.end
                ),
            ));
        }
        // `next` does not start at chunk 0, so its moments are per chunk, in order.
        for chunk in next.moments.chunks(self.width.max(1)) {
            self.push_moments(chunk);
        }
        self.histograms
            .iter_mut()
            .zip(&next.histograms)
            .for_each(|(a, b)| a.merge(b));
        if let (Some(rows), Some(more)) = (self.samples.as_mut(), next.samples) {
            rows.extend_from_slice(&more);
        }
        if let (Some(rows), Some(more)) = (self.inputs.as_mut(), next.inputs) {
            rows.extend_from_slice(&more);
        }
        self.chunks.end = next.chunks.end;
        Ok(self)
    }

    /// Adds the next chunk's per-column moments (chunks come in order).
    pub(crate) fn push_moments(&mut self, moments: &[Moments]) {
        if self.chunks.start == 0 {
            self.moments.iter_mut().zip(moments).for_each(|(m, c)| m.merge(c));
        } else {
            self.moments.extend_from_slice(moments);
        }
    }
}

fn to_cbor<T: Serialize>(value: &T) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail, and every field has a CBOR form.
    let _ = ciborium::into_writer(value, &mut out);
    out
}

fn from_cbor<T: for<'de> Deserialize<'de>>(bytes: &[u8], what: &str) -> Result<T> {
    ciborium::from_reader(bytes).map_err(|e| {
        Error::invalid(
            what,
            format!("{} bytes", bytes.len()),
            format!("the bytes of a {what} ({e})"),
        )
    })
}

/// Folds parts, sorted by their first chunk and covering every chunk of the run once, into
/// one summary per column, with the samples and inputs laid end to end.
pub(crate) struct Merged {
    pub summaries: Vec<Summary>,
    pub samples: Option<Vec<f64>>,
    pub inputs: Option<Vec<f64>>,
}

/// See [`Merged`].
///
/// # Errors
/// Parts that leave out or repeat a chunk, or that belong to another run or model.
pub(crate) fn merge_parts(mut parts: Vec<Partial>, bins: &Bins, width: usize, dims: usize) -> Result<Merged> {
    let bad = |what: String, expected: &str| Error::invalid("parts", what, expected.to_string());
    parts.sort_by_key(|p| p.chunks.start);
    let n = bins.iterations;
    let total_chunks = crate::uncertainty::chunks(n);
    if parts.is_empty() {
        return Err(bad("none".into(), "at least one part"));
    }
    let mut next = 0;
    for p in &parts {
        if p.chunks.start != next || p.chunks.end <= p.chunks.start {
            return Err(bad(
                format!(
                    "a part of chunks {}..{} after chunk {next}",
                    p.chunks.start, p.chunks.end
                ),
                "parts that cover every chunk of the run once, in order",
            ));
        }
        let chunk_rows = if p.chunks.start == 0 {
            1
        } else {
            (p.chunks.end - p.chunks.start) as usize
        };
        if p.iterations != n
            || p.width != width
            || p.dims != dims
            || p.moments.len() != chunk_rows * width
            || p.histograms.len() != width
        {
            return Err(bad(
                format!(
                    "a part of {} iterations, {} outputs, {} inputs",
                    p.iterations, p.width, p.dims
                ),
                "parts of this run and model",
            ));
        }
        let rows = p
            .chunks
            .end
            .saturating_mul(CHUNK)
            .min(n)
            .saturating_sub(p.chunks.start * CHUNK);
        let fits = |v: &Option<Vec<f64>>, cols: usize| v.as_ref().is_none_or(|v| v.len() as u64 == rows * cols as u64);
        if !fits(&p.samples, width) || !fits(&p.inputs, dims) {
            return Err(bad(
                format!(
                    "a part of chunks {}..{} with samples of the wrong size",
                    p.chunks.start, p.chunks.end
                ),
                &format!("{rows} rows of samples and inputs"),
            ));
        }
        next = p.chunks.end;
    }
    if next != total_chunks {
        return Err(bad(
            format!("parts up to chunk {next}"),
            &format!("parts that cover all {total_chunks} chunks"),
        ));
    }
    let keep = parts[0].samples.is_some();
    if parts
        .iter()
        .any(|p| p.samples.is_some() != keep || p.inputs.is_some() != keep)
    {
        return Err(bad(
            "parts with and without samples".into(),
            "parts that all keep samples, or none",
        ));
    }
    let mut moments = vec![Moments::EMPTY; width];
    let mut histograms: Vec<Histogram> = (0..width).map(|c| bins.histogram(c)).collect();
    let single = parts.len() == 1;
    let mut samples = (keep && !single).then(|| Vec::with_capacity(n as usize * width));
    let mut inputs = (keep && !single).then(|| Vec::with_capacity(n as usize * dims));
    let mut only = None;
    for p in parts {
        if p.chunks.start == 0 {
            moments.copy_from_slice(&p.moments[..width]);
        } else {
            for chunk in p.moments.chunks(width) {
                moments.iter_mut().zip(chunk).for_each(|(a, b)| a.merge(b));
            }
        }
        histograms.iter_mut().zip(&p.histograms).for_each(|(a, b)| a.merge(b));
        if single {
            // One part (a local run): its rows are the run's, moved rather than copied.
            only = Some((p.samples, p.inputs));
        } else {
            if let (Some(buf), Some(rows)) = (samples.as_mut(), p.samples) {
                buf.extend_from_slice(&rows);
            }
            if let (Some(buf), Some(rows)) = (inputs.as_mut(), p.inputs) {
                buf.extend_from_slice(&rows);
            }
        }
    }
    if let Some((s, i)) = only {
        samples = s;
        inputs = i;
    }
    Ok(Merged {
        summaries: moments
            .iter()
            .zip(histograms)
            .map(|(m, h)| Summary::from_parts(m, h))
            .collect(),
        samples,
        inputs,
    })
}
