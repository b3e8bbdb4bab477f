//! Quasi-Monte Carlo points: scrambled Sobol sequences.
