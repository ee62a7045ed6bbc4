//! Blended teams: agents qualified for a chat line (several sessions at once)
//! and for other lines. An agent holds either up to `concurrency` sessions of
//! one chat line or one task of another line, never both.
//!
//! The reference is an exact continuous-time Markov chain of a small team
//! (three agents, exponential times, exponential patience), built and solved
//! here from the routing rule alone: its stationary distribution gives the
//! probability of waiting, the abandonment rate, the mean time in queue and
//! the occupancy; a tagged client's absorbing chain gives the service level.
//! The simulation must agree within its confidence intervals, widened from
//! 95% to 99.9% as in `theory.rs` (same Student-t intervals, larger quantile).
//! Giving agents on a voice call chat sessions as well (the bug this guards
//! against) made chat's probability of waiting 0.253 against 0.296 exact
//! (tolerance ±0.006) and the overloaded team's occupancy above 1.

use std::collections::HashMap;
use std::hash::Hash;

use bposim::model::sim::simulate;
use bposim::model::tally::ReplicationResult;
use bposim::scenario::{Plan, Source, load};
use bposim::stats::Stat;
use bposim::stats::aggregate::t_quantile;
use bposim::summarize::summarize;

fn plan(text: &str) -> Plan {
    load(&Source {
        name: "blended-test.toml".into(),
        text: text.into(),
    })
    .unwrap_or_else(|e| panic!("scenario loads:\n{e}\n{text}"))
}

fn run(plan: &Plan) -> Vec<ReplicationResult> {
    (0..plan.replications).map(|r| simulate(plan, r)).collect()
}

/// A real-time line, 24x7, exponential handle time and patience.
fn line(id: &str, concurrency: u32, per_hour: f64, aht_s: f64, patience_s: f64) -> String {
    format!(
        r#"
[[service_line]]
id = "{id}"
channel = "realtime"
concurrency = {concurrency}
volume = {{ per_hour = {per_hour} }}
handle_time = {{ dist = "exponential", mean_s = {aht_s} }}
patience = {{ dist = "exponential", mean_s = {patience_s} }}
target = {{ service_level = 0.8, within_s = {WITHIN_S} }}
price_usd = 1
"#
    )
}

const WITHIN_S: f64 = 20.0;

// ---------------------------------------------------------------------------
// (a) Never more than one agent's worth of work per agent
// ---------------------------------------------------------------------------

#[test]
fn an_overloaded_blended_team_is_never_busier_than_on_duty() {
    // 15 agents for voice, two chat lines (2 and 3 sessions) and email; the
    // offered work is about twice what they can do.
    let mut text = String::from(
        r#"
[scenario]
name = "overloaded blend"
days = 8
warmup_days = 1
replications = 4
seed = 21
"#,
    );
    text += &line("voice", 1, 200.0, 300.0, 120.0);
    text += &line("chat", 2, 240.0, 300.0, 180.0);
    text += &line("chat_vip", 3, 60.0, 240.0, 180.0);
    text += r#"
[[service_line]]
id = "email"
channel = "deferred"
volume = { per_hour = 20 }
handle_time = { dist = "exponential", mean_s = 600 }
target = { service_level = 0.9, within_h = 24 }
price_usd = 1

[workforce]
mode = "fixed"
shrinkage = 0.0

[[workforce.team]]
name = "blend"
skills = ["voice", "chat", "chat_vip", "email"]
on_duty = 15
"#;
    let plan = plan(&text);
    let reps = run(&plan);
    for r in &reps {
        for (m, month) in r.teams[0].iter().enumerate() {
            assert!(
                month.busy_s <= month.on_duty_s * (1.0 + 1e-12),
                "replication {}, month {m}: busy {} s > on duty {} s",
                r.replication,
                month.busy_s,
                month.on_duty_s
            );
        }
        // The overload is real: clients of every real-time line give up.
        for l in 0..3 {
            let t = r.line_total(l);
            assert!(t.abandoned * 20 > t.offered, "line {l}: {t:?}");
        }
    }
    let result = summarize(&plan, "", &reps);
    for line in &result.summary.lines {
        let occupancy = line.occupancy.expect("occupancy");
        assert!(occupancy.ci95[1] <= 1.0, "{}: {occupancy:?}", line.id);
        // Nearly all of it: agents with one chat session idle a little when
        // only other lines have clients waiting.
        assert!(occupancy.mean > 0.9, "{}: {occupancy:?}", line.id);
    }
}

// ---------------------------------------------------------------------------
// (b) A small blended team against its exact Markov chain
// ---------------------------------------------------------------------------

/// Three agents serving voice (priority 1) and chat (priority 2, two
/// sessions per agent). Rates per second.
struct Blend {
    agents: u32,
    voice: Rates,
    chat: Rates,
}

struct Rates {
    arrival: f64,
    /// Service rate of one task (one chat session).
    service: f64,
    /// Abandonment rate of one waiting client.
    patience: f64,
}

const BLEND: Blend = Blend {
    agents: 3,
    voice: Rates {
        arrival: 24.0 / 3600.0,
        service: 1.0 / 240.0,
        patience: 1.0 / 120.0,
    },
    chat: Rates {
        arrival: 30.0 / 3600.0,
        service: 1.0 / 300.0,
        patience: 1.0 / 180.0,
    },
};

/// Queues are truncated here (arrivals to a full queue are lost in the
/// chain); the mass near the bound is checked to be negligible.
const QUEUE_MAX: u32 = 25;

fn blend_scenario(b: &Blend) -> String {
    let rates = |r: &Rates| (r.arrival * 3600.0, 1.0 / r.service, 1.0 / r.patience);
    let (vh, va, vp) = rates(&b.voice);
    let (ch, ca, cp) = rates(&b.chat);
    format!(
        r#"
[scenario]
name = "small blend"
days = 120
warmup_days = 1
replications = 10
seed = 5
{voice}priority = 1
{chat}priority = 2

[workforce]
mode = "fixed"
shrinkage = 0.0

[[workforce.team]]
name = "blend"
skills = ["voice", "chat"]
on_duty = {agents}
"#,
        voice = line("voice", 1, vh, va, vp),
        chat = line("chat", 2, ch, ca, cp),
        agents = b.agents,
    )
}

/// Where a transition of a chain leads.
#[derive(Clone, Copy)]
enum To<S> {
    State(S),
    /// A tagged client is answered (absorbing).
    Answered,
    /// A tagged client gives up (absorbing).
    Lost,
}

/// The transitions out of a state: rates and where they lead.
type Moves<S> = Vec<(f64, To<S>)>;

/// A finite chain: every state reachable from the start states, with its
/// outgoing transitions (rate, target index; `None`: answered; lost
/// transitions only count in the state's total rate).
struct Chain<S> {
    states: Vec<S>,
    index: HashMap<S, usize>,
    moves: Vec<Vec<(f64, Option<usize>)>>,
    out_rate: Vec<f64>,
}

impl<S: Copy + Eq + Hash> Chain<S> {
    fn explore(start: &[S], moves: impl Fn(&S) -> Moves<S>) -> Self {
        let mut chain = Chain {
            states: Vec::new(),
            index: HashMap::new(),
            moves: Vec::new(),
            out_rate: Vec::new(),
        };
        for &s in start {
            chain.add(s);
        }
        let mut i = 0;
        while i < chain.states.len() {
            let mut out = Vec::new();
            let mut total = 0.0;
            for (rate, to) in moves(&chain.states[i]) {
                total += rate;
                match to {
                    To::State(s) => out.push((rate, Some(chain.add(s)))),
                    To::Answered => out.push((rate, None)),
                    To::Lost => {}
                }
            }
            chain.moves.push(out);
            chain.out_rate.push(total);
            i += 1;
        }
        chain
    }

    /// The index of state `s`, added if new.
    fn add(&mut self, s: S) -> usize {
        *self.index.entry(s).or_insert_with(|| {
            self.states.push(s);
            self.states.len() - 1
        })
    }

    /// The stationary distribution (Gauss–Seidel on πQ = 0).
    fn stationary(&self) -> Vec<f64> {
        let n = self.states.len();
        let mut incoming: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
        let mut leaving = vec![0.0; n];
        for (i, out) in self.moves.iter().enumerate() {
            for &(rate, to) in out {
                let j = to.expect("a closed chain");
                if j != i {
                    incoming[j].push((i, rate));
                    leaving[i] += rate;
                }
            }
        }
        let mut pi = vec![1.0 / n as f64; n];
        for _ in 0..100_000 {
            let mut change: f64 = 0.0;
            for j in 0..n {
                let inflow: f64 = incoming[j].iter().map(|&(i, r)| pi[i] * r).sum();
                let new = inflow / leaving[j];
                change = change.max((new - pi[j]).abs());
                pi[j] = new;
            }
            let total: f64 = pi.iter().sum();
            pi.iter_mut().for_each(|p| *p /= total);
            if change < 1e-15 {
                return pi;
            }
        }
        panic!("the stationary distribution did not converge");
    }

    /// Mass answered by time `t` from the initial masses `start` (by
    /// uniformization: a Poisson number of jumps of the embedded chain).
    fn answered_by(&self, start: &[(S, f64)], t: f64) -> f64 {
        let mut x = vec![0.0; self.states.len()];
        for (s, mass) in start {
            x[self.index[s]] += mass;
        }
        let lambda = self.out_rate.iter().copied().fold(0.0, f64::max);
        let (mut weight, mut tail) = ((-lambda * t).exp(), 1.0);
        let (mut answered, mut by_t) = (0.0, 0.0);
        let mut jumps = 0.0;
        loop {
            by_t += weight * answered;
            tail -= weight;
            if tail < 1e-14 {
                return by_t;
            }
            let mut next: Vec<f64> = x
                .iter()
                .zip(&self.out_rate)
                .map(|(m, r)| m * (1.0 - r / lambda))
                .collect();
            for (i, out) in self.moves.iter().enumerate() {
                for &(rate, to) in out {
                    match to {
                        Some(j) => next[j] += x[i] * rate / lambda,
                        None => answered += x[i] * rate / lambda,
                    }
                }
            }
            x = next;
            jumps += 1.0;
            weight *= lambda * t / jumps;
        }
    }
}

/// The team: agents on voice, with one chat session, with two; waiting clients.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
struct Team {
    voice: u32,
    chat1: u32,
    chat2: u32,
    queue_voice: u32,
    queue_chat: u32,
}

impl Team {
    fn idle(&self, b: &Blend) -> u32 {
        b.agents - self.voice - self.chat1 - self.chat2
    }

    /// An agent just became free: a waiting voice client first (priority),
    /// else up to two chat sessions, else idle.
    fn agent_free(mut self) -> Team {
        if self.queue_voice > 0 {
            self.queue_voice -= 1;
            self.voice += 1;
        } else if self.queue_chat >= 2 {
            self.queue_chat -= 2;
            self.chat2 += 1;
        } else if self.queue_chat == 1 {
            self.queue_chat = 0;
            self.chat1 += 1;
        }
        self
    }

    /// A chat client arrives: a free slot of an agent with one session
    /// first, else an idle agent, else the queue.
    fn chat_arrives(mut self, b: &Blend) -> Option<Team> {
        if self.chat1 > 0 {
            self.chat1 -= 1;
            self.chat2 += 1;
        } else if self.idle(b) > 0 {
            self.chat1 += 1;
        } else if self.queue_chat < QUEUE_MAX {
            self.queue_chat += 1;
        } else {
            return None;
        }
        Some(self)
    }

    /// A session of an agent with two ends: the agent takes the next chat
    /// client, if any (not a voice client: it still has a chat session).
    fn chat2_ends(mut self) -> Team {
        if self.queue_chat > 0 {
            self.queue_chat -= 1;
        } else {
            self.chat2 -= 1;
            self.chat1 += 1;
        }
        self
    }

    /// A voice client arrives: an idle agent, else the queue.
    fn voice_arrives(mut self, b: &Blend) -> Option<Team> {
        if self.idle(b) > 0 {
            self.voice += 1;
        } else if self.queue_voice < QUEUE_MAX {
            self.queue_voice += 1;
        } else {
            return None;
        }
        Some(self)
    }

    /// Waiting clients giving up.
    fn give_ups(&self, b: &Blend) -> Vec<(f64, Team)> {
        let mut out = Vec::new();
        if self.queue_voice > 0 {
            let queue_voice = self.queue_voice - 1;
            let rate = f64::from(self.queue_voice) * b.voice.patience;
            out.push((
                rate,
                Team {
                    queue_voice,
                    ..*self
                },
            ));
        }
        if self.queue_chat > 0 {
            let queue_chat = self.queue_chat - 1;
            let rate = f64::from(self.queue_chat) * b.chat.patience;
            out.push((
                rate,
                Team {
                    queue_chat,
                    ..*self
                },
            ));
        }
        out
    }

    /// Every transition of the whole team.
    fn moves(&self, b: &Blend) -> Moves<Team> {
        let s = *self;
        let (v, c) = (&b.voice, &b.chat);
        let mut out = Vec::new();
        if let Some(next) = s.voice_arrives(b) {
            out.push((v.arrival, next));
        }
        if let Some(next) = s.chat_arrives(b) {
            out.push((c.arrival, next));
        }
        if s.voice > 0 {
            let voice = s.voice - 1;
            let freed = Team { voice, ..s }.agent_free();
            out.push((f64::from(s.voice) * v.service, freed));
        }
        if s.chat2 > 0 {
            out.push((f64::from(2 * s.chat2) * c.service, s.chat2_ends()));
        }
        if s.chat1 > 0 {
            let chat1 = s.chat1 - 1;
            let freed = Team { chat1, ..s }.agent_free();
            out.push((f64::from(s.chat1) * c.service, freed));
        }
        out.extend(s.give_ups(b));
        out.into_iter().map(|(r, s)| (r, To::State(s))).collect()
    }
}

/// A tagged waiting client: the team (its own line's queue set aside) and
/// the clients of its line queued ahead of it. Clients behind it change
/// nothing until it is answered, so they are left out.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
struct Tagged {
    team: Team,
    ahead: u32,
}

impl Tagged {
    /// Clients giving up while this one (of a line with `patience`) waits:
    /// those ahead of it, those of the other line, and itself.
    fn give_ups(&self, b: &Blend, patience: f64) -> Moves<Tagged> {
        let (team, ahead) = (self.team, self.ahead);
        let mut out: Moves<Tagged> = team
            .give_ups(b)
            .into_iter()
            .map(|(r, team)| (r, To::State(Tagged { team, ahead })))
            .collect();
        if ahead > 0 {
            let rate = f64::from(ahead) * patience;
            out.push((
                rate,
                To::State(Tagged {
                    team,
                    ahead: ahead - 1,
                }),
            ));
        }
        out.push((patience, To::Lost));
        out
    }
}

/// Transitions while a voice client waits. Voice arrivals behind it are left
/// out (they affect nothing before it is answered); an agent freed while it
/// waits always takes voice, so no agent is idle.
fn voice_tagged(s: &Tagged, b: &Blend) -> Moves<Tagged> {
    let (t, ahead) = (s.team, s.ahead);
    let (v, c) = (&b.voice, &b.chat);
    let mut out = Vec::new();
    let with = |team: Team, ahead: u32| To::State(Tagged { team, ahead });
    // An agent free for voice: the head of the queue.
    let take = |team: Team| {
        if ahead == 0 {
            To::Answered
        } else {
            with(team, ahead - 1)
        }
    };
    if let Some(team) = t.chat_arrives(b) {
        out.push((c.arrival, with(team, ahead)));
    }
    if t.voice > 0 {
        out.push((f64::from(t.voice) * v.service, take(t)));
    }
    if t.chat2 > 0 {
        out.push((
            f64::from(2 * t.chat2) * c.service,
            with(t.chat2_ends(), ahead),
        ));
    }
    if t.chat1 > 0 {
        let team = Team {
            chat1: t.chat1 - 1,
            voice: t.voice + 1,
            ..t
        };
        out.push((f64::from(t.chat1) * c.service, take(team)));
    }
    out.extend(s.give_ups(b, v.patience));
    out
}

/// Transitions while a chat client waits: every agent is on voice or holds
/// two sessions (an agent with one would have taken it), and stays so.
fn chat_tagged(s: &Tagged, b: &Blend) -> Moves<Tagged> {
    let (t, ahead) = (s.team, s.ahead);
    let (v, c) = (&b.voice, &b.chat);
    let mut out = Vec::new();
    let with = |team: Team, ahead: u32| To::State(Tagged { team, ahead });
    if let Some(team) = t.voice_arrives(b) {
        out.push((v.arrival, with(team, ahead)));
    }
    if t.voice > 0 {
        // The freed agent takes voice first, else the first two chat clients.
        let voice = t.voice - 1;
        let to = if t.queue_voice > 0 {
            with(Team { voice, ..t }.agent_free(), ahead)
        } else if ahead <= 1 {
            To::Answered
        } else {
            let chat2 = t.chat2 + 1;
            with(Team { voice, chat2, ..t }, ahead - 2)
        };
        out.push((f64::from(t.voice) * v.service, to));
    }
    if t.chat2 > 0 {
        let to = if ahead == 0 {
            To::Answered
        } else {
            with(t, ahead - 1)
        };
        out.push((f64::from(2 * t.chat2) * c.service, to));
    }
    out.extend(s.give_ups(b, c.patience));
    out
}

/// The exact figures of one line.
struct Exact {
    service_level: f64,
    p_wait: f64,
    mean_queue_time_s: f64,
    abandon_rate: f64,
}

/// The exact figures of voice and chat and the team's occupancy.
fn exact(b: &Blend) -> (Exact, Exact, f64) {
    let empty = Team {
        voice: 0,
        chat1: 0,
        chat2: 0,
        queue_voice: 0,
        queue_chat: 0,
    };
    let chain = Chain::explore(&[empty], |s| s.moves(b));
    let pi = chain.stationary();
    let states = || chain.states.iter().zip(&pi);
    let at_bound: f64 = states()
        .filter(|(s, _)| s.queue_voice == QUEUE_MAX || s.queue_chat == QUEUE_MAX)
        .map(|(_, p)| p)
        .sum();
    assert!(at_bound < 1e-12, "truncation mass {at_bound}");
    let mean = |f: &dyn Fn(&Team) -> f64| states().map(|(s, p)| f(s) * p).sum::<f64>();
    let busy = mean(&|s| f64::from(s.voice) + 0.5 * f64::from(s.chat1) + f64::from(s.chat2));
    let occupancy = busy / f64::from(b.agents);
    // An arrival waits (PASTA) in the states `waits`; the tagged client
    // starts with the clients queued ahead of it, its line's queue (`queue`)
    // set aside (`aside`) for `ahead`.
    let line = |rates: &Rates,
                waits: &dyn Fn(&Team) -> bool,
                queue: fn(&Team) -> u32,
                aside: fn(Team) -> Team,
                tagged: fn(&Tagged, &Blend) -> Moves<Tagged>| {
        let start: Vec<(Tagged, f64)> = states()
            .filter(|(s, _)| waits(s))
            .map(|(&team, &p)| {
                let ahead = queue(&team);
                let team = aside(team);
                (Tagged { team, ahead }, p)
            })
            .collect();
        let p_wait: f64 = start.iter().map(|(_, p)| p).sum();
        let starts: Vec<Tagged> = start.iter().map(|(s, _)| *s).collect();
        let waiting = Chain::explore(&starts, |s| tagged(s, b));
        let queued = mean(&|s| f64::from(queue(s)));
        Exact {
            service_level: 1.0 - p_wait + waiting.answered_by(&start, WITHIN_S),
            p_wait,
            mean_queue_time_s: queued / rates.arrival,
            abandon_rate: queued * rates.patience / rates.arrival,
        }
    };
    let voice = line(
        &b.voice,
        &|s| s.idle(b) == 0,
        |s| s.queue_voice,
        |s| Team {
            queue_voice: 0,
            ..s
        },
        voice_tagged,
    );
    let chat = line(
        &b.chat,
        &|s| s.idle(b) == 0 && s.chat1 == 0,
        |s| s.queue_chat,
        |s| Team { queue_chat: 0, ..s },
        chat_tagged,
    );
    (voice, chat, occupancy)
}

#[test]
fn a_small_blended_team_matches_its_markov_chain() {
    let (voice, chat, occupancy) = exact(&BLEND);
    let plan = plan(&blend_scenario(&BLEND));
    let reps = run(&plan);
    let result = summarize(&plan, "", &reps);
    let widen = t_quantile(0.9995, reps.len() - 1) / t_quantile(0.975, reps.len() - 1);
    for (l, exact) in [(0, &voice), (1, &chat)] {
        let line = &result.summary.lines[l];
        let checks: [(&str, Option<Stat>, f64); 5] = [
            ("service_level", line.service_level, exact.service_level),
            ("p_wait", line.p_wait, exact.p_wait),
            (
                "mean_queue_time_s",
                line.mean_queue_time_s,
                exact.mean_queue_time_s,
            ),
            ("abandon_rate", line.abandon_rate, exact.abandon_rate),
            ("occupancy", line.occupancy, occupancy),
        ];
        for (name, stat, exact) in checks {
            let stat = stat.unwrap_or_else(|| panic!("{}: {name} missing", line.id));
            let half = stat.half_width() * widen;
            let (id, mean) = (&line.id, stat.mean);
            let told =
                format!("{id} {name}: simulated {mean:.5} ± {half:.5} (99.9%), exact {exact:.5}");
            eprintln!("{told}");
            assert!((mean - exact).abs() <= half, "{told}");
        }
    }
}
