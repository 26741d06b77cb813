//! Pure types and rules: no IO, no async. Everything here is tested without a database.

pub mod account;
pub mod attachment;
pub mod authorities;
pub mod calendar;
pub mod campaign;
pub mod case;
pub mod case_split;
pub mod channels;
pub mod clock;
pub mod digest;
pub mod document;
pub mod holiday_notice;
pub mod identity;
pub mod input;
pub mod level_skip;
pub mod likeness;
pub mod localities;
pub mod office;
pub mod period;
pub mod petitioner_merge;
pub mod policy;
pub mod registration;
pub mod repeats;
pub mod retention;
pub mod routing;
pub mod supervision;
pub mod wording;
pub mod workflow;

#[cfg(test)]
mod tests;

pub use calendar::cn_date;
