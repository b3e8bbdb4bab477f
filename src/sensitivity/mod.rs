//! Sensitivity analysis: Sobol indices, one-way (tornado) and threshold analysis, value of information.
