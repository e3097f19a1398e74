//! Runs without a user: `render` takes a still and exits; `bench-view` and `bench-idle` measure the app.

pub mod bench;
pub mod stills;
