//! JSON the commands take: inline, from a file, or from standard input.

use std::io::Read;
use std::path::Path;

use serde::de::DeserializeOwned;
use xinfang::Error;

/// The JSON text of `arg`: the text itself when it starts like JSON, standard input for `-`,
/// else the file it names.
pub fn read_json_arg(arg: &str) -> Result<String, Error> {
    let trimmed = arg.trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        return Ok(arg.to_string());
    }
    if arg == "-" {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s)?;
        return Ok(s);
    }
    read_file("json", Path::new(arg))
}

/// The text of an input file named on the command line; one that cannot be read is bad input
/// (exit 2), named with the reason.
pub fn read_file(field: &str, path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|e| unreadable(field, path, &e))
}

/// Refuses an input file that cannot be opened before a command starts on it.
pub fn openable(field: &str, path: &Path) -> Result<(), Error> {
    std::fs::File::open(path)
        .map(drop)
        .map_err(|e| unreadable(field, path, &e))
}

fn unreadable(field: &str, path: &Path, e: &std::io::Error) -> Error {
    let reason = match e.kind() {
        std::io::ErrorKind::InvalidData => "不是UTF-8文本".to_string(),
        _ => xinfang::domain::wording::io_reason(e),
    };
    Error::invalid(field, format!("无法读取“{}”：{reason}", path.display()))
}

/// Parses `raw`, refusing unknown fields and naming the field at fault in Chinese.
pub fn parse_input<T: DeserializeOwned>(raw: &str) -> Result<T, Error> {
    Ok(xinfang::domain::input::parse(raw)?)
}
