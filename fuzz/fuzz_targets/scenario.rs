//! Arbitrary bytes (as lossy UTF-8) into the scenario reader: it must never
//! panic, its messages must render, and a plan it accepts must simulate.

#![no_main]

use bposim::scenario::{Source, load, size};
use libfuzzer_sys::fuzz_target;

/// Plans larger than this (expected events of one replication) are not simulated.
const MAX_EVENTS_TO_SIMULATE: f64 = 200_000.0;

fuzz_target!(|data: &[u8]| {
    let source = Source {
        name: "fuzz.toml".to_string(),
        text: String::from_utf8_lossy(data).into_owned(),
    };
    match load(&source) {
        Err(e) => {
            let message = e.to_string();
            assert!(!message.is_empty());
        }
        Ok(plan) => {
            let estimate = size::estimate(&plan, 1, 1);
            if estimate.events <= MAX_EVENTS_TO_SIMULATE && estimate.memory_bytes <= 1.0e8 {
                let _ = bposim::model::sim::simulate(&plan, 0);
            }
        }
    }
});
