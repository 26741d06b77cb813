//! An .xlsx read back as the app reads one (calamine): `cargo run --example sheet_rows -- FILE`
//! prints the first sheet's header and rows as JSON, for the end-to-end tests of the exports.

use std::path::PathBuf;

use xinfang::sheets::Sheet;

fn main() {
    let Some(path) = std::env::args().nth(1).map(PathBuf::from) else {
        eprintln!("用法：sheet_rows 表格文件.xlsx");
        std::process::exit(2);
    };
    match Sheet::read(&path) {
        Ok(sheet) => {
            let rows: Vec<&Vec<String>> = sheet.rows().iter().map(|(_, r)| r).collect();
            let out = serde_json::json!({ "header": sheet.header(), "rows": rows });
            println!("{out}");
        }
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
