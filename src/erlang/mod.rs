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

/// The most agents a staffing question is answered for: far beyond any
/// contact centre, and a bound on the work of every search.
pub const MAX_AGENTS: u32 = 100_000;

/// Fewest agents whose service_level >= target_sl (and, when max_occupancy is
/// Some, occupancy <= it), with their metrics.
///
/// Searches upward from a count known to fail (`target·load`, and the load
/// itself without abandonment) by doubling steps, then bisects: O(log c)
/// evaluations of O(c) each, relying on the service level rising and
/// occupancy falling with agents. With traffic the service level is below 1
/// for every finite staff, so `target_sl == 1.0` is [`ErlangError::Unreachable`]
/// unless `per_hour == 0` (then 1 agent), and so is a need above
/// [`MAX_AGENTS`].
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
        let agents = u32::try_from(agents)
            .ok()
            .filter(|&n| n <= MAX_AGENTS)
            .ok_or(ErlangError::Unreachable {
                target_sl,
                reason: "more than 100,000 agents would be needed",
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
        let states = chain_queue_states(self.lambda, cmu, theta);
        // The service level sums the states by uniformization: about
        // states × (largest rate × t) steps; beyond a budget the closed form
        // answers (extreme overloads with hours-long targets).
        let steps = (cmu + states * theta) * self.t
            + 10.0 * ((cmu + states * theta) * self.t).sqrt()
            + 50.0;
        let use_chain = cmu / theta > CLOSED_FORM_MAX_X
            && self.lambda > 1e-200 * cmu
            && states <= CHAIN_MAX_STATES
            && states * steps <= CHAIN_MAX_WORK;
        let m = if use_chain {
            chain(self, theta, agents)
        } else {
            closed_form(self, theta, agents)
        };
        // Shares are shares: rounding in extreme regimes must not leave [0, 1].
        let share = |x: f64| x.clamp(0.0, 1.0);
        Ok(QueueMetrics {
            service_level: share(m.service_level),
            p_wait: share(m.p_wait),
            abandon_rate: share(m.abandon_rate),
            occupancy: share(m.occupancy),
            ..m
        })
    }
}

/// Largest `x = cμ/θ` for which [`metrics`] trusts the closed form.
const CLOSED_FORM_MAX_X: f64 = 1e4;
/// Largest queue the chain is asked to sum.
const CHAIN_MAX_STATES: f64 = 5e7;
/// Most state-steps of the chain's service-level sum.
const CHAIN_MAX_WORK: f64 = 2e9;
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
    // w_j · P(served | j ahead), the start of a wait that needs j + 1 events,
    // with the log-scale in force when it was recorded (rescaled at the end,
    // not each time the weights are: that would be quadratic).
    let mut served_by_level: Vec<f64> = Vec::new();
    let mut scale_at: Vec<f64> = Vec::new();
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
            scale_at.push(ln_up);
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
            ln_up += w.ln();
            w = 1.0;
        }
    }

    for (q, at) in served_by_level.iter_mut().zip(&scale_at) {
        if *at != ln_up {
            *q *= (at - ln_up).exp();
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
mod tests;
