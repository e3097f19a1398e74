//! Sciatic session planner: plan massage around the sciatic nerve on a 3D pelvis-and-leg model.
//!
//! Layers, in one direction only:
//! - [`anatomy`]: the anatomy as data (pure), and the generator of the glTF model;
//! - [`plan`]: the session-plan file format and its validation (pure);
//! - [`pose`]: how the body lies and its joint angles, as a transform per body segment (pure);
//! - [`safety`]: anatomy-aware safety checks of a plan (pure);
//! - [`private`]: owner-only, atomic file writing, used for every file the app writes;
//! - [`handout`]: the client's printed handout (PDF), with the body drawn in software;
//! - [`teaching`]: the teaching mode as data: guided tours checked against the model, distances along
//!   the nerve, the Beaton & Anson variants and a quiz (pure);
//! - [`cli`]: the headless subcommands;
//! - `app` (feature `app`): the Bevy desktop app, which converts at its boundary and owns no domain rules.

pub mod anatomy;
pub mod cli;
pub mod handout;
pub mod plan;
pub mod pose;
pub mod private;
pub mod safety;
pub mod teaching;

#[cfg(feature = "app")]
pub mod app;
