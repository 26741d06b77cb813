//! Dated and exhaustive tests of the pure rules.
mod periods;
mod registration;
mod workflow;
