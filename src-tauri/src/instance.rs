//! One window per database: a second launch on the same database focuses the first window
//! instead of opening the file twice; a launch on another office's database is a separate app.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

/// The path as the same file is always spelled: absolute, with the folder's symlinks resolved
/// (the file itself may not exist yet).
pub fn canonical_db_path(path: &Path) -> PathBuf {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    };
    match (abs.parent(), abs.file_name()) {
        (Some(dir), Some(name)) => dir
            .canonicalize()
            .map(|d| d.join(name))
            .unwrap_or_else(|_| abs.clone()),
        _ => abs,
    }
}

/// The D-Bus name prefix the single-instance plugin registers on Linux (it appends
/// `.SingleInstance`): the app identifier plus a hash of the database path.
pub fn instance_id(identifier: &str, db_path: &Path) -> String {
    // SipHash with fixed keys: the same path gives the same id in every process of this build.
    let mut h = std::collections::hash_map::DefaultHasher::new();
    canonical_db_path(db_path).hash(&mut h);
    format!("{identifier}.db_{:016x}", h.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_file_same_id_other_file_other_id() {
        let dir = std::env::temp_dir();
        let a = instance_id("cn.xinfang.desk", &dir.join("a.sqlite"));
        let a2 = instance_id("cn.xinfang.desk", &dir.join(".").join("a.sqlite"));
        let b = instance_id("cn.xinfang.desk", &dir.join("b.sqlite"));
        assert_eq!(a, a2);
        assert_ne!(a, b);
        // A valid D-Bus name element: letters, digits, underscore; not starting with a digit.
        let last = a.rsplit('.').next().unwrap();
        assert!(last.starts_with("db_"));
        assert!(last.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
    }
}
