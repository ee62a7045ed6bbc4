//! Means and 95% confidence intervals over replications (Student t).

use serde::{Deserialize, Serialize};
use statrs::distribution::{ContinuousCDF, StudentsT};

/// A statistic over replications: its mean and 95% confidence interval.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Stat {
    /// Mean over replications.
    pub mean: f64,
    /// 95% Student-t confidence interval of the mean (degenerate with one replication).
    pub ci95: [f64; 2],
}

impl Stat {
    /// The statistic of the given per-replication values; `None` if there are none.
    /// Never a negative zero (`-0` in a file reads as a sign where there is none).
    pub fn of(values: &[f64]) -> Option<Stat> {
        let n = values.len();
        if n == 0 {
            return None;
        }
        // Adding +0.0 turns −0.0 into +0.0 and leaves every other value alone.
        let mean = values.iter().sum::<f64>() / n as f64 + 0.0;
        if n == 1 {
            return Some(Stat {
                mean,
                ci95: [mean, mean],
            });
        }
        let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
        let half = t_quantile(0.975, n - 1) * (var / n as f64).sqrt();
        Some(Stat {
            mean,
            ci95: [mean - half + 0.0, mean + half + 0.0],
        })
    }

    /// Half-width of the interval.
    pub fn half_width(&self) -> f64 {
        (self.ci95[1] - self.ci95[0]) / 2.0
    }
}

/// Quantile `p` of Student's t with `df` degrees of freedom.
pub fn t_quantile(p: f64, df: usize) -> f64 {
    StudentsT::new(0.0, 1.0, df as f64).map_or(1.959_963_984_540_054, |t| t.inverse_cdf(p))
}

/// Per-replication values of a ratio, skipping replications where it is undefined.
pub fn ratios(pairs: impl IntoIterator<Item = (f64, f64)>) -> Vec<f64> {
    pairs
        .into_iter()
        .filter(|(_, den)| *den > 0.0)
        .map(|(num, den)| num / den)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn t_interval_matches_a_textbook_value() {
        // Five values with mean 10 and s = 1.5811; t(0.975, 4) = 2.776445.
        let s = Stat::of(&[8.0, 9.0, 10.0, 11.0, 12.0]).unwrap();
        assert_eq!(s.mean, 10.0);
        let half = 2.776_445_105 * (2.5f64 / 5.0).sqrt();
        assert!((s.half_width() - half).abs() < 1e-6, "{}", s.half_width());
    }

    #[test]
    fn no_negative_zero() {
        let s = Stat::of(&[-0.0, -0.0]).unwrap();
        assert!(s.mean.is_sign_positive() && s.ci95.iter().all(|x| x.is_sign_positive()));
        assert!(Stat::of(&[-0.0]).unwrap().mean.is_sign_positive());
    }

    #[test]
    fn undefined_ratios_are_skipped() {
        assert_eq!(ratios([(1.0, 2.0), (5.0, 0.0)]), vec![0.5]);
        assert!(Stat::of(&[]).is_none());
        assert_eq!(Stat::of(&[3.0]).unwrap().ci95, [3.0, 3.0]);
    }
}
