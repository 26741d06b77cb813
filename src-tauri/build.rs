use std::path::Path;

fn main() {
    // The app embeds the built UI (tauri.conf.json: build.frontendDist = ui/dist). A checkout where
    // the UI has not been built yet (e.g. `cargo clippy --workspace` in a fresh clone) still
    // compiles: it gets a one-page placeholder that says how to build the real UI. scripts/e2e.sh
    // and scripts/run-app.sh always build the UI first.
    let dist = Path::new("../ui/dist");
    if !dist.join("index.html").exists() {
        std::fs::create_dir_all(dist).expect("create ui/dist");
        std::fs::write(
            dist.join("index.html"),
            "<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>信访案件办理</title>\
             <body><p>界面尚未构建：请在 ui/ 目录运行 <code>npm run build</code> 后重新编译。</p></body></html>\n",
        )
        .expect("write the placeholder ui/dist/index.html");
    }
    // The configuration lives at the top of the repository, not in src-tauri/.
    tauri_build::try_build(tauri_build::Attributes::new().config_path("../tauri.conf.json"))
        .expect("failed to run tauri-build");
}
