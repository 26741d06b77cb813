//! Xinfang Desk core: petition cases from registration to closure, statutory periods on the
//! official calendar, the SQLite store, formal documents, sync packages and the lists offices
//! keep in Excel. No Tauri, no UI:
//! it builds and tests headless, and the CLI and the desktop shell both call `Desk`.

pub mod desk;
pub mod documents;
pub mod domain;
mod error;
pub mod sheets;
pub mod store;
pub mod sync;

pub use desk::{default_db_path, Desk};
pub use domain::clock::Clock;
pub use error::Error;
