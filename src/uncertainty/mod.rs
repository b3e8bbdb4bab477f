//! Uncertain inputs: distributions, random-number streams, sampling plans and rank correlation.
