//! Random streams derived from (seed, replication, stream id).
//!
//! Every source of randomness (arrivals of a line, its handle times, its
//! patience, absences, ...) draws from its own generator, so results depend
//! on neither the thread count nor on what other lines do, and two scenarios
//! run with the same seed share random numbers wherever their inputs agree
//! (common random numbers). The generator is named (Xoshiro256++), not
//! `StdRng`, whose algorithm may change between rand versions.

use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;

/// The generator behind every stream.
pub type Stream = Xoshiro256PlusPlus;

/// What a stream is used for; together with an index it names one stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum Purpose {
    /// Arrival times of a service line.
    Arrivals = 1,
    /// Handle times of a service line.
    HandleTime = 2,
    /// Patience of a service line's clients.
    Patience = 3,
    /// Absences (shrinkage) of an agent group.
    Absence = 4,
    /// Branching decisions of a service line (priority, escalation, rework).
    Routing = 5,
    /// Workforce dynamics (hiring, attrition, education outcomes).
    Workforce = 6,
    /// Draws of the uncertain inputs (one stream per input).
    Uncertainty = 7,
}

/// SplitMix64 finaliser: a bijective 64-bit mixer.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The stream for `purpose` number `index` of replication `replication`.
pub fn stream(seed: u64, replication: u32, purpose: Purpose, index: u32) -> Stream {
    let id = (u64::from(purpose as u32) << 32) | u64::from(index);
    let key = mix(mix(mix(seed) ^ u64::from(replication)) ^ id);
    Stream::seed_from_u64(key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::RngExt;

    #[test]
    fn pinned_seed_gives_pinned_samples() {
        // Guards reproducibility across versions: changing this is a breaking change.
        let mut s = stream(7, 0, Purpose::Arrivals, 0);
        let first: Vec<u64> = (0..3).map(|_| s.random::<u64>()).collect();
        assert_eq!(first, PINNED);
    }

    const PINNED: [u64; 3] = [
        11_446_590_635_472_789_967,
        14_976_810_029_214_872_239,
        16_461_069_907_497_465_962,
    ];

    #[test]
    fn streams_differ_by_every_coordinate() {
        let draw = |seed, rep, purpose, index| stream(seed, rep, purpose, index).random::<u64>();
        let base = draw(7, 0, Purpose::Arrivals, 0);
        assert_ne!(base, draw(8, 0, Purpose::Arrivals, 0));
        assert_ne!(base, draw(7, 1, Purpose::Arrivals, 0));
        assert_ne!(base, draw(7, 0, Purpose::HandleTime, 0));
        assert_ne!(base, draw(7, 0, Purpose::Arrivals, 1));
        assert_eq!(base, draw(7, 0, Purpose::Arrivals, 0));
    }
}
