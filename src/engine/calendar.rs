//! The event calendar: a priority queue keyed by (time, insertion sequence).
//!
//! Equal times leave in the order they were scheduled (FIFO), so a run is a
//! pure function of its inputs. Nothing is ever cancelled: the model needs no
//! cancellation (a client who abandons is dropped when an agent reaches them
//! in the FIFO queue). Scheduling in the past is a model bug, caught in debug
//! builds.
//!
//! Events scheduled one by one go to a calendar queue ([`super::wheel`]).
//! Two kinds stay out of it, keyed the same way so the order of events is
//! unchanged:
//! - recurring sources (e.g. the arrival stream of each service line, which
//!   always has exactly one next event) live in a small array;
//! - events known up front (e.g. when each person of a workforce plan joins
//!   and leaves the floor) wait in a sorted list, consumed from its end.

use super::heap::{Entry, Key};
use super::time::Tick;
use super::wheel::Wheel;

const NONE: Key = Key::NONE;

/// Pending events of one simulation run.
pub struct Calendar<E> {
    scheduled: Wheel<E>,
    now: Tick,
    next_seq: u64,
    /// Next event of each recurring source (`NONE` key: none).
    sources: Vec<Entry<E>>,
    /// Index of the source with the smallest key (`None`: to be found again).
    first_source: Option<usize>,
    /// Events scheduled in bulk, latest first.
    batch: Vec<Entry<E>>,
}

impl<E: Copy> Default for Calendar<E> {
    fn default() -> Self {
        Self::new()
    }
}

impl<E: Copy> Calendar<E> {
    /// An empty calendar at time zero.
    pub fn new() -> Self {
        Self {
            scheduled: Wheel::new(),
            now: 0,
            next_seq: 0,
            sources: Vec::new(),
            first_source: None,
            batch: Vec::new(),
        }
    }

    fn key(&mut self, time: Tick) -> Key {
        debug_assert!(
            time >= self.now,
            "event scheduled in the past: {time} < {}",
            self.now
        );
        let seq = self.next_seq;
        self.next_seq += 1;
        Key { time, seq }
    }

    /// Sets the next event of recurring source `source` (`None`: the source
    /// has no further event). Sources are numbered from 0; each holds at most
    /// one event, which replaces any earlier one.
    pub fn set_source(&mut self, source: usize, next: Option<(Tick, E)>) {
        let entry = match next {
            Some((time, event)) => Entry {
                key: self.key(time),
                event,
            },
            None => match self.sources.get(source) {
                Some(old) => Entry {
                    key: NONE,
                    event: old.event,
                },
                None => return,
            },
        };
        if source >= self.sources.len() {
            self.sources
                .resize(source + 1, Entry { key: NONE, ..entry });
        }
        let key = entry.key;
        self.sources[source] = entry;
        if let Some(first) = self.first_source {
            if key < self.sources[first].key {
                self.first_source = Some(source);
            } else if source == first {
                self.first_source = None;
            }
        }
    }

    /// Index of the source with the smallest key (0 when none has one).
    fn smallest(sources: &[Entry<E>]) -> usize {
        // Selects rather than `min_by_key`: which source comes first is as
        // good as random, and this measured about 1% faster on the plan.
        let mut best = 0;
        let mut key = NONE;
        for (i, e) in sources.iter().enumerate() {
            let earlier = e.key < key;
            key = if earlier { e.key } else { key };
            best = if earlier { i } else { best };
        }
        best
    }

    /// The time of the event handed out last.
    #[inline]
    pub fn now(&self) -> Tick {
        self.now
    }

    /// Schedules `event` at `time` (not before now).
    #[inline]
    pub fn schedule(&mut self, time: Tick, event: E) {
        let key = self.key(time);
        self.scheduled.push(Entry { key, event });
    }

    /// Schedules many events at once, in the order given (as if by
    /// [`schedule`](Self::schedule) one after the other). Suited to events
    /// known up front: they wait in a sorted list.
    pub fn schedule_all(&mut self, events: impl IntoIterator<Item = (Tick, E)>) {
        for (time, event) in events {
            let key = self.key(time);
            self.batch.push(Entry { key, event });
        }
        self.batch
            .sort_unstable_by_key(|e| std::cmp::Reverse(e.key));
    }

    /// Index and key of the earliest source event.
    #[inline]
    fn first_source(&mut self) -> (usize, Key) {
        let first = match self.first_source {
            Some(first) => first,
            None => {
                let first = Self::smallest(&self.sources);
                self.first_source = Some(first);
                first
            }
        };
        (first, self.sources.get(first).map_or(NONE, |e| e.key))
    }

    fn batch_key(&self) -> Key {
        self.batch.last().map_or(NONE, |e| e.key)
    }

    /// Removes and returns the earliest event, advancing the clock to it.
    #[inline]
    pub fn pop(&mut self) -> Option<(Tick, E)> {
        let scheduled = self.scheduled.peek().map_or(NONE, |e| e.key);
        let (first, source) = self.first_source();
        let batch = self.batch_key();
        let entry = if scheduled < source && scheduled < batch {
            self.scheduled.pop()?
        } else if source < batch {
            let entry = self.sources[first];
            // Usually rescheduled at once: find the next first lazily.
            self.sources[first].key = NONE;
            self.first_source = None;
            entry
        } else {
            self.batch.pop()?
        };
        self.now = entry.key.time;
        Some((self.now, entry.event))
    }

    /// Number of events waiting.
    pub fn len(&self) -> usize {
        self.scheduled.len()
            + self.batch.len()
            + self.sources.iter().filter(|e| e.key != NONE).count()
    }

    /// True when no event waits.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_times_leave_in_insertion_order() {
        let mut c = Calendar::new();
        for i in 0..100 {
            c.schedule(5, i);
        }
        c.schedule(1, 1000);
        assert_eq!(c.pop(), Some((1, 1000)));
        let order: Vec<_> = std::iter::from_fn(|| c.pop()).map(|(_, e)| e).collect();
        assert_eq!(order, (0..100).collect::<Vec<_>>());
    }

    #[test]
    fn events_leave_in_time_order() {
        let mut c = Calendar::new();
        let times = [9u64, 3, 7, 3, 0, 12, 1 << 50];
        for (i, &t) in times.iter().enumerate() {
            c.schedule(t, i);
        }
        let popped: Vec<_> = std::iter::from_fn(|| c.pop()).collect();
        let mut expected: Vec<_> = times.iter().copied().zip(0..).collect();
        expected.sort();
        assert_eq!(popped, expected);
        assert_eq!(c.now(), 1 << 50);
    }

    #[test]
    fn sources_interleave_with_scheduled_events_in_key_order() {
        let mut c = Calendar::new();
        c.schedule(5, 'a');
        c.set_source(0, Some((5, 'x')));
        c.set_source(1, Some((3, 'y')));
        c.schedule(5, 'b');
        c.set_source(1, Some((4, 'z'))); // replaces 'y'
        let order: Vec<_> = std::iter::from_fn(|| c.pop()).collect();
        assert_eq!(order, vec![(4, 'z'), (5, 'a'), (5, 'x'), (5, 'b')]);
        assert!(c.is_empty());
    }

    #[test]
    fn batches_interleave_with_sources_and_the_queue_in_key_order() {
        let mut c = Calendar::new();
        c.schedule(5, 'a');
        c.schedule_all([(9, 'p'), (5, 'q'), (1, 'r'), (5, 's')]);
        c.set_source(0, Some((5, 'x')));
        c.schedule(1, 'b');
        assert_eq!(c.len(), 7);
        let order: Vec<_> = std::iter::from_fn(|| c.pop()).collect();
        assert_eq!(
            order,
            vec![
                (1, 'r'),
                (1, 'b'),
                (5, 'a'),
                (5, 'q'),
                (5, 's'),
                (5, 'x'),
                (9, 'p')
            ]
        );
        assert!(c.is_empty());
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "in the past")]
    fn scheduling_in_the_past_is_caught() {
        let mut c = Calendar::new();
        c.schedule(10, ());
        c.pop();
        c.schedule(5, ());
    }
}
