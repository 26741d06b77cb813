//! Signing in and out, the inactivity lock, and the administrator's accounts.

use serde::Serialize;
use tauri::State;
use ts_rs::TS;
use xinfang::desk::demo::{DEMO_ACCOUNTS, DEMO_PASSWORD};
use xinfang::desk::{Account, Actor, NewAccount, Permission, Role};

use crate::error::UiResult;
use crate::state::DeskState;

/// Who works in the window, and what the window may offer them.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct SignedIn {
    pub actor: Actor,
    pub permissions: Vec<Permission>,
}

impl From<Actor> for SignedIn {
    fn from(actor: Actor) -> SignedIn {
        SignedIn {
            permissions: actor.permissions(),
            actor,
        }
    }
}

#[tauri::command(rename_all = "snake_case")]
pub async fn sign_in(
    state: State<'_, DeskState>,
    name: String,
    password: String,
) -> UiResult<SignedIn> {
    Ok(state.desk()?.sign_in(&name, &password).await?.into())
}

/// An office without accounts (upgraded from before them): its first administrator.
#[tauri::command(rename_all = "snake_case")]
pub async fn first_admin_create(
    state: State<'_, DeskState>,
    account: NewAccount,
) -> UiResult<SignedIn> {
    Ok(state.desk()?.create_first_admin(account).await?.into())
}

/// 退出: nobody is signed in afterwards.
#[tauri::command(rename_all = "snake_case")]
pub fn sign_out(state: State<'_, DeskState>) -> UiResult<()> {
    state.desk()?.sign_out();
    Ok(())
}

/// 锁定, and the window's idle timer: the same account signs in again.
#[tauri::command(rename_all = "snake_case")]
pub fn lock_now(state: State<'_, DeskState>) -> UiResult<Option<String>> {
    Ok(state.desk()?.lock())
}

/// The clerk is typing or reading: activity without a use-case keeps the window open.
#[tauri::command(rename_all = "snake_case")]
pub fn still_here(state: State<'_, DeskState>) -> UiResult<()> {
    state.desk()?.actor()?;
    Ok(())
}

#[tauri::command(rename_all = "snake_case")]
pub async fn accounts_list(state: State<'_, DeskState>) -> UiResult<Vec<Account>> {
    Ok(state.desk()?.accounts().await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn account_create(state: State<'_, DeskState>, account: NewAccount) -> UiResult<Account> {
    Ok(state.desk()?.create_account(account).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn account_update(state: State<'_, DeskState>, account: Account) -> UiResult<Account> {
    Ok(state.desk()?.update_account(account).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn account_password_set(
    state: State<'_, DeskState>,
    name: String,
    current: Option<String>,
    password: String,
) -> UiResult<()> {
    Ok(state
        .desk()?
        .set_password(&name, current.as_deref(), &password)
        .await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn idle_lock_set(state: State<'_, DeskState>, minutes: u32) -> UiResult<u32> {
    Ok(state.desk()?.set_idle_lock_minutes(minutes).await?)
}

/// The demo office's accounts, for the sign-in screen to offer, while they take the demo
/// password.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct DemoAccounts {
    pub password: String,
    /// Sign-in name, display name, role.
    pub accounts: Vec<(String, String, Role)>,
}

/// Asked by the sign-in screen, not at start: it costs one password check.
#[tauri::command(rename_all = "snake_case")]
pub async fn demo_accounts(state: State<'_, DeskState>) -> UiResult<Option<DemoAccounts>> {
    if !state.desk()?.demo_password_works().await? {
        return Ok(None);
    }
    Ok(Some(DemoAccounts {
        password: DEMO_PASSWORD.to_string(),
        accounts: DEMO_ACCOUNTS
            .iter()
            .map(|(name, display_name, role)| (name.to_string(), display_name.to_string(), *role))
            .collect(),
    }))
}
