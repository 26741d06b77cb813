//! WebKitGTK settings the window's memory depends on (measured in docs/performance.md, Desktop).

/// The web view is a single-page form application on local data: it keeps no back/forward
/// pages and needs no browser-sized memory caches. `DocumentViewer` is WebKit's smallest cache
/// model (no page cache, minimal memory cache); the default, `WebBrowser`, sizes its caches for
/// browsing the web.
#[cfg(target_os = "linux")]
pub fn tune(app: &tauri::App) {
    use tauri::Manager;
    use webkit2gtk::{CacheModel, WebContextExt, WebViewExt};
    let Some(window) = app.get_webview_window("main") else {
        return;
    };
    let _ = window.with_webview(|webview| {
        if let Some(context) = webview.inner().context() {
            context.set_cache_model(CacheModel::DocumentViewer);
        }
    });
}

#[cfg(not(target_os = "linux"))]
pub fn tune(_app: &tauri::App) {}
