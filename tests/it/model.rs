//! Behaviour of the BPO operations model: conservation of work, queueing
//! theory, carry-over, escalation, rework, priority classes, routing, time
//! zones, demand shapes, chat concurrency, real-time first, unstaffed lines,
//! shrinkage and shifts.
//!
//! Statistical checks use fixed seeds and tolerances of 4.5 standard errors
//! (a two-sided normal tail of 7e-6; with Student t and 9 degrees of freedom
//! still below 0.002), estimated from independent replications or from the
//! binomial/Poisson law of the counted quantity. Where a test compares with a
//! formula it also checks that the tolerance is narrower than the gap to the
//! most plausible wrong behaviour, so that each test can fail.

use bposim::engine::time::DAY;
use bposim::model::sim::simulate;
use bposim::model::tally::{LineTally, ReplicationResult};
use bposim::scenario::{Plan, Source, load};
use bposim::summarize::summarize;

use crate::common::{With, bposim, deferred, fixed, plan, realtime, write};

/// Standard errors allowed between an estimate and its expected value.
const Z: f64 = 4.5;

/// Loads `text` and simulates every replication.
fn run(text: &str) -> (Plan, Vec<ReplicationResult>) {
    let plan = plan(text);
    let reps = (0..plan.replications).map(|r| simulate(&plan, r)).collect();
    (plan, reps)
}

/// Mean and standard error of the mean of independent replications.
fn mean_se(values: &[f64]) -> (f64, f64) {
    let n = values.len() as f64;
    assert!(n >= 2.0, "need at least two replications");
    let mean = values.iter().sum::<f64>() / n;
    let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, (var / n).sqrt())
}

/// Asserts `|estimate − expected| ≤ Z·se`, with a readable message.
fn assert_close(what: &str, estimate: f64, expected: f64, se: f64) {
    assert!(
        (estimate - expected).abs() <= Z * se,
        "{what}: got {estimate:.5}, expected {expected:.5} ± {:.5} ({Z} standard errors of {se:.5})",
        Z * se
    );
}

/// Whole-horizon tally of line `l` in each replication.
fn totals(reps: &[ReplicationResult], l: usize) -> Vec<LineTally> {
    reps.iter().map(|r| r.line_total(l)).collect()
}

/// Per-replication values of `num / den` over the whole horizon of line `l`.
fn ratio(reps: &[ReplicationResult], l: usize, f: impl Fn(&LineTally) -> (f64, f64)) -> Vec<f64> {
    totals(reps, l)
        .iter()
        .map(|t| {
            let (n, d) = f(t);
            n / d
        })
        .collect()
}

/// Erlang C: probability that an arrival waits in M/M/c with offered load `a` = λ/μ < c.
fn erlang_c(c: u32, a: f64) -> f64 {
    // Erlang B by the stable recursion B(k) = a·B(k−1) / (k + a·B(k−1)).
    let mut b = 1.0;
    for k in 1..=c {
        b = a * b / (f64::from(k) + a * b);
    }
    let rho = a / f64::from(c);
    b / (1.0 - rho * (1.0 - b))
}

/// P(W + S ≤ t) when P(W > 0) = `p_wait`, W | W > 0 ~ Exp(θ) and S ~ Exp(μ),
/// independent. This is the M/M/c FIFO sojourn time (θ = cμ − λ), and the
/// top class of a non-preemptive priority M/M/c with equal service rates
/// (θ = cμ − λ₁, p_wait still the Erlang C of the total load).
fn sojourn_within(p_wait: f64, theta: f64, mu: f64, t: f64) -> f64 {
    let tail_service = (-mu * t).exp();
    // P(Exp(θ) + Exp(μ) > t): the hypoexponential tail.
    let tail_both = if (theta - mu).abs() < 1e-12 {
        (1.0 + mu * t) * tail_service
    } else {
        (theta * tail_service - mu * (-theta * t).exp()) / (theta - mu)
    };
    1.0 - ((1.0 - p_wait) * tail_service + p_wait * tail_both)
}

/// P(W ≤ t) of M/M/c FIFO (or of the top priority class, as above).
fn wait_within(p_wait: f64, theta: f64, t: f64) -> f64 {
    1.0 - p_wait * (-theta * t).exp()
}

// ---------------------------------------------------------------------------
// 1. Conservation of work
// ---------------------------------------------------------------------------
//
// The identity the model satisfies, per line: every task counted as offered
// (arrived after warm-up and before the horizon's end, from outside or by
// escalation) ends the run in exactly one state —
//   handled (its final, good service started; counted once, at that start),
//   abandoned (real-time client gave up), or
//   unresolved (still queued, or in a service the quality check will reject).
// Rework is neither offered nor handled again; an escalation is offered anew
// on the receiving line. Real-time queues are drained after the horizon (up to
// 7 days), so a real-time line without a quality check has no unresolved
// tasks and the identity holds month by month (statistics belong to the month
// of arrival):
//     offered[m] = handled[m] + abandoned[m].
// A deferred line's unresolved tasks are the backlog. When warm-up is 0 (every
// queued task is counted) and the horizon ends while no agent is on duty and
// nobody holds work in hand, nothing changes between the month-end backlog
// count and the end of the run, so
//     Σm offered = Σm handled + Σm abandoned + backlog[last]     exactly.
// With a warm-up the backlog may also hold uncounted warm-up tasks, so only
// "≤" holds; and per month, the counted tasks of months ≤ m left unresolved at
// the end were all waiting at the end of month m (without quality checks).

fn assert_realtime_identity(reps: &[ReplicationResult], l: usize, id: &str) {
    for r in reps {
        for (m, t) in r.lines[l].iter().enumerate() {
            assert_eq!(
                t.offered,
                t.handled + t.abandoned,
                "line {id}, month {m}, replication {}: offered = handled + abandoned ({t:?})",
                r.replication
            );
        }
    }
}

fn assert_deferred_identity(reps: &[ReplicationResult], l: usize, id: &str) {
    for r in reps {
        let t = r.line_total(l);
        let backlog = *r.backlog[l].last().unwrap();
        assert_eq!(
            t.offered,
            t.handled + t.abandoned + backlog,
            "line {id}, replication {}: offered = handled + abandoned + backlog at the end ({t:?})",
            r.replication
        );
    }
}

#[test]
fn conservation_realtime_month_by_month() {
    // 45 days from January (two months), warm-up 2 days, load 10 Erlangs on 10
    // agents with impatient clients: many abandon; the calls still waiting at
    // the end of the horizon are answered (or abandon) during the drain.
    let text = fixed(&[realtime("voice")]).with(&[
        "scenario = { name = 'rt conservation', days = 45, warmup_days = 2, replications = 3, seed = 3 }",
        "service_line.voice.volume.per_hour = 120",
        "service_line.voice.patience = { dist = 'exponential', mean_s = 200 }",
        "workforce.on_duty.voice = 10",
    ]);
    let (_, reps) = run(&text);
    assert_realtime_identity(&reps, 0, "voice");
    for r in &reps {
        assert_eq!(r.lines[0].len(), 2);
        assert!(
            r.lines[0]
                .iter()
                .all(|t| t.abandoned > 100 && t.handled > 1000)
        );
    }
}

#[test]
fn conservation_deferred_backlog_closes_the_books() {
    // 24x7 deferred line at 105% load: a backlog builds and is open at the end.
    let text = |warmup: u32| {
        fixed(&[deferred("tickets")]).with(&[
            "scenario = { name = 'deferred conservation', days = 40, replications = 3, seed = 4 }",
            &format!("scenario.warmup_days = {warmup}"),
            "service_line.tickets.volume.per_hour = 21",
            "service_line.tickets.handle_time.mean_min = 15",
            "service_line.tickets.target.within_h = 8",
            "workforce.on_duty.tickets = 5",
        ])
    };
    let (_, reps) = run(&text(0));
    assert_deferred_identity(&reps, 0, "tickets");
    for r in &reps {
        assert!(
            r.backlog[0][1] > 0,
            "overloaded: backlog at the end is positive"
        );
        // Tasks of months ≤ m still unresolved at the end were waiting at the end of m.
        let mut unresolved = 0;
        for m in 0..2 {
            let t = &r.lines[0][m];
            unresolved += t.offered - t.handled - t.abandoned;
            assert!(unresolved <= r.backlog[0][m], "month {m}");
        }
    }
    // With a warm-up, uncounted warm-up tasks may still be in the backlog.
    let (_, reps) = run(&text(3));
    for r in &reps {
        let t = r.line_total(0);
        assert!(t.offered <= t.handled + r.backlog[0][1]);
        assert!(t.offered > t.handled);
    }
}

#[test]
fn conservation_with_escalation_quality_classes_chat_and_closing_hours() {
    // From Monday 1 June 2026 to Saturday 4 July 00:00 (site time, UTC+5),
    // warm-up 0. chat (client UTC+3) is open 11:00–20:00 site time, l1 (client
    // UTC+1) 13:00–22:00, l2 Mon–Sat 08:00–20:00. Handle times are bounded, so
    // by Saturday 00:00 every agent has finished the work in hand and gone home:
    // the end of the horizon is a quiet moment and the identity is exact.
    let text = fixed(&[realtime("chat"), deferred("l1"), deferred("l2")]).with(&[
        "scenario = { name = 'everything', start = '2026-06', days = 33, warmup_days = 0, replications = 3, seed = 5 }",
        "scenario.site_utc_offset_h = 5",
        "service_line.chat.hours = { days = 'Mon-Fri', open = '09:00', close = '18:00' }",
        "service_line.chat.client_utc_offset_h = 3",
        "service_line.chat.concurrency = 2",
        "service_line.chat.volume.per_hour = 40",
        "service_line.chat.handle_time = { dist = 'uniform', min_s = 120, max_s = 900 }",
        "service_line.chat.patience = { dist = 'exponential', mean_s = 60 }",
        "service_line.chat.target.within_s = 30",
        "service_line.chat.price_usd = 1.5",
        "service_line.l1.hours = 'business'",
        "service_line.l1.client_utc_offset_h = 1",
        "service_line.l1.volume = { per_day = 330 }",
        "service_line.l1.handle_time = { dist = 'uniform', min_s = 300, max_s = 1500 }",
        "-service_line.l1.target",
        "service_line.l1.classes = [
            { name = 'P1', share = 0.2, service_level = 0.9, within_h = 4 },
            { name = 'P2', share = 0.8, service_level = 0.8, within_h = 24 },
        ]",
        "service_line.l1.escalate = { to = 'l2', share = 0.25 }",
        "service_line.l1.quality = { sample = 0.5, defect_rate = 0.2 }",
        "service_line.l1.price_usd = 4",
        "service_line.l2.hours = 'extended'",
        "service_line.l2.handle_time = { dist = 'triangular', min_s = 600, mode_s = 1200, max_s = 2400 }",
        "service_line.l2.target.within_h = 48",
        "service_line.l2.quality = { sample = 1.0, defect_rate = 0.1 }",
        "service_line.l2.price_usd_per_hour = 30",
        "workforce.shrinkage = 0.1",
        "-workforce.on_duty",
        "workforce.team = [
            { name = 'front', skills = ['chat', 'l1'], on_duty = 13 },
            { name = 'back', skills = ['l2'], on_duty = 4 },
        ]",
    ]);
    let (plan, reps) = run(&text);
    assert_eq!(
        plan.horizon.week_slot(plan.horizon.end),
        5 * 96,
        "the horizon ends on Saturday 00:00"
    );
    assert_realtime_identity(&reps, 0, "chat");
    assert_deferred_identity(&reps, 1, "l1");
    assert_deferred_identity(&reps, 2, "l2");
    for r in &reps {
        let (chat, l1, l2) = (r.line_total(0), r.line_total(1), r.line_total(2));
        // Every branch of the identity is exercised.
        assert!(chat.abandoned > 0 && chat.handled > 0, "{chat:?}");
        assert!(l1.reworked > 0 && l2.reworked > 0 && l1.escalated > 0);
        assert!(
            r.backlog[2][1] > 0,
            "escalations after l2 closed on Friday wait for Monday"
        );
        // Escalation is the only source of l2's work (l2 has no own volume).
        assert_eq!(l2.offered, l1.escalated, "l2 offered = l1 escalated");
        // Classes partition the line.
        let classes = &r.classes[1];
        assert_eq!(classes.iter().map(|c| c.offered).sum::<u64>(), l1.offered);
        assert_eq!(
            classes.iter().map(|c| c.within_target).sum::<u64>(),
            l1.within_target
        );
        assert!(l1.within_target <= l1.handled && chat.within_target <= chat.handled);
        // Agents are busy only while on duty.
        for team in &r.teams {
            for (m, t) in team.iter().enumerate() {
                assert!(t.busy_s <= t.on_duty_s * (1.0 + 1e-12), "month {m}: {t:?}");
            }
        }
    }
}

// ---------------------------------------------------------------------------
// 2. A deferred line is an M/M/c queue with a sojourn-time target
// ---------------------------------------------------------------------------

#[test]
fn deferred_line_matches_mmc_sojourn_time() {
    // λ = 22/h, exponential handle time of 15 min (μ = 4/h), c = 7: a = 5.5,
    // ρ = 0.79. Target: completed within 30 min of arrival.
    let (lambda, mu, c, t_h) = (22.0, 4.0, 7u32, 0.5);
    let text = fixed(&[deferred("tickets")]).with(&[
        "scenario = { name = 'mmc deferred', days = 40, warmup_days = 2, replications = 10, seed = 21 }",
        &format!("service_line.tickets.volume.per_hour = {lambda}"),
        "service_line.tickets.handle_time.mean_min = 15",
        "service_line.tickets.target = { service_level = 0.8, within_min = 30 }",
        &format!("workforce.on_duty.tickets = {c}"),
    ]);
    let (_, reps) = run(&text);
    let a = lambda / mu;
    let pw = erlang_c(c, a);
    let theta = f64::from(c) * mu - lambda;
    let expected = sojourn_within(pw, theta, mu, t_h);
    // Per-replication ratios are independent; their spread gives the standard
    // error (it includes the autocorrelation of the queue within a run). Tasks
    // left queued at the end count as misses: ~2 of ~20,000, far below the SE.
    let (sl, se) = mean_se(&ratio(&reps, 0, |t| {
        (t.within_target as f64, t.offered as f64)
    }));
    assert_close("P(W + S ≤ 30 min)", sl, expected, se);
    // The tolerance separates completion-within from answer-within.
    let answered = wait_within(pw, theta, t_h);
    assert!(
        (answered - expected).abs() > 3.0 * Z * se,
        "test is sharp: {answered} vs {expected}"
    );
    // The same run matches Erlang C and the mean wait C/(cμ − λ).
    let (p_wait, se) = mean_se(&ratio(&reps, 0, |t| (t.waited as f64, t.offered as f64)));
    assert_close("P(wait)", p_wait, pw, se);
    let (asa, se) = mean_se(&ratio(&reps, 0, |t| (t.wait_handled_s, t.handled as f64)));
    assert_close("mean wait (s)", asa, pw / theta * 3600.0, se);
}

// ---------------------------------------------------------------------------
// 3. Deferred work carries over the closed night
// ---------------------------------------------------------------------------

/// Tickets arrive Monday (weight 1) and Tuesday (weight 0.75) 09:00–18:00; ten
/// agents work Monday–Thursday 09:00–20:00 with a deterministic 20-minute
/// handle time: 330 services a day. Counted: Monday 31 August (month 0) and
/// Tuesday 1 September (month 1); the horizon ends Tuesday midnight, when
/// nobody is at work. `defect_rate`: share of services sent back for rework.
fn carry_over_scenario(per_hour: f64, defect_rate: f64) -> String {
    let mut weights = vec![0.0; 168];
    let mut roster = vec![0; 168];
    for h in 9..18 {
        weights[h] = 1.0;
        weights[24 + h] = 0.75;
    }
    for d in 0..4 {
        for h in 9..20 {
            roster[d * 24 + h] = 10;
        }
    }
    fixed(&[deferred("tickets")]).with(&[
        "scenario = { name = 'carry over', start = '2026-08', days = 32, warmup_days = 30, replications = 10, seed = 31 }",
        &format!("service_line.tickets.hours = {weights:?}"),
        &format!("service_line.tickets.volume.per_hour = {per_hour}"),
        "service_line.tickets.handle_time = { dist = 'deterministic', value_min = 20 }",
        &format!("service_line.tickets.quality = {{ sample = 1.0, defect_rate = {defect_rate} }}"),
        &format!("workforce.on_duty.tickets = {roster:?}"),
    ])
}

#[test]
fn backlog_carries_over_the_night_and_is_served_first() {
    // per_hour 55: Monday brings 495 ± 22 tasks for a capacity of 330, so about
    // 165 wait overnight (7 SD above 0). Tuesday brings 371 more: 536 for 330,
    // so about 206 are left on Tuesday night (7 SD above 0); Wednesday and
    // Thursday clear the rest before the next Monday. With 10% rework the
    // capacity is ~300 good services a day and the margins are larger still.
    // Rework goes to the front of the queue, so it never falls behind the next
    // day's work either.
    for defect_rate in [0.0, 0.1] {
        let (plan, reps) = run(&carry_over_scenario(55.0, defect_rate));
        assert_eq!(
            plan.horizon.week_slot(30 * DAY),
            0,
            "31 August 2026 is a Monday"
        );
        for r in &reps {
            let (mon, tue) = (&r.lines[0][0], &r.lines[0][1]);
            assert!(
                r.backlog[0][0] > 0,
                "Monday's excess waits overnight: {mon:?}"
            );
            // FIFO across days: Monday's leftovers are all served on Tuesday,
            // before Tuesday's own tickets, although Tuesday cannot finish its
            // own work.
            assert_eq!(
                mon.handled, mon.offered,
                "defect rate {defect_rate}: Monday's backlog is served first"
            );
            assert!(r.backlog[0][1] > 0);
            assert_eq!(
                tue.offered - tue.handled,
                r.backlog[0][1],
                "defect rate {defect_rate}: what is left on Tuesday night is Tuesday's work"
            );
            // A third of Monday's tickets waited overnight (≥ 15 hours).
            assert!(mon.wait_handled_s / mon.handled as f64 > 3.0 * 3600.0);
            assert_eq!(mon.reworked > 0, defect_rate > 0.0);
        }
    }
    // per_hour 18: 162 and 122 tasks a day for 330: nothing is left overnight.
    let (_, reps) = run(&carry_over_scenario(18.0, 0.0));
    for r in &reps {
        assert_eq!(r.backlog[0], vec![0, 0]);
        for t in &r.lines[0] {
            assert_eq!(t.handled, t.offered);
        }
    }
}

// ---------------------------------------------------------------------------
// 4. Escalation
// ---------------------------------------------------------------------------

#[test]
fn escalation_share_and_receiving_line() {
    // L1 and L2 open Mon–Fri 09:00–18:00 (site = client time) from Monday
    // 1 June to Saturday 27 June 00:00, warm-up 0; bounded handle times, so at
    // the end nobody holds work in hand and every handled task has completed.
    // L2 has no demand of its own.
    let escalation = fixed(&[deferred("l1"), deferred("l2")]).with(&[
        "scenario = { name = 'escalation', start = '2026-06', days = 26, warmup_days = 0, replications = 5, seed = 41 }",
        "service_line.l1.hours = 'business'",
        "service_line.l1.volume.per_hour = 60",
        "service_line.l1.handle_time = { dist = 'uniform', min_min = 5, max_min = 15 }",
        "service_line.l1.target.within_h = 8",
        "service_line.l1.escalate = { to = 'l2', share = 0.3 }",
        "service_line.l2.hours = 'business'",
        "service_line.l2.handle_time = { dist = 'uniform', min_min = 10, max_min = 30 }",
        "workforce.on_duty = { l1 = 12, l2 = 14 }",
    ]);
    let (_, reps) = run(&escalation);
    let l1 = totals(&reps, 0);
    let l2 = totals(&reps, 1);
    // Each completed L1 task is escalated independently with probability 0.3:
    // escalated ~ Binomial(handled, 0.3), pooled over replications.
    let handled: u64 = l1.iter().map(|t| t.handled).sum();
    let escalated: u64 = l1.iter().map(|t| t.escalated).sum();
    let share = escalated as f64 / handled as f64;
    let se = (0.3 * 0.7 / handled as f64).sqrt();
    assert_close("escalated / handled", share, 0.3, se);
    // With no own volume, every L2 task is an escalation: exact.
    for (a, b) in l1.iter().zip(&l2) {
        assert_eq!(b.offered, a.escalated);
        assert!(b.offered > 0);
    }
    // With own volume, L2 offered − L1 escalated is L2's own Poisson arrivals:
    // 20/h × 9 h × 20 weekdays per replication, pooled: Poisson(5 × 3600).
    let (_, reps) = run(&escalation.with(&["service_line.l2.volume.per_hour = 20"]));
    let own: i64 = reps
        .iter()
        .map(|r| r.line_total(1).offered as i64 - r.line_total(0).escalated as i64)
        .sum();
    let expected = 20.0 * 9.0 * 20.0 * reps.len() as f64;
    assert_close("L2 own arrivals", own as f64, expected, expected.sqrt());
}

// ---------------------------------------------------------------------------
// 5. Quality check and rework
// ---------------------------------------------------------------------------

#[test]
fn rework_rate_is_sample_times_defect_rate() {
    // Each service is sent back with probability 0.5 × 0.2 = 0.1; every service
    // counts once, as reworked or (final) handled: reworked ~ Binomial(n, 0.1).
    let text = fixed(&[deferred("qa")]).with(&[
        "scenario = { name = 'rework', days = 20, warmup_days = 1, replications = 5, seed = 51 }",
        "service_line.qa.volume.per_hour = 30",
        "service_line.qa.target.within_h = 4",
        "service_line.qa.quality = { sample = 0.5, defect_rate = 0.2 }",
        "workforce.on_duty.qa = 8",
    ]);
    let (_, reps) = run(&text);
    let t = totals(&reps, 0);
    let reworked: u64 = t.iter().map(|t| t.reworked).sum();
    let services: u64 = t.iter().map(|t| t.handled + t.reworked).sum();
    let p = 0.5 * 0.2;
    let rate = reworked as f64 / services as f64;
    assert_close(
        "reworked / services",
        rate,
        p,
        (p * (1.0 - p) / services as f64).sqrt(),
    );
    // Rework adds no offered task.
    for (r, t) in reps.iter().zip(&t) {
        assert!(t.handled <= t.offered && t.offered <= t.handled + r.backlog[0][0] + 8);
    }
}

#[test]
fn rework_time_is_not_counted_as_waiting() {
    // 40 agents per line at about 7 Erlangs (rework included): nobody ever finds
    // all agents busy (P ≈ 1e-15), so no task and no rework ever waits in a
    // queue. A call answered at once is answered within 20 s even if the
    // quality check later sends it back; time spent in service is not time in
    // queue. So, exactly: every handled call met the answer target, and the
    // waits and queue times are 0 — for deferred work too.
    let text = fixed(&[realtime("voice"), deferred("tickets")]).with(&[
        "scenario = { name = 'rework is not waiting', days = 10, warmup_days = 1, replications = 2, seed = 52 }",
        "service_line.voice.volume.per_hour = 60",
        "service_line.voice.quality = { sample = 1.0, defect_rate = 0.3 }",
        "service_line.tickets.volume.per_hour = 30",
        "service_line.tickets.target = { service_level = 0.8, within_h = 8 }",
        "service_line.tickets.quality = { sample = 1.0, defect_rate = 0.3 }",
        "workforce.on_duty = { voice = 40, tickets = 40 }",
    ]);
    let (_, reps) = run(&text);
    for r in &reps {
        for (l, id) in ["voice", "tickets"].iter().enumerate() {
            let t = r.line_total(l);
            assert!(t.reworked > 1000, "{id}: the quality check sends work back");
            assert_eq!(t.waited, 0, "{id}: precondition, nobody waits on arrival");
            assert_eq!(
                t.wait_handled_s, 0.0,
                "{id}: mean wait (ASA) counts rework time"
            );
            assert_eq!(
                t.queue_time_s, 0.0,
                "{id}: time in queue counts rework time"
            );
        }
        let voice = r.line_total(0);
        // Every call is answered at once, and the answer is what the target
        // judges: all offered calls are within target, rework or not.
        assert_eq!(
            voice.within_target, voice.offered,
            "calls answered at once missed the 20 s answer target because of rework"
        );
    }
}

// ---------------------------------------------------------------------------
// 6. Priority classes
// ---------------------------------------------------------------------------

#[test]
fn priority_classes_shares_and_service_order() {
    // λ = 18/h, 15-min exponential handling, 5 agents: ρ = 0.9. All classes
    // share the same 30-minute completion target, so differences come from the
    // service order only.
    let shares = [0.1, 0.2, 0.3, 0.4];
    let classes: Vec<String> = (1..)
        .zip(shares)
        .map(|(c, share)| {
            format!("{{ name = 'P{c}', share = {share}, service_level = 0.9, within_min = 30 }}")
        })
        .collect();
    let text = fixed(&[deferred("tickets")]).with(&[
        "scenario = { name = 'classes', days = 40, warmup_days = 2, replications = 10, seed = 61 }",
        "service_line.tickets.volume.per_hour = 18",
        "service_line.tickets.handle_time.mean_min = 15",
        "-service_line.tickets.target",
        &format!("service_line.tickets.classes = [{}]", classes.join(", ")),
        "workforce.on_duty.tickets = 5",
    ]);
    let (_, reps) = run(&text);
    // Shares: each task's class is an independent draw, so the pooled count of
    // a class is Binomial(N, share).
    let n: u64 = reps.iter().map(|r| r.line_total(0).offered).sum();
    for (c, share) in shares.iter().enumerate() {
        let k: u64 = reps.iter().map(|r| r.classes[0][c].offered).sum();
        let se = (share * (1.0 - share) / n as f64).sqrt();
        assert_close(
            &format!("share of P{}", c + 1),
            k as f64 / n as f64,
            *share,
            se,
        );
    }
    let sl = |c: usize| {
        mean_se(
            &reps
                .iter()
                .map(|r| r.classes[0][c].within_target as f64 / r.classes[0][c].offered as f64)
                .collect::<Vec<_>>(),
        )
    };
    // P1 is the top class of a non-preemptive priority M/M/5 with equal service
    // rates: it waits only when all agents are busy (Erlang C of the total
    // load) and then for an Exp(cμ − λ₁) time.
    let (mu, lambda) = (4.0, 18.0);
    let expected = sojourn_within(erlang_c(5, lambda / mu), 5.0 * mu - 0.1 * lambda, mu, 0.5);
    let (p1, se1) = sl(0);
    assert_close("P1 service level", p1, expected, se1);
    let (p4, se4) = sl(3);
    let fifo = sojourn_within(erlang_c(5, lambda / mu), 5.0 * mu - lambda, mu, 0.5);
    assert!(
        p1 - p4 > Z * (se1 * se1 + se4 * se4).sqrt(),
        "P1 {p1} vs P4 {p4}"
    );
    assert!(
        p4 < fifo,
        "P4 does worse than first-come-first-served ({p4} vs {fifo})"
    );
    let levels: Vec<f64> = (0..4).map(|c| sl(c).0).collect();
    assert!(
        levels.windows(2).all(|w| w[0] > w[1]),
        "service level falls with the class: {levels:?}"
    );
}

#[test]
fn line_priority_orders_service_between_lines() {
    // Two deferred lines share 5 agents (λ = 6/h and 12/h, 15-min exponential
    // handling, ρ = 0.9). The line with the smaller priority number is the top
    // class of a non-preemptive priority M/M/5, as in the previous test.
    let text = fixed(&[deferred("standard"), deferred("vip")]).with(&[
        "scenario = { name = 'line priority', days = 40, warmup_days = 2, replications = 10, seed = 62 }",
        "service_line.standard.skill = 'ops'",
        "service_line.standard.priority = 2",
        "service_line.standard.volume.per_hour = 12",
        "service_line.standard.handle_time.mean_min = 15",
        "service_line.standard.target = { service_level = 0.9, within_min = 30 }",
        "service_line.vip.skill = 'ops'",
        "service_line.vip.priority = 1",
        "service_line.vip.volume.per_hour = 6",
        "service_line.vip.handle_time.mean_min = 15",
        "service_line.vip.target = { service_level = 0.9, within_min = 30 }",
        "workforce.on_duty = { ops = 5 }",
    ]);
    let (_, reps) = run(&text);
    let (mu, lambda) = (4.0, 18.0);
    let sl = |l: usize| {
        mean_se(&ratio(&reps, l, |t| {
            (t.within_target as f64, t.offered as f64)
        }))
    };
    let (vip, se_vip) = sl(1);
    let expected = sojourn_within(erlang_c(5, lambda / mu), 5.0 * mu - 6.0, mu, 0.5);
    assert_close("priority-1 line service level", vip, expected, se_vip);
    let (standard, se_std) = sl(0);
    assert!(vip - standard > Z * (se_vip.powi(2) + se_std.powi(2)).sqrt());
}

// ---------------------------------------------------------------------------
// 7. Routing respects skills and languages
// ---------------------------------------------------------------------------

#[test]
fn routing_never_gives_work_to_unqualified_agents() {
    // English support is overloaded (6.7 Erlangs on 3 agents) while Russian
    // support and back office have no demand: their idle agents must not help.
    let text = fixed(&[
        deferred("sup_en"),
        deferred("sup_ru"),
        deferred("backoffice"),
    ])
    .with(&[
        "scenario = { name = 'routing', days = 10, warmup_days = 0, replications = 2, seed = 71 }",
        "service_line.sup_en.skill = 'support'",
        "service_line.sup_en.language = 'en'",
        "service_line.sup_en.volume.per_hour = 40",
        "service_line.sup_en.target.within_h = 4",
        "service_line.sup_ru.skill = 'support'",
        "service_line.sup_ru.language = 'ru'",
        "service_line.sup_ru.target.within_h = 4",
        "service_line.backoffice.target.within_h = 4",
        "-workforce.on_duty",
        "workforce.team = [
            { name = 'en', skills = ['support'], languages = ['en'], on_duty = 3 },
            { name = 'ru', skills = ['support'], languages = ['ru'], on_duty = 3 },
            { name = 'bo', skills = ['backoffice'], on_duty = 3 },
        ]",
    ]);
    let (_, reps) = run(&text);
    for r in &reps {
        let en = r.teams_total(&[0]);
        let ru = r.teams_total(&[1]);
        let bo = r.teams_total(&[2]);
        assert!(ru.on_duty_s > 0.0 && bo.on_duty_s > 0.0, "they are on duty");
        assert_eq!(ru.busy_s, 0.0, "Russian speakers took English work");
        assert_eq!(bo.busy_s, 0.0, "back office took support work");
        // The English queue never empties once the first tasks arrive, so its
        // agents are idle only in the first minutes of 10 days (< 1%).
        assert!(en.busy_s > 0.99 * en.on_duty_s, "English team is saturated");
        assert!(r.backlog[0][0] > 1000);
    }
}

#[test]
fn a_line_no_team_can_serve_is_a_validation_error() {
    let text = fixed(&[realtime("sup_ko"), realtime("sup_en")]).with(&[
        "scenario = { name = 'no korean', days = 10 }",
        "service_line.sup_ko.skill = 'support'",
        "service_line.sup_ko.language = 'ko'",
        "service_line.sup_ko.volume.per_hour = 10",
        "service_line.sup_en.skill = 'support'",
        "service_line.sup_en.language = 'en'",
        "service_line.sup_en.volume.per_hour = 10",
        "-workforce.on_duty",
        "workforce.team = [{ name = 'en', skills = ['support'], languages = ['en'], on_duty = 3 }]",
    ]);
    assert!(
        load(&Source {
            name: "ko.toml".into(),
            text: text.clone()
        })
        .is_err()
    );
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "ko.toml", &text);
    let out = bposim().arg("validate").arg(&file).assert().code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string()
        + &String::from_utf8_lossy(&out.get_output().stdout);
    assert!(stderr.contains("sup_ko"), "names the line: {stderr}");
    bposim()
        .args(["run", "-q", "--out"])
        .arg(dir.path().join("out"))
        .arg(&file)
        .assert()
        .code(2);
    assert!(!dir.path().join("out").exists(), "bad input writes nothing");
}

// ---------------------------------------------------------------------------
// 8. Client time zones
// ---------------------------------------------------------------------------

#[test]
fn client_time_zone_shifts_the_arrival_profile() {
    // The same 168-hour profile (Mon–Fri 08:00–20:00, peak ×6 on Wednesday
    // 14:00, client time) for a client at the site's offset (UTC+5) and one
    // at UTC+0: the second's arrivals come exactly 5 hours later in site time.
    // Four whole weeks from Monday 1 June: ~120 arrivals per open hour of the
    // week, so P(an open hour has none) = e^-120.
    let mut weights = vec![0.0; 168];
    for d in 0..5 {
        for h in 8..20 {
            weights[d * 24 + h] = 1.0;
        }
    }
    weights[2 * 24 + 14] = 6.0;
    let text = fixed(&[deferred("local"), deferred("london")]).with(&[
        "scenario = { name = 'time zones', start = '2026-06', days = 28, warmup_days = 0, replications = 1, seed = 81 }",
        "scenario.site_utc_offset_h = 5",
        "scenario.profile_month = '2026-06'",
        "service_line.local.skill = 's'",
        &format!("service_line.local.hours = {weights:?}"),
        "service_line.local.client_utc_offset_h = 5",
        "service_line.local.volume.per_hour = 30",
        "service_line.local.target.within_h = 4",
        "service_line.london.skill = 's'",
        &format!("service_line.london.hours = {weights:?}"),
        "service_line.london.client_utc_offset_h = 0",
        "service_line.london.volume.per_hour = 30",
        "service_line.london.target.within_h = 4",
        "workforce.on_duty = { s = 0 }",
    ]);
    let (_, reps) = run(&text);
    let week = &reps[0].week.arrivals;
    let open = |l: usize| -> Vec<usize> { (0..168).filter(|&h| week[l][h] > 0).collect() };
    let local = open(0);
    assert_eq!(local.len(), 60, "open hours in client time");
    assert_eq!(
        local,
        (0..168).filter(|&h| weights[h] > 0.0).collect::<Vec<_>>()
    );
    let shifted: Vec<usize> = local.iter().map(|h| (h + 5) % 168).collect();
    assert_eq!(open(1), shifted, "London's hours are 5 hours later");
    let argmax = |l: usize| (0..168).max_by_key(|&h| week[l][h]).unwrap();
    assert_eq!(argmax(0), 2 * 24 + 14, "peak Wednesday 14:00");
    assert_eq!(argmax(1), 2 * 24 + 19, "peak Wednesday 19:00 site time");
}

// ---------------------------------------------------------------------------
// 9. Demand: seasonality, growth, volume per day
// ---------------------------------------------------------------------------

#[test]
fn seasonality_and_growth_shape_monthly_volume() {
    // 12 months from March 2026 (so seasonality must follow the calendar, not
    // the horizon index), business hours, 3% growth a month. Nobody is on duty:
    // only arrivals matter here. Pooled over R replications the offered count
    // of a month is Poisson(R × per_month × 1.03^m × s[month]).
    let seasonality = [0.8, 0.9, 1.0, 1.1, 1.2, 0.7, 0.6, 1.3, 1.0, 1.4, 1.5, 0.5];
    let text = fixed(&[deferred("tickets")]).with(&[
        "scenario = { name = 'seasonality', start = '2026-03', months = 12, warmup_days = 0, replications = 4, seed = 91 }",
        "service_line.tickets.hours = 'business'",
        &format!("service_line.tickets.volume = {{ per_month = 2000, monthly_growth = 0.03, seasonality = {seasonality:?} }}"),
    ]);
    let (plan, reps) = run(&text);
    for (m, month) in plan.horizon.months.iter().enumerate() {
        let k = month.year_month.month as usize - 1;
        let expected = reps.len() as f64 * 2000.0 * 1.03f64.powi(m as i32) * seasonality[k];
        let got: u64 = reps.iter().map(|r| r.lines[0][m].offered).sum();
        assert_close(
            &format!("offered in {}", month.label),
            got as f64,
            expected,
            expected.sqrt(),
        );
    }
}

#[test]
fn per_month_volume_of_a_partial_month_is_prorated() {
    // 45 days from 1 January 2026: all of January and 14 of February's 28 days.
    // A monthly volume is spread over the whole calendar month, so the partial
    // February gets half of it. Pooled counts are Poisson.
    let text = fixed(&[deferred("tickets")]).with(&[
        "scenario = { name = 'partial month', days = 45, warmup_days = 0, replications = 4, seed = 93 }",
        "service_line.tickets.volume = { per_month = 3000 }",
    ]);
    let (_, reps) = run(&text);
    for (m, expected) in [(0, 3000.0), (1, 1500.0)] {
        let expected = expected * reps.len() as f64;
        let got: u64 = reps.iter().map(|r| r.lines[0][m].offered).sum();
        assert_close(
            &format!("offered in month {m}"),
            got as f64,
            expected,
            expected.sqrt(),
        );
    }
}

fn per_day_scenario(hours: &str, client_offset: f64) -> String {
    // Four whole weeks from Monday 1 June 2026 (site UTC+5), warm-up 0.
    fixed(&[deferred("tickets")]).with(&[
        "scenario = { name = 'per day', start = '2026-06', days = 28, warmup_days = 0, replications = 10, seed = 92 }",
        "scenario.site_utc_offset_h = 5",
        &format!("service_line.tickets.hours = {hours}"),
        &format!("service_line.tickets.client_utc_offset_h = {client_offset}"),
        "service_line.tickets.volume = { per_day = 200 }",
    ])
}

fn assert_per_open_day(hours: &str, client_offset: f64, open_days_per_week: f64) {
    let (_, reps) = run(&per_day_scenario(hours, client_offset));
    // Four weeks hold 4 × open_days_per_week client days, wherever they fall in
    // site time. Pooled offered ~ Poisson(R × days × 200).
    let days = 4.0 * open_days_per_week * reps.len() as f64;
    let got: u64 = reps.iter().map(|r| r.line_total(0).offered).sum();
    let expected = 200.0 * days;
    assert_close(
        &format!("offered per open day ({hours}, client UTC{client_offset:+})"),
        got as f64 / days,
        200.0,
        expected.sqrt() / days,
    );
}

#[test]
fn per_day_volume_is_per_open_day() {
    assert_per_open_day("\"business\"", 5.0, 5.0);
    assert_per_open_day("\"24x7\"", 5.0, 7.0);
    assert_per_open_day(
        "{ days = \"Mon-Sat\", open = \"10:00\", close = \"14:00\" }",
        5.0,
        6.0,
    );
}

#[test]
fn per_day_volume_is_per_client_day_across_site_midnight() {
    // New York business hours (UTC−5) are 19:00–04:00 in Tashkent: each client
    // day spans two site days, but there are still 5 client days a week.
    assert_per_open_day("\"business\"", -5.0, 5.0);
}

// ---------------------------------------------------------------------------
// 10. Chat concurrency
// ---------------------------------------------------------------------------

fn chat_scenario(per_hour: f64, concurrency: u32) -> String {
    fixed(&[realtime("chat")]).with(&[
        "scenario = { name = 'chat', days = 20, warmup_days = 1, replications = 10, seed = 101 }",
        &format!("service_line.chat.concurrency = {concurrency}"),
        &format!("service_line.chat.volume.per_hour = {per_hour}"),
        "workforce.on_duty.chat = 5",
    ])
}

#[test]
fn chat_concurrency_multiplies_capacity() {
    // Each session lasts its own exponential 300 s whatever the agent's other
    // sessions, so 5 agents × 2 sessions are M/M/10 and 5 × 1 are M/M/5.
    let mu = 1.0 / 300.0;
    let check = |per_hour: f64, k: u32| {
        let (_, reps) = run(&chat_scenario(per_hour, k));
        let lambda = per_hour / 3600.0;
        let servers = 5 * k;
        let pw = erlang_c(servers, lambda / mu);
        let expected = wait_within(pw, f64::from(servers) * mu - lambda, 20.0);
        let (sl, se) = mean_se(&ratio(&reps, 0, |t| {
            (t.within_target as f64, t.offered as f64)
        }));
        assert_close(
            &format!("SL, {per_hour}/h, concurrency {k}"),
            sl,
            expected,
            se,
        );
        // Occupancy: a session occupies 1/k of its agent, so busy ÷ on-duty
        // = λ·AHT / (k·c).
        let occ: Vec<f64> = reps
            .iter()
            .map(|r| {
                let t = r.teams_total(&[0]);
                t.busy_s / t.on_duty_s
            })
            .collect();
        let (occ, se) = mean_se(&occ);
        assert_close(
            &format!("occupancy, {per_hour}/h, concurrency {k}"),
            occ,
            lambda / mu / f64::from(servers),
            se,
        );
        (sl, occ)
    };
    let (sl1, occ1) = check(48.0, 1);
    // Twice the load on the same agents: the same occupancy (0.8, checked
    // above against λ·AHT/(k·c)) and the service level of a twice larger group,
    // better by pooling (0.64 vs 0.48).
    let (sl2, occ2) = check(96.0, 2);
    assert!(sl2 > sl1, "{sl1} vs {sl2}");
    // Equal load: half the occupancy (0.4, checked above).
    let (_, occ_half) = check(48.0, 2);
    assert!(occ_half < occ1 && occ2 > occ_half);
}

// ---------------------------------------------------------------------------
// 11. Real-time first
// ---------------------------------------------------------------------------

/// One team, `support`, serves a voice line and a tickets line (80% of
/// tickets to be completed within 24 hours); nobody on duty yet.
fn support_desk() -> String {
    fixed(&[realtime("voice"), deferred("tickets")]).with(&[
        "service_line.voice.skill = 'support'",
        "service_line.tickets.skill = 'support'",
        "service_line.tickets.target.service_level = 0.8",
        "workforce.on_duty = { support = 0 }",
    ])
}

#[test]
fn realtime_work_is_served_before_deferred_work() {
    // One team of 10 serves voice (5 Erlangs) and tickets (4 Erlangs), both
    // exponential 300 s: ρ = 0.9.
    let desk = support_desk().with(&[
        "scenario = { name = 'realtime first', days = 20, warmup_days = 1, replications = 10, seed = 111 }",
        "service_line.voice.volume.per_hour = 60",
        "service_line.voice.target.within_s = 60",
        "service_line.tickets.volume.per_hour = 48",
        "service_line.tickets.handle_time = { dist = 'exponential', mean_s = 300 }",
        "service_line.tickets.target.within_h = 4",
        "workforce.on_duty.support = 10",
    ]);
    let (mu, c, t) = (1.0 / 300.0, 10u32, 60.0);
    let (lv, lt) = (60.0 / 3600.0, 48.0 / 3600.0);
    let pw = erlang_c(c, (lv + lt) / mu);
    let sl = |reps: &[ReplicationResult]| {
        mean_se(&ratio(reps, 0, |t| {
            (t.within_target as f64, t.offered as f64)
        }))
    };
    let asa = |reps: &[ReplicationResult], l: usize| {
        mean_se(&ratio(reps, l, |t| (t.wait_handled_s, t.handled as f64))).0
    };
    // Real-time first: voice is the top class of a non-preemptive priority
    // M/M/10 (equal service rates), waiting Exp(cμ − λ_voice) when all are busy.
    let (_, first) = run(&desk.with(&["workforce.realtime_first = true"]));
    let (sl_first, se_first) = sl(&first);
    assert_close(
        "voice SL, real-time first",
        sl_first,
        wait_within(pw, f64::from(c) * mu - lv, t),
        se_first,
    );
    // Without it, agents take the oldest task of either line: FIFO M/M/10.
    let (_, fifo) = run(&desk.with(&["workforce.realtime_first = false"]));
    let (sl_fifo, se_fifo) = sl(&fifo);
    assert_close(
        "voice SL, oldest first",
        sl_fifo,
        wait_within(pw, f64::from(c) * mu - lv - lt, t),
        se_fifo,
    );
    assert!(sl_first - sl_fifo > Z * (se_first.powi(2) + se_fifo.powi(2)).sqrt());
    // The deferred work is what waits instead.
    assert!(asa(&first, 1) > asa(&fifo, 1), "tickets wait longer");
    assert!(asa(&first, 0) < asa(&fifo, 0), "voice waits less");
}

#[test]
fn at_closing_agents_answer_waiting_calls_but_leave_deferred_work() {
    // One team of 5, on duty while its lines are open (Mon–Fri 09:00–18:00),
    // serves voice (4.2 Erlangs, no abandonment) and tickets (2 Erlangs): more
    // work than agents, so tickets pile up and agents are always busy. At 18:00
    // they finish the work in hand, answer the callers still waiting, and go
    // home: tickets wait for the next morning.
    let text = support_desk().with(&[
        "scenario = { name = 'closing', start = '2026-06', days = 26, warmup_days = 0, replications = 4, seed = 112 }",
        "scenario.profile_month = '2026-06'",
        "service_line.voice.hours = 'business'",
        "service_line.voice.volume.per_hour = 50",
        "service_line.voice.target = { service_level = 0.8, within_h = 2 }",
        "service_line.tickets.hours = 'business'",
        "service_line.tickets.volume.per_hour = 12",
        "service_line.tickets.handle_time = { dist = 'exponential', mean_s = 600 }",
        "workforce.on_duty.support = 5",
    ]);
    let (_, reps) = run(&text);
    for r in &reps {
        let (voice, tickets) = (r.line_total(0), r.line_total(1));
        // With tickets always waiting, agents are always busy and a caller waits
        // for one of 5 agents to finish: Exp(5/300 s − 50/3600 s), mean 6 min;
        // P(wait > 2 h) = e^-20. A caller left waiting overnight would miss.
        assert_eq!(voice.handled, voice.offered, "every caller is answered");
        assert_eq!(
            voice.within_target, voice.offered,
            "callers waiting at closing are answered that evening"
        );
        assert!(tickets.offered - tickets.handled > 500, "tickets pile up");
        assert_eq!(
            r.backlog[1][0],
            tickets.offered - tickets.handled,
            "the pile waits at the end of the horizon (Saturday 00:00)"
        );
        // On duty after closing only while finishing work in hand and the
        // waiting calls (minutes, not hours): nobody stays for the tickets.
        let week = &r.week.on_duty_h[0];
        for d in 0..5 {
            assert!(
                week[d * 24 + 18] > 0.0,
                "day {d}: busy agents finish after 18:00"
            );
            for h in (21..24).chain(0..9) {
                assert_eq!(
                    week[d * 24 + h],
                    0.0,
                    "day {d} {h:02}:00: on duty after closing"
                );
            }
        }
        assert!(week[5 * 24..].iter().all(|&h| h == 0.0), "weekend on duty");
    }
}

// ---------------------------------------------------------------------------
// 12. Unstaffed open hours are reported
// ---------------------------------------------------------------------------

fn unstaffed_scenario(sunday: u32) -> String {
    // A 24x7 line whose team is rostered 2 agents every hour except Sundays.
    let mut roster = vec![2; 168];
    roster[6 * 24..].fill(sunday);
    fixed(&[deferred("tickets")]).with(&[
        "scenario = { name = 'unstaffed', start = '2026-06', days = 28, warmup_days = 7, replications = 2, seed = 121 }",
        "service_line.tickets.volume.per_hour = 2",
        &format!("workforce.on_duty.tickets = {roster:?}"),
    ])
}

#[test]
fn open_hours_without_agents_are_reported() {
    // Four weeks from Monday 1 June, the first one warm-up: three Sundays of 24
    // open hours with nobody rostered are counted, exactly 72 hours.
    let (plan, reps) = run(&unstaffed_scenario(0));
    for r in &reps {
        assert_eq!(r.line_total(0).unstaffed_h, 72.0);
    }
    let summary = summarize(&plan, "sha", &reps).summary;
    assert_eq!(summary.lines[0].unstaffed_open_h.mean, 72.0);
    assert!(
        summary.warnings.iter().any(|w| w.contains("tickets")),
        "warned: {:?}",
        summary.warnings
    );
    // Staffed every hour: nothing to report.
    let (plan, reps) = run(&unstaffed_scenario(1));
    for r in &reps {
        assert_eq!(r.line_total(0).unstaffed_h, 0.0);
    }
    assert!(summarize(&plan, "sha", &reps).summary.warnings.is_empty());
}

#[test]
fn a_skill_with_no_agent_on_duty_is_warned_about_in_summary_json() {
    let text = fixed(&[realtime("voice"), deferred("tickets")]).with(&[
        "scenario = { name = 'nobody', start = '2026-06', days = 7, warmup_days = 0, replications = 2, seed = 122 }",
        "service_line.voice.hours = 'business'",
        "service_line.voice.volume.per_hour = 5",
        "service_line.voice.patience = { dist = 'exponential', mean_s = 60 }",
        "service_line.tickets.volume.per_hour = 5",
        "service_line.tickets.handle_time = { dist = 'exponential', mean_s = 300 }",
        "service_line.tickets.target = { service_level = 0.8, within_h = 4 }",
        "workforce.on_duty.tickets = 3",
    ]);
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "s.toml", &text);
    let out = dir.path().join("out");
    bposim()
        .args(["run", "-q", "--out"])
        .arg(&out)
        .arg(&file)
        .assert()
        .success();
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    let warnings = summary["warnings"].as_array().unwrap();
    // Open with nobody on duty, and so below its target.
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(warnings[0].as_str().unwrap().contains("`voice` was open"));
    assert!(
        warnings[1]
            .as_str()
            .unwrap()
            .contains("`voice` is below its target")
    );
    // Business hours of one week: 45 hours open, nobody there.
    let voice = &summary["lines"][0];
    assert_eq!(voice["id"], "voice");
    assert_eq!(voice["unstaffed_open_h"]["mean"], 45.0);
    assert_eq!(voice["handled"]["mean"], 0.0);
}

// ---------------------------------------------------------------------------
// 13. Shrinkage
// ---------------------------------------------------------------------------

fn shrinkage_scenario(on_duty: &str) -> String {
    // No demand, so on-duty time is exactly the roster thinned by absences
    // (no agent stays on to finish work). 120 days × 10 replications.
    fixed(&[deferred("tickets")]).with(&[
        "scenario = { name = 'shrinkage', days = 120, warmup_days = 0, replications = 10, seed = 131 }",
        "workforce.shrinkage = 0.3",
        &format!("workforce.on_duty.tickets = {on_duty}"),
    ])
}

/// On-duty ÷ rostered agent time, pooled over replications, and its binomial
/// standard error when each of `people` rostered agents is absent on each day
/// with probability 0.3, independently.
fn on_duty_share(text: &str, rostered_h_per_day: f64, people: f64) -> (f64, f64) {
    let (plan, reps) = run(text);
    let days = (plan.horizon.end / DAY) as f64 * reps.len() as f64;
    let on_duty_h: f64 = reps
        .iter()
        .map(|r| r.teams_total(&[0]).on_duty_s / 3600.0)
        .sum();
    let share = on_duty_h / (rostered_h_per_day * days);
    (share, (0.3 * 0.7 / (people * days)).sqrt())
}

#[test]
fn shrinkage_removes_its_share_of_on_duty_time() {
    // 20 agents while open (24x7): each day's present count is Binomial(20, 0.7),
    // so on-duty ÷ rostered = a binomial proportion over 20 × 1200 person-days.
    let (share, se) = on_duty_share(&shrinkage_scenario("20"), 20.0 * 24.0, 20.0);
    assert_close("on duty ÷ rostered, 20 agents while open", share, 0.7, se);
}

#[test]
fn shrinkage_applies_to_small_night_rosters_too() {
    // An hourly roster: 10 agents 09:00–18:00, 1 agent the other 15 hours.
    // Whoever is absent is absent all day, so each hour's expected on-duty count
    // is 0.7 × its rostered count and on-duty ÷ rostered should be 0.7. The
    // standard error is at most that of a binomial over the 10 people's days
    // (each person's presence drives at most its own share of the day).
    let roster: Vec<u32> = (0..168)
        .map(|h| if (9..18).contains(&(h % 24)) { 10 } else { 1 })
        .collect();
    let (share, se) = on_duty_share(
        &shrinkage_scenario(&format!("{roster:?}")),
        9.0 * 10.0 + 15.0,
        10.0,
    );
    // Rounding the night roster's expected count 0.1 × present to whole agents
    // keeps the night agent on duty whenever 5 or more of 10 are present
    // (95% of days), which would give (0.7 × 90 + 0.95 × 15) / 105 = 0.736.
    assert_close("on duty ÷ rostered, uneven hourly roster", share, 0.7, se);
}

// ---------------------------------------------------------------------------
// 14. Shifts
// ---------------------------------------------------------------------------

#[test]
fn shifts_put_exactly_their_agents_on_duty() {
    // Four whole weeks from Monday 1 June (the profile month), no shrinkage,
    // no demand: each hour of the week's on-duty hours are 4 × its agents.
    let text = fixed(&[deferred("tickets")]).with(&[
        "scenario = { name = 'shifts', start = '2026-06', days = 28, warmup_days = 0, replications = 1, seed = 141 }",
        "scenario.profile_month = '2026-06'",
        "-workforce.on_duty",
        "workforce.team = [{ name = 'day', skills = ['tickets'], shifts = [
            { start = '08:00', hours = 8, days = 'Mon-Fri', agents = 3 },
            { start = '12:00', hours = 8.5, days = 'Mon-Fri', agents = 2 },
            { start = '22:00', hours = 10, days = 'Sat,Sun', agents = 1 },
            { start = '06:00', hours = 24, days = 'Wed', agents = 4 },
        ] }]",
    ]);
    let (_, reps) = run(&text);
    // Expected agents per quarter hour of the week, written out independently.
    let mut quarter = vec![0u32; 168 * 4];
    let mut add = |day: usize, from_q: usize, quarters: usize, agents: u32| {
        for q in 0..quarters {
            quarter[(day * 96 + from_q + q) % (168 * 4)] += agents;
        }
    };
    for d in 0..5 {
        add(d, 8 * 4, 32, 3);
        add(d, 12 * 4, 34, 2);
    }
    add(5, 22 * 4, 40, 1); // Saturday 22:00 – Sunday 08:00
    add(6, 22 * 4, 40, 1); // Sunday 22:00 – Monday 08:00
    add(2, 6 * 4, 96, 4); // Wednesday 06:00 – Thursday 06:00
    let on_duty = &reps[0].week.on_duty_h[0];
    for h in 0..168 {
        let agents: u32 = quarter[h * 4..h * 4 + 4].iter().sum();
        // 4 weeks × a quarter of an hour per agent and quarter.
        let expected = 4.0 * 0.25 * f64::from(agents);
        assert_eq!(
            on_duty[h],
            expected,
            "hour {h} of the week (day {}, {:02}:00)",
            h / 24,
            h % 24
        );
    }
    // And the monthly on-duty time matches: 4 weeks of the same pattern.
    let weekly_agent_h: f64 = quarter.iter().map(|&a| f64::from(a) / 4.0).sum();
    assert_eq!(
        reps[0].teams_total(&[0]).on_duty_s,
        4.0 * weekly_agent_h * 3600.0
    );
}

#[test]
fn while_open_agents_are_on_duty_while_any_of_their_lines_is_open() {
    // A team serving a morning line (Mon–Fri 09:00–13:00 site time) and an
    // afternoon line (Mon–Fri 12:00–18:00 for clients 2 hours ahead of the
    // site, i.e. 10:00–16:00 site time) is on duty over the union of their
    // hours, Mon–Fri 09:00–16:00. No demand, no shrinkage: four weeks from
    // Monday 1 June, so each hour of the week occurs 4 times.
    let text = fixed(&[deferred("morning"), realtime("afternoon")]).with(&[
        "scenario = { name = 'while open', start = '2026-06', days = 28, warmup_days = 0, replications = 1, seed = 142 }",
        "scenario.site_utc_offset_h = 5",
        "scenario.profile_month = '2026-06'",
        "service_line.morning.skill = 'ops'",
        "service_line.morning.hours = { days = 'Mon-Fri', open = '09:00', close = '13:00' }",
        "service_line.morning.client_utc_offset_h = 5",
        "service_line.afternoon.skill = 'ops'",
        "service_line.afternoon.hours = { days = 'Mon-Fri', open = '12:00', close = '18:00' }",
        "service_line.afternoon.client_utc_offset_h = 7",
        "workforce.on_duty = { ops = 3 }",
    ]);
    let (plan, reps) = run(&text);
    let week = &reps[0].week.on_duty_h[0];
    for (h, &on_duty_h) in week.iter().enumerate() {
        let open = h / 24 < 5 && (9..16).contains(&(h % 24));
        // 4 weeks × 3 agents × 1 hour.
        let expected = if open { 12.0 } else { 0.0 };
        assert_eq!(
            on_duty_h,
            expected,
            "hour {h} (day {}, {:02}:00)",
            h / 24,
            h % 24
        );
    }
    assert_eq!(
        reps[0].teams_total(&[0]).on_duty_s,
        4.0 * 5.0 * 7.0 * 3.0 * 3600.0
    );
    // Nobody is unstaffed.
    assert!(
        plan.lines
            .iter()
            .enumerate()
            .all(|(l, _)| reps[0].line_total(l).unstaffed_h == 0.0)
    );
}
