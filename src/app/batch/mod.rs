//! Runs without a user: `render` takes a still and exits; `tour --out` takes one of every stop of a tour;
//! `bench-view` and `bench-idle` measure the app.

pub mod bench;
pub mod stills;
pub mod tour;
