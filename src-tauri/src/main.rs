// The desktop shell: one window over the core `Desk`. No rules and no SQL here — every command is
// a thin call into the core (see commands/).
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod autobackup;
mod autoexport;
mod commands;
mod error;
mod health;
mod instance;
mod print;
mod startup;
mod state;
mod timer;
mod webview;

use std::path::PathBuf;

use tauri::Manager;

/// The database this window works on: `XINFANG_DB`, as for the CLI, or the core's default.
fn db_path() -> PathBuf {
    match std::env::var_os("XINFANG_DB") {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => xinfang::default_db_path(),
    }
}

fn main() {
    startup::mark_main();
    // Accelerated compositing grows the web process with each opened case and slows drawing
    // without a usable GPU, for forms that need none of it (docs/performance.md, Desktop).
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() {
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
    // JavaScriptCore's JIT holds memory in the web process, and the UI runs as fast without it
    // (docs/performance.md, Desktop). The web process inherits the variable; a set one wins.
    #[cfg(target_os = "linux")]
    if std::env::var_os("JSC_useJIT").is_none() {
        std::env::set_var("JSC_useJIT", "0");
    }
    let context = tauri::generate_context!("../tauri.conf.json");
    let db = instance::canonical_db_path(&db_path());
    let instance_id = instance::instance_id(&context.config().identifier, &db);

    tauri::Builder::default()
        // First, so a second launch on the same database hands over to the running window and
        // exits before the database is opened a second time (that happens in `setup`).
        .plugin(
            tauri_plugin_single_instance::Builder::new()
                .dbus_id(instance_id)
                .callback(|app, _args, _cwd| {
                    if let Some(window) = app.get_webview_window("main") {
                        let _ = window.unminimize();
                        let _ = window.show();
                        let _ = window.set_focus();
                    }
                })
                .build(),
        )
        // Window size and position are remembered between runs.
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_dialog::init())
        .setup(move |app| {
            startup::log("setup");
            app.manage(state::DeskState::open(db));
            startup::log("database opened");
            webview::tune(app);
            app.manage(autoexport::SyncRunner::default());
            timer::start(app.handle().clone());
            app.manage(health::Health::default());
            health::start(app.handle().clone());
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::app::app_info,
            commands::app::ui_ready,
            health::startup_check,
            commands::accounts::sign_in,
            commands::accounts::first_admin_create,
            commands::accounts::demo_accounts,
            commands::accounts::sign_out,
            commands::accounts::lock_now,
            commands::accounts::still_here,
            commands::accounts::accounts_list,
            commands::accounts::account_create,
            commands::accounts::account_update,
            commands::accounts::account_password_set,
            commands::accounts::idle_lock_set,
            commands::office::office_init,
            commands::office::office_update,
            commands::office::demo_load,
            commands::cases::case_register,
            commands::cases::case_list,
            commands::cases::case_list_export,
            commands::cases::case_list_export_show,
            commands::cases::case_detail,
            commands::cases::case_unmask,
            commands::cases::case_act,
            commands::cases::petitioners_merge,
            commands::cases::case_split,
            commands::cases::due_list,
            commands::cases::agenda,
            commands::cases::case_assign_handler,
            commands::cases::handlers,
            commands::documents::received_register_print,
            commands::documents::case_list_print,
            commands::cases::identity_check,
            commands::documents::document_choices,
            commands::documents::document_issue,
            commands::documents::documents_list,
            commands::documents::document_draft,
            commands::documents::document_pdf,
            commands::documents::document_void,
            commands::documents::document_print,
            commands::documents::document_open,
            commands::attachments::attachments_list,
            commands::attachments::attachment_add,
            commands::attachments::attachment_withdraw,
            commands::attachments::attachment_open,
            commands::supervision::supervision_suggestions,
            commands::supervision::supervision_confirm,
            commands::supervision::supervision_dismiss,
            commands::supervision::supervisions_list,
            commands::supervision::supervision_settings,
            commands::supervision::supervision_settings_set,
            commands::documents::document_reveal,
            commands::documents::counter_paper_print,
            commands::documents::document_settings,
            commands::documents::document_settings_set,
            commands::settings::period_rules_get,
            commands::settings::period_rules_set,
            commands::settings::calendar_year,
            commands::settings::calendar_import,
            commands::settings::localities_list,
            commands::settings::localities_set,
            commands::routing::channels_list,
            commands::routing::channels_import,
            commands::routing::channels_export,
            commands::routing::case_propose,
            commands::routing::registration_propose,
            commands::routing::routing_accuracy,
            commands::routing::authorities_list,
            commands::repeats::registration_repeats,
            commands::repeats::case_repeats,
            commands::repeats::registration_level_skip,
            commands::audit::audit_verify,
            commands::backup::backup_create,
            commands::backup::backup_list,
            commands::backup::backup_verify,
            commands::backup::backup_restore,
            commands::backup::backup_schedule,
            commands::backup::backup_schedule_set,
            commands::sync::sync_status,
            commands::sync::sync_export,
            commands::sync::sync_import,
            commands::sync::sync_key_export,
            commands::sync::sync_key_file,
            commands::sync::sync_trust,
            commands::sync::sync_untrust,
            commands::sync::sync_history,
            commands::sync::sync_conflicts,
            commands::sync::sync_resolve,
            commands::sync::sync_settings_set,
            commands::sync::sync_masking_set,
        ])
        .build(context)
        .expect("error while building the Xinfang Desk application")
        .run(|app, event| {
            // Close the database on the way out, so that its WAL goes back into the file.
            if let tauri::RunEvent::Exit = event {
                if let Some(state) = app.try_state::<state::DeskState>() {
                    if let Ok(desk) = state.desk() {
                        tauri::async_runtime::block_on(desk.close());
                    }
                }
            }
        });
}
