//! A calendar queue for the events scheduled one by one.
//!
//! Service completions are half the events of a queueing model, and on a
//! heap each costs a walk of dependent loads and compares, measured at a
//! quarter of a replication's time. Here time is cut into buckets of
//! [`BUCKET`] ticks on a ring covering [`RING`] buckets ahead: scheduling
//! appends to a bucket; when the clock reaches a bucket its few events are
//! sorted once into the `near` list, from which events leave by a pop off its
//! end. Events later than the ring wait in a heap and move onto the ring as
//! it turns; a bitmap of non-empty buckets skips quiet hours a word at a time.
//!
//! The order is exactly that of one heap keyed by (time, sequence): buckets
//! partition time and `near` is sorted by key.

use super::heap::{Entry, EventHeap};
use super::time::Tick;

/// log2 of the bucket width in ticks (2^22 µs ≈ 4 s: a few completions
/// per bucket at a thousand agents busy).
const SHIFT: u32 = 22;
/// Bucket width in ticks.
const BUCKET: Tick = 1 << SHIFT;
/// Buckets on the ring (2^10 × 4 s ≈ 70 minutes ahead).
const RING: u64 = 1 << 10;
const WORDS: usize = (RING / 64) as usize;

fn bucket(time: Tick) -> u64 {
    time / BUCKET
}

/// Pending events, earliest key first.
pub(super) struct Wheel<E> {
    /// Events of the current bucket and earlier, latest first.
    near: Vec<Entry<E>>,
    /// Events of buckets `current + 1 .. current + RING`, at `bucket % RING`.
    ring: Vec<Vec<Entry<E>>>,
    /// Bit `i` set: `ring[i]` is not empty.
    occupied: [u64; WORDS],
    /// Events of buckets `current + RING` and later.
    overflow: EventHeap<E>,
    current: u64,
    len: usize,
}

impl<E: Copy> Wheel<E> {
    pub fn new() -> Self {
        Self {
            near: Vec::with_capacity(64),
            ring: (0..RING).map(|_| Vec::new()).collect(),
            occupied: [0; WORDS],
            overflow: EventHeap::new(),
            current: 0,
            len: 0,
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    #[inline]
    pub fn push(&mut self, entry: Entry<E>) {
        self.len += 1;
        self.place(entry);
    }

    #[inline]
    fn place(&mut self, entry: Entry<E>) {
        let b = bucket(entry.key.time);
        if b <= self.current {
            // Latest first: the new entry goes before every later one.
            let at = self.near.partition_point(|e| e.key > entry.key);
            self.near.insert(at, entry);
        } else if b < self.current + RING {
            let slot = (b % RING) as usize;
            self.ring[slot].push(entry);
            self.occupied[slot / 64] |= 1 << (slot % 64);
        } else {
            self.overflow.push(entry);
        }
    }

    /// The earliest entry, if any.
    #[inline]
    pub fn peek(&mut self) -> Option<&Entry<E>> {
        if self.near.is_empty() && self.len > 0 {
            self.advance();
        }
        self.near.last()
    }

    /// Removes the earliest entry.
    #[inline]
    pub fn pop(&mut self) -> Option<Entry<E>> {
        self.peek()?;
        self.len -= 1;
        self.near.pop()
    }

    /// Moves to the next bucket holding events (`near` is empty).
    fn advance(&mut self) {
        let on_ring = self.next_occupied();
        let beyond = self.overflow.peek().map(|e| bucket(e.key.time));
        let Some(next) = on_ring.into_iter().chain(beyond).min() else {
            return;
        };
        self.current = next;
        let slot = (next % RING) as usize;
        if self.occupied[slot / 64] & (1 << (slot % 64)) != 0 {
            self.occupied[slot / 64] &= !(1 << (slot % 64));
            // Swap buffers: the ring keeps the emptied `near` for later.
            std::mem::swap(&mut self.near, &mut self.ring[slot]);
            self.near.sort_unstable_by_key(|e| std::cmp::Reverse(e.key));
        }
        while let Some(top) = self.overflow.peek()
            && bucket(top.key.time) < next + RING
        {
            if let Some(entry) = self.overflow.pop() {
                self.place(entry);
            }
        }
    }

    /// The first non-empty bucket after the current one, within the ring.
    fn next_occupied(&self) -> Option<u64> {
        let start = ((self.current + 1) % RING) as usize;
        let mut word = start / 64;
        let mut bits = self.occupied[word] & (!0u64 << (start % 64));
        for _ in 0..=WORDS {
            if bits != 0 {
                let slot = (word * 64 + bits.trailing_zeros() as usize) as u64;
                let ahead = (slot + RING - start as u64) % RING;
                return Some(self.current + 1 + ahead);
            }
            word = (word + 1) % WORDS;
            bits = self.occupied[word];
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::heap::Key;
    use rand::{RngExt, SeedableRng};

    /// Pushes and pops interleaved as in a simulation (never before the last
    /// pop), against a sorted reference holding the same entries.
    #[test]
    fn pops_in_key_order() {
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(7);
        let mut wheel = Wheel::new();
        let mut reference = std::collections::BTreeSet::new();
        let mut now = 0;
        for seq in 0..300_000u64 {
            if seq % 3 != 2 || reference.is_empty() {
                // Mostly near, some on the ring, some beyond it, some ties.
                let ahead = match rng.random_range(0..10) {
                    0 => 0,
                    1..=6 => rng.random_range(0..BUCKET * 4),
                    7 | 8 => rng.random_range(0..BUCKET * RING),
                    _ => rng.random_range(0..BUCKET * RING * 5),
                };
                let key = Key {
                    time: now + ahead,
                    seq,
                };
                wheel.push(Entry { key, event: seq });
                reference.insert((key.time, seq));
            } else {
                let got = wheel.pop().map(|e| (e.key.time, e.key.seq, e.event));
                let (time, s) = reference.pop_first().unwrap_or_default();
                assert_eq!(got, Some((time, s, s)));
                now = time;
            }
            assert_eq!(wheel.len(), reference.len());
        }
        while let Some((time, s)) = reference.pop_first() {
            assert_eq!(
                wheel.pop().map(|e| (e.key.time, e.key.seq)),
                Some((time, s))
            );
        }
        assert!(wheel.pop().is_none());
    }

    #[test]
    fn far_jumps_and_an_empty_wheel() {
        let mut wheel = Wheel::new();
        assert!(wheel.pop().is_none());
        let far = BUCKET * RING * 1000 + 3;
        for (time, seq) in [far, 5, far - 1, BUCKET * RING].into_iter().zip(0..) {
            wheel.push(Entry {
                key: Key { time, seq },
                event: (),
            });
        }
        let times: Vec<_> = std::iter::from_fn(|| wheel.pop().map(|e| e.key.time)).collect();
        assert_eq!(times, vec![5, BUCKET * RING, far - 1, far]);
    }
}
