//! One file per area; one thin command per use-case of the core.
pub mod app;
