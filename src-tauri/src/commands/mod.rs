//! One file per area; one thin command per use-case of the core `Desk`. Commands hold no rules
//! and no SQL: they take the opened `Desk` from state, call one method and convert the error.
//! Arguments keep the glossary's snake_case names on the JavaScript side too.
pub mod accounts;
pub mod app;
pub mod attachments;
pub mod audit;
pub mod backup;
pub mod cases;
pub mod documents;
pub mod office;
pub mod repeats;
pub mod routing;
pub mod settings;
pub mod supervision;
pub mod sync;
