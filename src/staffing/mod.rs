//! Capacity planning by simulation: the staffing search that corrects the
//! analytic requirement, and the search for what closes a shortfall.
//!
//! May import `model` and `scenario` (and the foundations).

pub mod levers;
pub mod search;
