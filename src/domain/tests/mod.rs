//! Dated and exhaustive tests of the pure rules.
mod campaign;
mod periods;
mod records;
mod registration;
mod supervision;
mod workflow;
