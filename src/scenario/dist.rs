//! Service, patience and other time distributions, validated once.
//!
//! Parameters are checked in [`Dist::new`]; afterwards sampling cannot fail
//! (the rand_distr/statrs habit). The random generator is always passed in.

use rand::{Rng, RngExt};
use rand_distr::{Distribution, Exp1, Gamma, LogNormal, Triangular, Uniform};

/// A validated distribution of a duration in seconds.
#[derive(Clone, Debug)]
pub enum Dist {
    /// Exponential with the given mean.
    Exponential { mean_s: f64 },
    /// Log-normal with the given mean and coefficient of variation.
    LogNormal {
        mean_s: f64,
        sampler: LogNormal<f64>,
    },
    /// Gamma (Erlang when the shape is whole) with the given mean.
    Gamma { mean_s: f64, sampler: Gamma<f64> },
    /// Always the same value.
    Deterministic { value_s: f64 },
    /// Uniform between two values.
    Uniform { mean_s: f64, sampler: Uniform<f64> },
    /// Triangular.
    Triangular {
        mean_s: f64,
        sampler: Triangular<f64>,
    },
    /// One of the observed values, each equally likely.
    Empirical { values_s: Vec<f64> },
}

/// What a distribution is given as in a scenario, in seconds.
#[derive(Clone, Debug, PartialEq)]
pub enum DistSpec {
    /// `exponential {mean_s}`
    Exponential { mean_s: f64 },
    /// `lognormal {mean_s, cv}`
    LogNormal { mean_s: f64, cv: f64 },
    /// `gamma {mean_s, cv}`
    Gamma { mean_s: f64, cv: f64 },
    /// `erlang {mean_s, k}`
    Erlang { mean_s: f64, k: f64 },
    /// `deterministic {value_s}`
    Deterministic { value_s: f64 },
    /// `uniform {min_s, max_s}`
    Uniform { min_s: f64, max_s: f64 },
    /// `triangular {min_s, mode_s, max_s}`
    Triangular { min_s: f64, mode_s: f64, max_s: f64 },
    /// `empirical {values_s}`
    Empirical { values_s: Vec<f64> },
}

fn positive(name: &str, x: f64) -> Result<(), String> {
    if x.is_finite() && x > 0.0 {
        Ok(())
    } else {
        Err(format!(
            "`{name}` must be a positive finite number, found {x}"
        ))
    }
}

fn non_negative(name: &str, x: f64) -> Result<(), String> {
    if x.is_finite() && x >= 0.0 {
        Ok(())
    } else {
        Err(format!("`{name}` must be a finite number ≥ 0, found {x}"))
    }
}

impl Dist {
    /// Checks the parameters and prepares the sampler.
    pub fn new(spec: &DistSpec) -> Result<Dist, String> {
        Ok(match *spec {
            DistSpec::Exponential { mean_s } => {
                positive("mean", mean_s)?;
                Dist::Exponential { mean_s }
            }
            DistSpec::LogNormal { mean_s, cv } => {
                positive("mean", mean_s)?;
                non_negative("cv", cv)?;
                if cv == 0.0 {
                    Dist::Deterministic { value_s: mean_s }
                } else {
                    let sigma2 = (1.0 + cv * cv).ln();
                    let mu = mean_s.ln() - sigma2 / 2.0;
                    let sampler = LogNormal::new(mu, sigma2.sqrt()).map_err(|e| e.to_string())?;
                    Dist::LogNormal { mean_s, sampler }
                }
            }
            DistSpec::Gamma { mean_s, cv } => {
                positive("mean", mean_s)?;
                non_negative("cv", cv)?;
                if cv == 0.0 {
                    Dist::Deterministic { value_s: mean_s }
                } else {
                    let shape = 1.0 / (cv * cv);
                    Self::gamma(mean_s, shape)?
                }
            }
            DistSpec::Erlang { mean_s, k } => {
                positive("mean", mean_s)?;
                if !(k >= 1.0 && k.fract() == 0.0 && k <= 1.0e6) {
                    return Err(format!(
                        "`k` must be a whole number from 1 to 1000000, found {k}"
                    ));
                }
                if k == 1.0 {
                    Dist::Exponential { mean_s }
                } else {
                    Self::gamma(mean_s, k)?
                }
            }
            DistSpec::Deterministic { value_s } => {
                non_negative("value", value_s)?;
                Dist::Deterministic { value_s }
            }
            DistSpec::Uniform { min_s, max_s } => {
                non_negative("min", min_s)?;
                non_negative("max", max_s)?;
                if min_s > max_s {
                    return Err(format!("`min` ({min_s}) must not exceed `max` ({max_s})"));
                }
                if min_s == max_s {
                    Dist::Deterministic { value_s: min_s }
                } else {
                    let sampler = Uniform::new(min_s, max_s).map_err(|e| e.to_string())?;
                    Dist::Uniform {
                        mean_s: (min_s + max_s) / 2.0,
                        sampler,
                    }
                }
            }
            DistSpec::Triangular {
                min_s,
                mode_s,
                max_s,
            } => {
                non_negative("min", min_s)?;
                non_negative("mode", mode_s)?;
                non_negative("max", max_s)?;
                if !(min_s <= mode_s && mode_s <= max_s) {
                    return Err(format!(
                        "need min ≤ mode ≤ max, found min {min_s}, mode {mode_s}, max {max_s}"
                    ));
                }
                if min_s == max_s {
                    Dist::Deterministic { value_s: min_s }
                } else {
                    let sampler =
                        Triangular::new(min_s, max_s, mode_s).map_err(|e| e.to_string())?;
                    Dist::Triangular {
                        mean_s: (min_s + mode_s + max_s) / 3.0,
                        sampler,
                    }
                }
            }
            DistSpec::Empirical { ref values_s } => {
                if values_s.is_empty() {
                    return Err("`values` must hold at least one value".to_string());
                }
                for &v in values_s {
                    non_negative("values", v)?;
                }
                Dist::Empirical {
                    values_s: values_s.clone(),
                }
            }
        })
    }

    fn gamma(mean_s: f64, shape: f64) -> Result<Dist, String> {
        // rand_distr takes the scale (statrs would take the rate).
        let sampler = Gamma::new(shape, mean_s / shape).map_err(|e| e.to_string())?;
        Ok(Dist::Gamma { mean_s, sampler })
    }

    /// The mean in seconds.
    pub fn mean_s(&self) -> f64 {
        match self {
            Dist::Exponential { mean_s }
            | Dist::LogNormal { mean_s, .. }
            | Dist::Gamma { mean_s, .. }
            | Dist::Uniform { mean_s, .. }
            | Dist::Triangular { mean_s, .. } => *mean_s,
            Dist::Deterministic { value_s } => *value_s,
            Dist::Empirical { values_s } => values_s.iter().sum::<f64>() / values_s.len() as f64,
        }
    }

    /// True for the exponential distribution (where Erlang formulas are exact).
    pub fn is_exponential(&self) -> bool {
        matches!(self, Dist::Exponential { .. })
    }

    /// One sample, in seconds.
    #[inline]
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match self {
            Dist::Exponential { mean_s } => {
                let e: f64 = Exp1.sample(rng);
                e * mean_s
            }
            Dist::LogNormal { sampler, .. } => sampler.sample(rng),
            Dist::Gamma { sampler, .. } => sampler.sample(rng),
            Dist::Deterministic { value_s } => *value_s,
            Dist::Uniform { sampler, .. } => sampler.sample(rng),
            Dist::Triangular { sampler, .. } => sampler.sample(rng),
            Dist::Empirical { values_s } => {
                let i = rng.random_range(0..values_s.len());
                values_s[i]
            }
        }
    }
}
