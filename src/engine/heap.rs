//! Event keys, and a 4-ary min-heap on them for the events the calendar
//! wheel holds beyond its ring (long services, far-off events).
//!
//! The smallest of four children is picked with conditional moves on keys
//! packed into one 128-bit number (no mispredicted branches on the way
//! down), and a pop walks the hole to the bottom before placing the last
//! entry (Floyd's trick: it rarely climbs back more than a level).

use super::time::Tick;

/// Orders events: by time, then by insertion sequence. Two words rather
/// than one `u128`, which would double the entry's alignment and size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Key {
    pub time: Tick,
    pub seq: u64,
}

impl Key {
    /// No event: after every other key.
    pub const NONE: Key = Key {
        time: Tick::MAX,
        seq: u64::MAX,
    };

    /// Both parts as one number: compared without branches.
    #[inline]
    fn packed(self) -> u128 {
        (u128::from(self.time) << 64) | u128::from(self.seq)
    }
}

impl PartialOrd for Key {
    #[inline]
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }

    #[inline]
    fn lt(&self, other: &Self) -> bool {
        self.packed() < other.packed()
    }
}

impl Ord for Key {
    #[inline]
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.packed().cmp(&other.packed())
    }

    #[inline]
    fn min(self, other: Self) -> Self {
        if other < self { other } else { self }
    }
}

/// An event with its key.
#[derive(Clone, Copy)]
pub(super) struct Entry<E> {
    pub key: Key,
    pub event: E,
}

/// Pending entries, smallest key first.
pub(super) struct EventHeap<E> {
    data: Vec<Entry<E>>,
}

impl<E: Copy> EventHeap<E> {
    pub fn new() -> Self {
        Self {
            data: Vec::with_capacity(1024),
        }
    }

    #[inline]
    pub fn peek(&self) -> Option<&Entry<E>> {
        self.data.first()
    }

    #[inline]
    pub fn push(&mut self, entry: Entry<E>) {
        self.data.push(entry);
        self.sift_up(self.data.len() - 1, entry);
    }

    /// Moves the hole at `hole` up until `entry` fits there.
    #[inline]
    fn sift_up(&mut self, mut hole: usize, entry: Entry<E>) {
        while hole > 0 {
            let parent = (hole - 1) / 4;
            if self.data[parent].key <= entry.key {
                break;
            }
            self.data[hole] = self.data[parent];
            hole = parent;
        }
        self.data[hole] = entry;
    }

    #[inline]
    pub fn pop(&mut self) -> Option<Entry<E>> {
        let last = self.data.pop()?;
        let Some(&top) = self.data.first() else {
            return Some(last);
        };
        let data = &mut self.data[..];
        let mut hole = 0;
        loop {
            let first = 4 * hole + 1;
            let children = data.get(first..first + 4);
            if let Some(c) = children.and_then(|c| <&[Entry<E>; 4]>::try_from(c).ok()) {
                let a = usize::from(c[1].key < c[0].key);
                let b = 2 + usize::from(c[3].key < c[2].key);
                let k = if c[b].key < c[a].key { b } else { a };
                data[hole] = c[k];
                hole = first + k;
            } else {
                if first < data.len() {
                    let child = (first..data.len())
                        .min_by_key(|&i| data[i].key)
                        .unwrap_or(first);
                    data[hole] = data[child];
                    hole = child;
                }
                break;
            }
        }
        self.sift_up(hole, last);
        Some(top)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{RngExt, SeedableRng};

    /// Random pushes and pops (never earlier than the last pop, as in a
    /// simulation) leave in the order of a sorted reference.
    #[test]
    fn pops_in_key_order() {
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(3);
        let mut heap = EventHeap::new();
        let mut reference = std::collections::BTreeSet::new();
        let mut now = 0;
        for seq in 0..100_000u64 {
            if rng.random_range(0..5) < 3 || reference.is_empty() {
                let time = now + rng.random_range(0..1000) * rng.random_range(0..3);
                heap.push(Entry {
                    key: Key { time, seq },
                    event: seq,
                });
                reference.insert((time, seq));
            } else {
                let e = heap.pop().map(|e| (e.key.time, e.key.seq, e.event));
                let (time, s) = reference.pop_first().unwrap_or_default();
                assert_eq!(e, Some((time, s, s)));
                now = time;
            }
            assert_eq!(heap.data.len(), reference.len());
        }
        while let Some((time, s)) = reference.pop_first() {
            assert_eq!(heap.pop().map(|e| e.key), Some(Key { time, seq: s }));
        }
        assert!(heap.pop().is_none());
    }
}
