//! Exact steady-state formulas for staffing: Erlang B, Erlang C (M/M/c) and
//! Erlang A (M/M/c+M: Poisson arrivals, exponential handle times, exponential
//! patience, FCFS).
//!
//! A foundation: pure queueing theory that knows nothing of BPO; imports
//! nothing of the crate.
//!
//! The metrics use the same definitions as bposim's `summary.json`; see
//! [`QueueMetrics`].
//!
//! # Methods
//!
//! * **Erlang B** by the recursion `B(k) = a·B(k−1) / (k + a·B(k−1))`: O(c),
//!   no factorials, relative error ~ c·ε, exact for any number of agents.
//!   **Erlang C** is `B / (1 − ρ(1 − B))`.
//! * **Erlang A** is implemented two independent ways (`x = cμ/θ`, `y = λ/θ`):
//!   1. *Birth–death chain*: state weights as scaled products around state
//!      `c`, truncated where the tail is below 1e-18 relative. A task that
//!      finds `j` others waiting is served with probability
//!      `cμ / (cμ + (j+1)θ)` after a hypoexponential wait with rates
//!      `cμ + kθ`, `k = 1..=j+1`; the service level mixes those CDFs over `j`
//!      by uniformization of the pure-death chain, all `j` at once.
//!   2. *Closed form* (Garnett, Mandelbaum & Reiman 2002; Mandelbaum & Zeltyn,
//!      "The M/M/n+G queue: summary of performance measures") with
//!      `A(x,y) = x·e^y·y^−x·γ(x,y)`:
//!      `P(W>0) = A·B / (1 + (A−1)·B)`,
//!      `P(served, 0 < W ≤ t | W>0) = (x/y)·[P(x+1, y) − P(x+1, y·e^−θt)] / P(x, y)`
//!      with `P` the regularised lower incomplete gamma function,
//!      `P(Ab) = P(W>0)·(1 − P(served | W>0))` and mean queue time `P(Ab)/θ`.
//!      The mean wait of served tasks has no closed form; it is the integral of
//!      `P(served, W > s)` over `s`, done by adaptive Gauss–Kronrod.
//!      `A(x,y)` is the Kummer series `Σ y^k / ((x+1)…(x+k))` when `y ≤ x+1`
//!      (where `P(x,y)` would underflow) and statrs' `gamma_lr` otherwise.
//!
//! # Which Erlang A method [`metrics`] uses
//!
//! The **closed form** when `x = c·patience/AHT ≤ 1e4`, the **chain** above.
//! The closed form loses about `ε·x` relative: `1 − P(served | W>0)` cancels
//! when patience is long, and statrs evaluates `P(a, z)` with an absolute
//! error of about `ε·a·ln z` (3e-11 relative on a service level at
//! `x = 1.5e4`). The chain has neither problem and is short exactly there:
//! ~`min(10√y, 42/ln(1/ρ))` queue states, unless the queue is overloaded
//! with very patient tasks (mean queue `(λ−cμ)/θ`). Two exceptions use the
//! closed form anyway: a chain longer than 5e7 states (there `P(x,y) = 1` and
//! `A` is astronomically large, so only the service level for thresholds near
//! `ln(ρ)·patience` degrades, to ~`ε·x·ln x`), and `λ < 1e-200·cμ`, where
//! nobody waits to f64 precision and the chain's products could overflow.
//!
//! Cost per call: closed form O(c + √x) (Erlang B, series or statrs, and a
//! few hundred integrand evaluations for the ASA); chain O(c + states + L²/2)
//! with `L ≈ cμ·t` the queue positions that can reach service within `t`.
//! About 2–4 ms at 10,000 agents (release build).

use serde::Serialize;
use statrs::function::gamma::{gamma_lr, ln_gamma};
use thiserror::Error;

/// Inputs of a stationary M/M/c (+M) queue, in the analyst's units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct QueueInput {
    /// Arrival rate (Poisson), tasks per hour.
    pub per_hour: f64,
    /// Mean handle time (exponential), seconds.
    pub aht_s: f64,
    /// Mean patience (exponential), seconds; `None`: nobody abandons (Erlang C).
    pub patience_s: Option<f64>,
    /// Service-level threshold, seconds.
    pub within_s: f64,
}

/// Same definitions as bposim's summary.json.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct QueueMetrics {
    /// P(task starts service within `within_s` and was not abandoned), over all
    /// offered tasks; abandoned tasks are misses even if they left early.
    pub service_level: f64,
    /// P(an arrival finds all agents busy) (PASTA).
    pub p_wait: f64,
    /// Mean wait in queue of handled (served) tasks; no wait counts as 0.
    pub asa_s: f64,
    /// Mean time in queue over all offered tasks; abandoned tasks count their
    /// time until abandoning.
    pub mean_queue_time_s: f64,
    /// Abandoned / offered.
    pub abandon_rate: f64,
    /// Busy agent time / agent time = per_hour/3600 · (1 − abandon_rate) · aht_s / agents.
    pub occupancy: f64,
}

/// Why a queue cannot be evaluated or staffed.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum ErlangError {
    /// An input is out of range.
    #[error("invalid {name} = {value}: must be {expected}")]
    InvalidInput {
        /// Name of the offending input.
        name: &'static str,
        /// Its value.
        value: f64,
        /// What is accepted.
        expected: &'static str,
    },
    /// No abandonment and load ≥ agents: the queue grows without bound.
    #[error(
        "unstable: an offered load of {load_erlangs} Erlangs on {agents} agents with no \
         abandonment has no steady state; more than {load_erlangs} agents are needed"
    )]
    Unstable {
        /// Offered load λ/μ in Erlangs.
        load_erlangs: f64,
        /// Agents asked for.
        agents: u32,
    },
    /// No agent count meets the target.
    #[error("target service level {target_sl} is unreachable: {reason}")]
    Unreachable {
        /// The target asked for.
        target_sl: f64,
        /// Why it cannot be met.
        reason: &'static str,
    },
}

/// Erlang B: blocking probability of M/M/c/c with `agents` servers and the
/// given offered load (Erlangs). O(agents); NaN for a negative or non-finite load.
pub fn erlang_b(agents: u32, offered_load_erlangs: f64) -> f64 {
    let a = offered_load_erlangs;
    if !(a.is_finite() && a >= 0.0) {
        return f64::NAN;
    }
    (1..=agents).fold(1.0, |b, k| {
        let ab = a * b;
        ab / (f64::from(k) + ab)
    })
}

/// Erlang C: P(wait) of M/M/c; 1.0 when the load is at least `agents`.
/// NaN for a negative or non-finite load.
pub fn erlang_c(agents: u32, offered_load_erlangs: f64) -> f64 {
    let a = offered_load_erlangs;
    if !(a.is_finite() && a >= 0.0) {
        return f64::NAN;
    }
    let c = f64::from(agents);
    if a >= c {
        return 1.0;
    }
    let b = erlang_b(agents, a);
    b / (1.0 - a / c * (1.0 - b))
}

/// Steady-state metrics of `input` served by `agents` agents.
pub fn metrics(input: &QueueInput, agents: u32) -> Result<QueueMetrics, ErlangError> {
    let model = Model::new(input)?;
    if agents == 0 {
        return Err(ErlangError::InvalidInput {
            name: "agents",
            value: 0.0,
            expected: "at least 1",
        });
    }
    model.evaluate(agents)
}

/// Fewest agents whose service_level >= target_sl (and, when max_occupancy is
/// Some, occupancy <= it), with their metrics.
///
/// Searches upward from a count known to fail (`target·load`, and the load
/// itself without abandonment) by doubling steps, then bisects: O(log c)
/// evaluations of O(c) each, relying on the service level rising and
/// occupancy falling with agents. With traffic the service level is below 1
/// for every finite staff, so `target_sl == 1.0` is [`ErlangError::Unreachable`]
/// unless `per_hour == 0` (then 1 agent).
pub fn required_agents(
    input: &QueueInput,
    target_sl: f64,
    max_occupancy: Option<f64>,
) -> Result<(u32, QueueMetrics), ErlangError> {
    let model = Model::new(input)?;
    check(
        "target_sl",
        target_sl,
        target_sl > 0.0 && target_sl <= 1.0,
        "in (0, 1]",
    )?;
    if let Some(o) = max_occupancy {
        check("max_occupancy", o, o > 0.0 && o <= 1.0, "in (0, 1]")?;
    }
    if model.lambda == 0.0 {
        return Ok((1, model.evaluate(1)?));
    }
    if target_sl >= 1.0 {
        return Err(ErlangError::Unreachable {
            target_sl,
            reason: "with any traffic some tasks wait or abandon, so the service level stays below 1",
        });
    }
    let meets = |agents: u64| -> Result<Option<(u32, QueueMetrics)>, ErlangError> {
        let agents = u32::try_from(agents).map_err(|_| ErlangError::Unreachable {
            target_sl,
            reason: "more than u32::MAX agents would be needed",
        })?;
        match model.evaluate(agents) {
            Err(ErlangError::Unstable { .. }) => Ok(None),
            Err(e) => Err(e),
            Ok(m) => Ok((m.service_level >= target_sl
                && max_occupancy.is_none_or(|o| m.occupancy <= o))
            .then_some((agents, m))),
        }
    };
    let load = model.load;
    // Known failures: c < target·load (SL ≤ P(served) < c/load), with a margin
    // against rounding; and c ≤ load, unstable without abandonment.
    let below_target = ((target_sl * load * (1.0 - 1e-9)).ceil() - 1.0).max(0.0);
    let unstable = if model.theta.is_some() {
        0.0
    } else {
        load.floor()
    };
    let mut lo = below_target.max(unstable) as u64;
    let mut step = (load.sqrt().ceil() as u64).max(1);
    let (mut hi, mut best) = loop {
        let hi = lo.saturating_add(step);
        if let Some(found) = meets(hi)? {
            break (hi, found);
        }
        lo = hi;
        step = step.saturating_mul(2);
    };
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        match meets(mid)? {
            Some(found) => (hi, best) = (mid, found),
            None => lo = mid,
        }
    }
    Ok(best)
}

fn check(
    name: &'static str,
    value: f64,
    ok: bool,
    expected: &'static str,
) -> Result<(), ErlangError> {
    if value.is_finite() && ok {
        Ok(())
    } else {
        Err(ErlangError::InvalidInput {
            name,
            value,
            expected,
        })
    }
}

/// Validated rates per second.
#[derive(Clone, Copy, Debug)]
struct Model {
    lambda: f64,
    mu: f64,
    /// Offered load λ/μ, computed as `per_hour · aht_s / 3600` so round numbers stay exact.
    load: f64,
    theta: Option<f64>,
    t: f64,
}

impl Model {
    fn new(input: &QueueInput) -> Result<Self, ErlangError> {
        let &QueueInput {
            per_hour,
            aht_s,
            patience_s,
            within_s,
        } = input;
        check("per_hour", per_hour, per_hour >= 0.0, "finite and >= 0")?;
        check("aht_s", aht_s, aht_s > 0.0, "finite and > 0")?;
        check("within_s", within_s, within_s >= 0.0, "finite and >= 0")?;
        let lambda = per_hour / 3600.0;
        let load = per_hour * aht_s / 3600.0;
        check(
            "per_hour",
            per_hour,
            load.is_finite(),
            "small enough that per_hour × aht_s is finite",
        )?;
        let theta = match patience_s {
            None => None,
            Some(p) => {
                check(
                    "patience_s",
                    p,
                    p > 0.0,
                    "finite and > 0 (None means nobody abandons)",
                )?;
                check(
                    "patience_s",
                    p,
                    (lambda * p).is_finite() && (p / aht_s * f64::from(u32::MAX)).is_finite(),
                    "small enough that per_hour × patience_s and patience_s / aht_s are finite",
                )?;
                Some(1.0 / p)
            }
        };
        Ok(Self {
            lambda,
            mu: 1.0 / aht_s,
            load,
            theta,
            t: within_s,
        })
    }

    fn evaluate(&self, agents: u32) -> Result<QueueMetrics, ErlangError> {
        let (c, load) = (f64::from(agents), self.load);
        if self.lambda == 0.0 {
            return Ok(QueueMetrics {
                service_level: 1.0,
                p_wait: 0.0,
                asa_s: 0.0,
                mean_queue_time_s: 0.0,
                abandon_rate: 0.0,
                occupancy: 0.0,
            });
        }
        let Some(theta) = self.theta else {
            if load >= c {
                return Err(ErlangError::Unstable {
                    load_erlangs: load,
                    agents,
                });
            }
            let p_wait = erlang_c(agents, load);
            let gap = (c - load) * self.mu; // cμ − λ
            let asa_s = p_wait / gap;
            return Ok(QueueMetrics {
                service_level: 1.0 - p_wait * (-gap * self.t).exp(),
                p_wait,
                asa_s,
                mean_queue_time_s: asa_s,
                abandon_rate: 0.0,
                occupancy: load / c,
            });
        };
        let cmu = c * self.mu;
        let use_chain = cmu / theta > CLOSED_FORM_MAX_X
            && self.lambda > 1e-200 * cmu
            && chain_queue_states(self.lambda, cmu, theta) <= CHAIN_MAX_STATES;
        Ok(if use_chain {
            chain(self, theta, agents)
        } else {
            closed_form(self, theta, agents)
        })
    }
}

/// Largest `x = cμ/θ` for which [`metrics`] trusts the closed form.
const CLOSED_FORM_MAX_X: f64 = 1e4;
/// Largest queue the chain is asked to sum.
const CHAIN_MAX_STATES: f64 = 5e7;
/// Relative size of a neglected tail.
const TAIL: f64 = 1e-18;
/// Weights are renormalised when they exceed this.
const RESCALE_AT: f64 = 1e50;

/// Rough number of queue states the chain visits before its tail is negligible.
fn chain_queue_states(lambda: f64, cmu: f64, theta: f64) -> f64 {
    let spread = 10.0 * (lambda / theta).sqrt() + 10.0;
    if lambda < cmu {
        let geometric = (42.0 - (1.0 - lambda / cmu).ln()) / (cmu / lambda).ln() + 10.0;
        spread.min(geometric)
    } else {
        (lambda - cmu) / theta + spread
    }
}

// ---------------------------------------------------------------------------
// Erlang A, method 1: the birth–death chain.
// ---------------------------------------------------------------------------

/// Erlang A metrics from the birth–death chain (birth λ, death
/// `min(n,c)μ + max(n−c,0)θ`); weights are relative to state `c`.
fn chain(model: &Model, theta: f64, agents: u32) -> QueueMetrics {
    let &Model {
        lambda,
        mu,
        load,
        t,
        ..
    } = model;
    let c = f64::from(agents);
    let cmu = c * mu;
    let keep = sl_levels(cmu, theta, t);

    // Queue side: state c + j, j ≥ 0.
    let (mut up, mut up_queue, mut up_wait, mut ln_up) = (0.0_f64, 0.0_f64, 0.0_f64, 0.0_f64);
    // w_j · P(served | j ahead), the start of a wait that needs j + 1 events.
    let mut served_by_level: Vec<f64> = Vec::new();
    let (mut w, mut harmonic, mut j) = (1.0_f64, 0.0_f64, 0.0_f64);
    loop {
        // Exit rate of a task with j ahead = death rate of state c + j + 1.
        let rate = cmu + (j + 1.0) * theta;
        harmonic += 1.0 / rate;
        let served = w * cmu / rate;
        up += w;
        up_queue += j * w;
        up_wait += served * harmonic;
        if served_by_level.len() < keep {
            served_by_level.push(served);
        }
        let ratio = lambda / rate;
        if ratio < 1.0 && w * ratio < TAIL * up * (1.0 - ratio) {
            break;
        }
        w *= ratio;
        j += 1.0;
        if w > RESCALE_AT {
            up /= w;
            up_queue /= w;
            up_wait /= w;
            served_by_level.iter_mut().for_each(|q| *q /= w);
            ln_up += w.ln();
            w = 1.0;
        }
    }

    // Idle side: states c − 1 down to 0.
    let (mut down, mut down_busy, mut ln_down, mut w) = (0.0_f64, 0.0_f64, 0.0_f64, 1.0_f64);
    for k in (1..=agents).rev().map(f64::from) {
        w *= k / load; // now w_{k−1}
        down += w;
        down_busy += (k - 1.0) * w;
        if w > RESCALE_AT {
            down /= w;
            down_busy /= w;
            ln_down += w.ln();
            w = 1.0;
        }
        let ratio = (k - 1.0) / load;
        if ratio < 1.0 && w * ratio < TAIL * down * (1.0 - ratio) {
            break;
        }
    }

    let top = (ln_up + up.ln()).max(ln_down + down.ln());
    let (fu, fd) = ((ln_up - top).exp(), (ln_down - top).exp());
    let z = fu * up + fd * down;
    let p_wait = fu * up / z;
    let mean_queue = fu * up_queue / z;
    let abandon_rate = theta * mean_queue / lambda;
    let within = served_within(&served_by_level, cmu, theta, t);
    QueueMetrics {
        service_level: (fd * down + fu * within) / z,
        p_wait,
        asa_s: fu * up_wait / z / (1.0 - abandon_rate),
        mean_queue_time_s: mean_queue / lambda,
        abandon_rate,
        occupancy: (fd * down_busy + c * fu * up) / z / c,
    }
}

/// Number of pure-death levels that can reach 0 within `t` with more than
/// e^−50 probability: from level `l` all rates are ≤ `cmu + lθ`, so
/// P(done by t) ≤ P(Poisson((cmu + lθ)t) ≥ l), bounded by Chernoff.
fn sl_levels(cmu: f64, theta: f64, t: f64) -> usize {
    if theta * t >= 1.0 {
        return usize::MAX;
    }
    let chernoff = |l: f64| {
        let s = (cmu + l * theta) * t / l;
        if s >= 1.0 {
            0.0
        } else {
            l * (s - 1.0 - s.ln())
        }
    };
    let mut lo = (cmu * t / (1.0 - theta * t)).max(1.0);
    if chernoff(lo) >= 50.0 {
        return lo.ceil() as usize;
    }
    let mut hi = 2.0 * lo;
    while chernoff(hi) < 50.0 {
        (lo, hi) = (hi, 2.0 * hi);
        if !hi.is_finite() {
            return usize::MAX;
        }
    }
    while hi - lo > 1.0 {
        let mid = 0.5 * (lo + hi);
        if chernoff(mid) < 50.0 {
            lo = mid
        } else {
            hi = mid
        }
    }
    hi.ceil() as usize
}

/// Σ_l q_l · P(Σ_{k=1..l} Exp(cmu + kθ) ≤ t), with `q[l−1]` the weight of
/// level `l`, by uniformization of the pure-death chain at the largest rate.
fn served_within(q: &[f64], cmu: f64, theta: f64, t: f64) -> f64 {
    let levels = q.len();
    let rate_max = cmu + levels as f64 * theta;
    let go: Vec<f64> = (1..=levels)
        .map(|l| (cmu + l as f64 * theta) / rate_max)
        .collect();
    let stay: Vec<f64> = (1..=levels)
        .map(|l| (levels - l) as f64 * theta / rate_max)
        .collect();
    let mut v = q.to_vec();
    let total: f64 = v.iter().sum();
    let mean = rate_max * t;
    // Poisson(mean) has mass < e^−50 outside [first, last].
    let (first, last) = if mean.is_finite() {
        let spread = 10.0 * mean.sqrt();
        (
            (mean - spread).max(0.0).floor() as usize,
            (mean + spread + 50.0).ceil() as usize,
        )
    } else {
        (usize::MAX, usize::MAX)
    };
    let (mut absorbed, mut left, mut top) = (0.0, total, levels);
    let mut history = Vec::new(); // absorbed after `first + i` steps
    let mut step = 0usize;
    loop {
        if step >= first {
            history.push(absorbed);
        }
        if step >= last || left <= TAIL * total || top == 0 {
            break;
        }
        absorbed += v[0] * go[0];
        left = 0.0;
        for i in 0..top - 1 {
            v[i] = v[i] * stay[i] + v[i + 1] * go[i + 1];
            left += v[i];
        }
        v[top - 1] *= stay[top - 1];
        left += v[top - 1];
        step += 1;
        // Level l needs l more steps; drop what cannot finish by `last`.
        top = top.min(last - step);
        while top > 0 && v[top - 1] < 1e-30 * total {
            top -= 1;
        }
    }
    if history.is_empty() {
        return absorbed; // done long before the Poisson mass starts
    }
    poisson_window(mean, first, last)
        .iter()
        .enumerate()
        .map(|(i, p)| p * history.get(i).copied().unwrap_or(absorbed))
        .sum()
}

/// Poisson(mean) probabilities of `first..=last`, normalised over the window.
fn poisson_window(mean: f64, first: usize, last: usize) -> Vec<f64> {
    let mode = (mean.floor() as usize).clamp(first, last);
    let mut p = vec![0.0; last - first + 1];
    p[mode - first] = 1.0;
    for m in mode + 1..=last {
        p[m - first] = p[m - first - 1] * mean / m as f64;
    }
    for m in (first..mode).rev() {
        p[m - first] = p[m - first + 1] * (m + 1) as f64 / mean;
    }
    let sum: f64 = p.iter().sum();
    p.iter_mut().for_each(|x| *x /= sum);
    p
}

// ---------------------------------------------------------------------------
// Erlang A, method 2: the closed form.
// ---------------------------------------------------------------------------

/// `G(v) = P(served, wait > v/θ | wait > 0)` in closed form.
enum ServedTail {
    /// `y ≤ x + 1`: `(x/(x+1)) · e^{−(x+1)v − y(e^{−v}−1)} · A(x+1, y e^{−v}) / A(x, y)`.
    Kummer { x: f64, y: f64, a_xy: f64 },
    /// `y > x + 1`: `(x/y) · P(x+1, y e^{−v}) / P(x, y)`.
    Gamma { x: f64, y: f64, p_xy: f64 },
}

impl ServedTail {
    fn at(&self, v: f64) -> f64 {
        match *self {
            Self::Kummer { x, y, a_xy } => {
                let scale = (-(x + 1.0) * v - y * (-v).exp_m1()).exp();
                x / (x + 1.0) * scale * kummer(x + 1.0, y * (-v).exp()) / a_xy
            }
            Self::Gamma { x, y, p_xy } => {
                let z = y * (-v).exp();
                if z > 0.0 {
                    x / y * gamma_lr(x + 1.0, z) / p_xy
                } else {
                    0.0
                }
            }
        }
    }

    /// `∫_0^∞ G(v) dv`.
    fn integral(&self, x: f64) -> f64 {
        let g0 = self.at(0.0);
        let mut end = 1.0 / (x + 1.0);
        while self.at(end) > 1e-22 * g0 {
            end *= 2.0;
        }
        integrate(|v| self.at(v), 0.0, end, g0)
    }
}

/// `A(a, z) = Σ_k z^k / ((a+1)…(a+k)) = a e^z z^−a γ(a, z)`, for `0 ≤ z ≤ a + 1`.
fn kummer(a: f64, z: f64) -> f64 {
    let (mut sum, mut term, mut k) = (1.0, 1.0, 1.0);
    loop {
        term *= z / (a + k);
        sum += term;
        if term <= 1e-17 * sum || term.is_nan() {
            return sum;
        }
        k += 1.0;
    }
}

/// Erlang A metrics from the Garnett–Mandelbaum–Reiman closed form.
fn closed_form(model: &Model, theta: f64, agents: u32) -> QueueMetrics {
    let &Model {
        lambda,
        mu,
        load,
        t,
        ..
    } = model;
    let c = f64::from(agents);
    let (x, y) = (c * mu / theta, lambda / theta);
    let (tail, ln_a) = if y <= x + 1.0 {
        let a_xy = kummer(x, y);
        (ServedTail::Kummer { x, y, a_xy }, a_xy.ln())
    } else {
        let p_xy = gamma_lr(x, y);
        (
            ServedTail::Gamma { x, y, p_xy },
            ln_gamma(x + 1.0) + y - x * y.ln() + p_xy.ln(),
        )
    };
    let b = erlang_b(agents, load);
    // A·B / (1 + (A−1)·B), safe for huge A and tiny B.
    let p_wait = if b > 0.0 {
        1.0 / (1.0 + (1.0 - b) * (-ln_a).exp() / b)
    } else {
        0.0
    };
    let served = tail.at(0.0);
    let abandon_rate = p_wait * (1.0 - served).max(0.0);
    let within = served - tail.at(theta * t);
    let wait_served = p_wait * tail.integral(x) / theta;
    QueueMetrics {
        service_level: 1.0 - p_wait + p_wait * within,
        p_wait,
        asa_s: wait_served / (1.0 - abandon_rate),
        mean_queue_time_s: abandon_rate / theta,
        abandon_rate,
        occupancy: load * (1.0 - abandon_rate) / c,
    }
}

/// Adaptive Gauss–Kronrod (7/15) of `f` over `[a, b]`: splits the panel with
/// the largest error estimate until the estimates sum below 1e-10 relative
/// (or `1e-17·scale·(b−a)`, `scale` bounding `|f|`), or 400 panels.
fn integrate(f: impl Fn(f64) -> f64, a: f64, b: f64, scale: f64) -> f64 {
    const NODES: [f64; 8] = [
        0.9914553711208126,
        0.9491079123427585,
        0.8648644233597691,
        0.7415311855993945,
        0.5860872354676911,
        0.4058451513773972,
        0.20778495500789848,
        0.0,
    ];
    const KRONROD: [f64; 8] = [
        0.022935322010529224,
        0.06309209262997856,
        0.10479001032225019,
        0.14065325971552592,
        0.1690047266392679,
        0.19035057806478542,
        0.20443294007529889,
        0.20948214108472782,
    ];
    const GAUSS: [f64; 4] = [
        0.1294849661688697,
        0.27970539148927664,
        0.3818300505051189,
        0.4179591836734694,
    ];
    // (lo, hi, integral, error estimate)
    let panel = |lo: f64, hi: f64| {
        let (mid, half) = (0.5 * (lo + hi), 0.5 * (hi - lo));
        let (mut kronrod, mut gauss) = (0.0, 0.0);
        for (i, (&node, &wk)) in NODES.iter().zip(&KRONROD).enumerate() {
            let sum = if node == 0.0 {
                f(mid)
            } else {
                f(mid - half * node) + f(mid + half * node)
            };
            kronrod += wk * sum;
            if i % 2 == 1 {
                gauss += GAUSS[i / 2] * sum;
            }
        }
        (lo, hi, kronrod * half, ((kronrod - gauss) * half).abs())
    };
    let mut panels = vec![panel(a, b)];
    loop {
        let (total, error) = panels
            .iter()
            .fold((0.0, 0.0), |(s, e), p| (s + p.2, e + p.3));
        let worst = panels
            .iter()
            .enumerate()
            .max_by(|p, q| p.1.3.total_cmp(&q.1.3))
            .map_or(0, |(i, _)| i);
        if error <= (1e-10 * total.abs()).max(1e-17 * scale * (b - a)) || panels.len() >= 400 {
            return total;
        }
        let (lo, hi, _, _) = panels.swap_remove(worst);
        let mid = 0.5 * (lo + hi);
        panels.push(panel(lo, mid));
        panels.push(panel(mid, hi));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    fn input(per_hour: f64, aht_s: f64, patience_s: Option<f64>, within_s: f64) -> QueueInput {
        QueueInput {
            per_hour,
            aht_s,
            patience_s,
            within_s,
        }
    }

    fn fields(m: &QueueMetrics) -> [f64; 6] {
        [
            m.service_level,
            m.p_wait,
            m.asa_s,
            m.mean_queue_time_s,
            m.abandon_rate,
            m.occupancy,
        ]
    }

    const NAMES: [&str; 6] = [
        "service_level",
        "p_wait",
        "asa_s",
        "mean_queue_time_s",
        "abandon_rate",
        "occupancy",
    ];

    /// Relative difference, or 0 when they are within `floor` of each other.
    fn rel_diff(a: f64, b: f64, floor: f64) -> f64 {
        let d = (a - b).abs();
        if d <= floor {
            0.0
        } else {
            d / a.abs().max(b.abs())
        }
    }

    fn assert_close(got: &QueueMetrics, want: [f64; 6], rel: f64, what: &str) {
        for ((name, g), w) in NAMES.iter().zip(fields(got)).zip(want) {
            assert!(
                rel_diff(g, w, 1e-15) <= rel,
                "{what}: {name} = {g}, expected {w}"
            );
        }
    }

    #[test]
    fn erlang_b_matches_exact_rationals() {
        // B(c, a) computed exactly with rational arithmetic.
        let cases = [
            (1, 0.5, 0.3333333333333333),
            (10, 5.0, 0.018384570336648132),
            (14, 10.0, 0.05681914338652086),
            (100, 80.0, 0.003992028604553197),
            (1000, 950.0, 0.0036492936889424097),
            (10000, 9500.0, 9.642737926005892e-9),
            (10000, 10000.0, 0.007936563248805671),
            (50, 0.1, 2.975059660779186e-115),
            (3, 12.0, 0.7721179624664879),
        ];
        for (c, a, b) in cases {
            let got = erlang_b(c, a);
            assert!(
                rel_diff(got, b, 0.0) < 1e-14,
                "B({c}, {a}) = {got}, expected {b}"
            );
        }
        assert_eq!(erlang_b(0, 3.0), 1.0);
        assert_eq!(erlang_b(5, 0.0), 0.0);
        assert_eq!(erlang_b(1_000_000, 1.0), 0.0); // underflows gracefully
        assert!(erlang_b(3, -1.0).is_nan() && erlang_b(3, f64::INFINITY).is_nan());
    }

    #[test]
    fn erlang_c_values() {
        assert!((erlang_c(14, 10.0) - 0.17413).abs() < 5e-6);
        assert_eq!(erlang_c(10, 10.0), 1.0);
        assert_eq!(erlang_c(10, 12.0), 1.0);
        assert_eq!(erlang_c(0, 0.0), 1.0);
        assert_eq!(erlang_c(3, 0.0), 0.0);
        assert!(erlang_c(3, f64::NAN).is_nan());
        // C = c·B / (c − a(1 − B)) for 10,000 agents, against the exact B.
        let b: f64 = 9.642737926005892e-9;
        let want = 10000.0 * b / (10000.0 - 9500.0 * (1.0 - b));
        assert!(rel_diff(erlang_c(10000, 9500.0), want, 0.0) < 1e-12);
    }

    #[test]
    fn published_erlang_c() {
        let m = metrics(&input(200.0, 180.0, None, 20.0), 14).expect("stable");
        assert!((m.p_wait - 0.17413).abs() < 5e-6, "{m:?}");
        assert!((m.service_level - 0.88835).abs() < 5e-6, "{m:?}");
        assert!((m.asa_s - 7.836).abs() < 5e-4, "{m:?}");
        assert!((m.occupancy - 0.71429).abs() < 5e-6, "{m:?}");
        assert_eq!(m.abandon_rate, 0.0);
        assert_eq!(m.mean_queue_time_s, m.asa_s);
    }

    #[test]
    fn published_erlang_a() {
        let m = metrics(&input(200.0, 180.0, Some(300.0), 20.0), 14).expect("valid");
        assert!((m.p_wait - 0.14526).abs() < 5e-6, "{m:?}");
        assert!((m.abandon_rate - 0.013984).abs() < 5e-7, "{m:?}");
        assert!((m.service_level - 0.916792).abs() < 5e-7, "{m:?}");
        assert!((m.occupancy - 0.704297).abs() < 5e-7, "{m:?}");
    }

    /// 40-digit references (mpmath: chain sums for the stationary metrics,
    /// regularised incomplete gamma for the service level).
    /// (per_hour, aht_s, patience_s, within_s, agents) and the expected fields.
    type Reference = ((f64, f64, f64, f64, u32), [f64; 6]);

    const REFERENCES: [Reference; 8] = [
        (
            (200.0, 180.0, 300.0, 20.0, 14),
            [
                0.9167920918635468,
                0.1452601142963612,
                3.878480044521022,
                4.195123236722681,
                0.013983744122408938,
                0.7042973256268508,
            ],
        ),
        (
            (180.0, 60.0, 120.0, 20.0, 3),
            [
                0.5219138784383149,
                0.6462722111517873,
                20.698095587915354,
                22.47211835035704,
                0.187267652919642,
                0.812732347080358,
            ],
        ),
        (
            (19600.0, 180.0, 600.0, 20.0, 1000),
            [
                0.9942939845701034,
                0.3304150998853195,
                1.6957596580396457,
                1.703728878190718,
                0.002839548130317863,
                0.9772172428322885,
            ],
        ),
        (
            (105000.0, 180.0, 540.0, 20.0, 5000),
            [
                0.07179030157623834,
                0.9999999992028255,
                26.328688853137514,
                25.71428571580054,
                0.04761904762185285,
                0.9999999999970545,
            ],
        ),
        (
            (198000.0, 180.0, 1800.0, 20.0, 10000),
            [
                0.9998201565653814,
                0.2089391340830369,
                0.32350685875773905,
                0.32371178634698816,
                0.00017983988130388233,
                0.9898219585175092,
            ],
        ),
        (
            (10.0, 180.0, 9.0, 20.0, 1),
            [
                0.6757299595757876,
                0.3386467071106573,
                0.20299078366538728,
                2.904359272008169,
                0.32270658577868544,
                0.3386467071106573,
            ],
        ),
        (
            (1200.0, 180.0, 180000.0, 20.0, 50),
            [
                5.632050956826722e-36,
                1.0,
                32816.08022891183,
                30000.0,
                0.16666666666666666,
                1.0,
            ],
        ),
        (
            (50.0, 300.0, 60.0, 0.0, 2),
            [
                0.2420430828967264,
                0.7579569171032736,
                21.392441697456093,
                35.36001788927019,
                0.5893336314878365,
                0.8555549344003407,
            ],
        ),
    ];

    #[test]
    fn erlang_a_matches_high_precision_references() {
        for ((per_hour, aht, patience, within, c), want) in REFERENCES {
            let got = metrics(&input(per_hour, aht, Some(patience), within), c).expect("valid");
            assert_close(&got, want, 1e-12, &format!("metrics, {c} agents"));
            let model = Model::new(&input(per_hour, aht, Some(patience), within)).expect("valid");
            let theta = 1.0 / patience;
            assert_close(
                &chain(&model, theta, c),
                want,
                1e-12,
                &format!("chain, {c} agents"),
            );
            let x = f64::from(c) * patience / aht;
            if x <= CLOSED_FORM_MAX_X {
                let cf = closed_form(&model, theta, c);
                assert_close(&cf, want, 1e-12, &format!("closed form, {c} agents"));
            }
        }
    }

    #[test]
    fn chain_and_closed_form_agree_over_grid() {
        let aht = 180.0;
        let mut worst = [0.0_f64; 6];
        let mut cases = 0;
        for c in [1u32, 2, 5, 10, 30, 100, 300, 1000, 2000, 5000] {
            for rho in [0.5, 0.8, 0.95, 1.0, 1.05, 1.2] {
                for patience_in_aht in [0.05, 0.3, 1.0, 3.0, 30.0, 1000.0] {
                    for t in [0.0, 20.0, 120.0] {
                        let per_hour = rho * f64::from(c) / aht * 3600.0;
                        let patience = patience_in_aht * aht;
                        let model =
                            Model::new(&input(per_hour, aht, Some(patience), t)).expect("valid");
                        let a = chain(&model, 1.0 / patience, c);
                        let b = closed_form(&model, 1.0 / patience, c);
                        for (i, (u, v)) in fields(&a).into_iter().zip(fields(&b)).enumerate() {
                            let d = rel_diff(u, v, 1e-14);
                            assert!(
                                d <= 1e-9,
                                "c={c} rho={rho} patience={patience_in_aht}×AHT t={t}: {} chain {u} vs closed form {v}",
                                NAMES[i]
                            );
                            worst[i] = worst[i].max(d);
                        }
                        cases += 1;
                    }
                }
            }
        }
        println!("{cases} cases; largest relative chain/closed-form gaps:");
        for (name, w) in NAMES.iter().zip(worst) {
            println!("  {name}: {w:.1e}");
        }
    }

    #[test]
    fn erlang_a_tends_to_erlang_c() {
        for (per_hour, c) in [(200.0, 14), (19600.0, 1000)] {
            let erlang_c =
                fields(&metrics(&input(per_hour, 180.0, None, 20.0), c).expect("stable"));
            // The gap is first order in θ = 1/patience: 100× the patience, 1/100 the gap.
            let mut previous = f64::INFINITY;
            for patience in [1e5, 1e7, 1e9, 1e11] {
                let m = metrics(&input(per_hour, 180.0, Some(patience), 20.0), c).expect("valid");
                let gap = fields(&m)
                    .iter()
                    .zip(erlang_c)
                    .take(4)
                    .map(|(a, b)| rel_diff(*a, b, 0.0))
                    .fold(0.0, f64::max);
                assert!(
                    (50.0..200.0).contains(&(previous / gap)) || previous.is_infinite(),
                    "patience {patience}: gap {gap} after {previous}"
                );
                assert!(m.abandon_rate < 100.0 / patience, "{m:?}");
                previous = gap;
            }
            assert!(previous < 1e-7, "gap {previous} at patience 1e11 s");
        }
    }

    #[test]
    fn overloaded_with_very_patient_tasks() {
        // 20% overload, patience 1e9 s: too long a queue for the chain.
        let m = metrics(&input(240.0, 180.0, Some(1e9), 20.0), 10).expect("valid");
        assert!(fields(&m).iter().all(|v| v.is_finite()), "{m:?}");
        assert!((m.abandon_rate - (1.0 - 1.0 / 1.2)).abs() < 1e-9, "{m:?}");
        assert!(
            m.service_level < 1e-9 && (m.occupancy - 1.0).abs() < 1e-9,
            "{m:?}"
        );
    }

    #[test]
    fn monotone_in_agents() {
        for patience in [None, Some(30.0), Some(300.0), Some(3000.0), Some(1e6)] {
            for (per_hour, agents) in [(200.0, 1..40), (19600.0, 900..1040), (196000.0, 9790..9830)]
            {
                let mut prev: Option<QueueMetrics> = None;
                for c in agents {
                    let Ok(m) = metrics(&input(per_hour, 180.0, patience, 20.0), c) else {
                        continue; // unstable
                    };
                    if let Some(p) = prev {
                        let slack = 1e-12;
                        assert!(
                            m.service_level >= p.service_level - slack,
                            "SL fell at {c}: {patience:?}"
                        );
                        assert!(
                            m.p_wait <= p.p_wait + slack,
                            "p_wait rose at {c}: {patience:?}"
                        );
                        assert!(
                            m.abandon_rate <= p.abandon_rate + slack,
                            "abandon rose at {c}: {patience:?}"
                        );
                        assert!(
                            m.occupancy <= p.occupancy + slack,
                            "occupancy rose at {c}: {patience:?}"
                        );
                        assert!(
                            m.asa_s <= p.asa_s * (1.0 + slack),
                            "ASA rose at {c}: {patience:?}"
                        );
                    }
                    prev = Some(m);
                }
            }
        }
    }

    fn meets(m: &QueueMetrics, target: f64, max_occ: Option<f64>) -> bool {
        m.service_level >= target && max_occ.is_none_or(|o| m.occupancy <= o)
    }

    #[test]
    fn required_agents_is_minimal() {
        let mut checked = 0;
        for per_hour in [1.0, 30.0, 200.0, 2000.0, 19600.0, 60000.0] {
            for patience in [None, Some(20.0), Some(300.0), Some(7200.0)] {
                for within in [0.0, 20.0, 60.0] {
                    for target in [0.3, 0.8, 0.95, 0.999] {
                        for max_occ in [None, Some(0.85)] {
                            let q = input(per_hour, 180.0, patience, within);
                            let (n, m) = required_agents(&q, target, max_occ).expect("reachable");
                            assert_eq!(metrics(&q, n), Ok(m));
                            assert!(
                                meets(&m, target, max_occ),
                                "{q:?} {target} {max_occ:?}: {n} fails"
                            );
                            if n > 1
                                && let Ok(below) = metrics(&q, n - 1)
                            {
                                assert!(
                                    !meets(&below, target, max_occ),
                                    "{q:?} {target} {max_occ:?}: {} meets",
                                    n - 1
                                );
                            }
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert_eq!(checked, 6 * 4 * 3 * 4 * 2);
        // Load 10 Erlangs, within 20 s: SL(13) = 0.7956, SL(14) = 0.8884, occupancy(14) = 0.714.
        let q = input(200.0, 180.0, None, 20.0);
        assert_eq!(required_agents(&q, 0.8, None).map(|r| r.0), Ok(14));
        assert_eq!(required_agents(&q, 0.795, None).map(|r| r.0), Ok(13));
        assert_eq!(required_agents(&q, 0.8, Some(0.7)).map(|r| r.0), Ok(15));
    }

    #[test]
    fn required_agents_is_fast_for_thousands_of_agents() {
        for (per_hour, patience) in [
            (19_600.0, None),
            (19_600.0, Some(300.0)),
            (196_000.0, None),
            (196_000.0, Some(300.0)),
        ] {
            let q = input(per_hour, 180.0, patience, 20.0);
            let start = Instant::now();
            let (n, m) = required_agents(&q, 0.8, None).expect("reachable");
            let elapsed = start.elapsed();
            println!("required_agents: {n} agents, patience {patience:?}: {elapsed:?}");
            assert!(meets(&m, 0.8, None));
            assert!(!meets(&metrics(&q, n - 1).expect("stable"), 0.8, None));
            assert!(elapsed.as_secs_f64() < 5.0, "{elapsed:?}");
        }
    }

    /// xorshift64: a tiny deterministic generator for the simulation test.
    struct XorShift(u64);

    impl XorShift {
        fn uniform(&mut self) -> f64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            ((self.0 >> 11) as f64 + 0.5) / (1u64 << 53) as f64
        }

        fn exp(&mut self, rate: f64) -> f64 {
            -self.uniform().ln() / rate
        }
    }

    /// Batch means of [SL, P(wait), abandon rate, mean queue time, ASA]
    /// from an FCFS M/M/c+M simulation.
    fn simulate(lambda: f64, mu: f64, theta: f64, c: usize, t: f64) -> Vec<[f64; 5]> {
        let (warmup, batches, per_batch) = (20_000, 200, 2_000);
        let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
        let mut free = vec![0.0_f64; c];
        let mut now = 0.0;
        let mut out = Vec::new();
        let mut acc = [0.0_f64; 6]; // within, waited, abandoned, queue time, served wait, served
        for n in 0..warmup + batches * per_batch {
            now += rng.exp(lambda);
            let (agent, &earliest) = free
                .iter()
                .enumerate()
                .min_by(|a, b| a.1.total_cmp(b.1))
                .expect("agents");
            let offered = (earliest - now).max(0.0);
            let patience = rng.exp(theta);
            let service = rng.exp(mu);
            let served = patience >= offered;
            let wait = if served { offered } else { patience };
            if served {
                free[agent] = now + offered + service;
            }
            if n < warmup {
                continue;
            }
            let sample = [
                f64::from(u8::from(served && wait <= t)),
                f64::from(u8::from(offered > 0.0)),
                f64::from(u8::from(!served)),
                wait,
                if served { wait } else { 0.0 },
                f64::from(u8::from(served)),
            ];
            acc.iter_mut().zip(sample).for_each(|(a, s)| *a += s);
            if (n - warmup + 1) % per_batch == 0 {
                let k = per_batch as f64;
                out.push([
                    acc[0] / k,
                    acc[1] / k,
                    acc[2] / k,
                    acc[3] / k,
                    acc[4] / acc[5],
                ]);
                acc = [0.0; 6];
            }
        }
        out
    }

    #[test]
    fn monte_carlo_confirms_definitions() {
        // 3 agents, AHT 60 s, 3 calls/min (ρ = 1), patience 120 s, SL within 20 s.
        let (lambda, mu, theta, c, t) = (3.0 / 60.0, 1.0 / 60.0, 1.0 / 120.0, 3, 20.0);
        let exact = metrics(&input(180.0, 60.0, Some(120.0), t), c as u32).expect("valid");
        let want = [
            exact.service_level,
            exact.p_wait,
            exact.abandon_rate,
            exact.mean_queue_time_s,
            exact.asa_s,
        ];
        let batches = simulate(lambda, mu, theta, c, t);
        let k = batches.len() as f64;
        for (i, name) in [
            "service_level",
            "p_wait",
            "abandon_rate",
            "mean_queue_time_s",
            "asa_s",
        ]
        .iter()
        .enumerate()
        {
            let mean = batches.iter().map(|b| b[i]).sum::<f64>() / k;
            let var = batches.iter().map(|b| (b[i] - mean).powi(2)).sum::<f64>() / (k - 1.0);
            let se = (var / k).sqrt();
            println!(
                "{name}: simulated {mean:.5} ± {se:.5}, exact {:.5}",
                want[i]
            );
            assert!(
                (mean - want[i]).abs() < 4.0 * se,
                "{name}: simulated {mean} ± {se}, exact {}",
                want[i]
            );
        }
    }

    #[test]
    fn idle_queue_is_trivially_met() {
        for patience in [None, Some(60.0)] {
            let q = input(0.0, 180.0, patience, 20.0);
            let m = metrics(&q, 3).expect("valid");
            assert_eq!(fields(&m), [1.0, 0.0, 0.0, 0.0, 0.0, 0.0]);
            assert_eq!(required_agents(&q, 1.0, Some(0.5)), Ok((1, m)));
        }
    }

    #[test]
    fn tiny_load_has_no_waiting() {
        let m = metrics(&input(1e-250, 180.0, Some(60.0), 20.0), 14).expect("valid");
        assert!(fields(&m).iter().all(|v| v.is_finite()), "{m:?}");
        assert_eq!(m.service_level, 1.0);
    }

    #[test]
    fn invalid_inputs_are_rejected() {
        let ok = input(200.0, 180.0, Some(300.0), 20.0);
        let bad = [
            (input(-1.0, 180.0, None, 20.0), "per_hour"),
            (input(f64::NAN, 180.0, None, 20.0), "per_hour"),
            (input(f64::INFINITY, 180.0, None, 20.0), "per_hour"),
            (input(1e307, 1e10, None, 20.0), "per_hour"),
            (input(200.0, 0.0, None, 20.0), "aht_s"),
            (input(200.0, -3.0, None, 20.0), "aht_s"),
            (input(200.0, f64::INFINITY, None, 20.0), "aht_s"),
            (input(200.0, 180.0, None, -1.0), "within_s"),
            (input(200.0, 180.0, None, f64::NAN), "within_s"),
            (input(200.0, 180.0, Some(0.0), 20.0), "patience_s"),
            (input(200.0, 180.0, Some(-5.0), 20.0), "patience_s"),
            (input(200.0, 180.0, Some(f64::INFINITY), 20.0), "patience_s"),
            (input(200.0, 1e-300, Some(1e300), 20.0), "patience_s"),
        ];
        for (q, field) in bad {
            for err in [
                metrics(&q, 14).map(|_| ()),
                required_agents(&q, 0.8, None).map(|_| ()),
            ] {
                match err {
                    Err(ErlangError::InvalidInput { name, .. }) => assert_eq!(name, field, "{q:?}"),
                    other => panic!("{q:?}: {other:?}"),
                }
            }
        }
        let name_of = |r: Result<(u32, QueueMetrics), ErlangError>| match r {
            Err(ErlangError::InvalidInput { name, .. }) => name,
            other => panic!("{other:?}"),
        };
        for target in [0.0, -0.5, 1.5, f64::NAN] {
            assert_eq!(name_of(required_agents(&ok, target, None)), "target_sl");
        }
        for occ in [0.0, 1.01, f64::INFINITY] {
            assert_eq!(
                name_of(required_agents(&ok, 0.8, Some(occ))),
                "max_occupancy"
            );
        }
        let err = metrics(&ok, 0).expect_err("no agents");
        assert_eq!(err.to_string(), "invalid agents = 0: must be at least 1");
    }

    #[test]
    fn unstable_and_unreachable() {
        let q = input(200.0, 180.0, None, 20.0);
        let err = metrics(&q, 10).expect_err("load 10 on 10 agents");
        assert_eq!(
            err,
            ErlangError::Unstable {
                load_erlangs: 10.0,
                agents: 10
            }
        );
        let text = err.to_string();
        assert!(
            text.contains("10 Erlangs") && text.contains("more than 10 agents"),
            "{text}"
        );
        assert!(
            metrics(&input(200.0, 180.0, Some(300.0), 20.0), 5).is_ok(),
            "abandonment is always stable"
        );

        for patience in [None, Some(300.0)] {
            let q = input(200.0, 180.0, patience, 20.0);
            assert!(matches!(
                required_agents(&q, 1.0, None),
                Err(ErlangError::Unreachable { .. })
            ));
            let (n, m) = required_agents(&q, 1.0 - 1e-12, None).expect("reachable");
            assert!(m.service_level >= 1.0 - 1e-12 && n < 60, "{n}");
        }
        let huge = input(1e15, 180.0, None, 20.0);
        assert!(matches!(
            required_agents(&huge, 0.8, None),
            Err(ErlangError::Unreachable { .. })
        ));
    }
}
