//! The rules in force for an office: its calendar, its period rules, and the office itself.

use super::calendar::Calendar;
use super::office::Office;
use super::period::RuleSet;

/// The calendar and period rules in force; reloaded whenever the office changes either.
#[derive(Debug, Clone)]
pub struct Policy {
    pub calendar: Calendar,
    pub rules: RuleSet,
    /// The local office; its code never changes once set, so registrations read it here.
    pub office: Option<Office>,
}
