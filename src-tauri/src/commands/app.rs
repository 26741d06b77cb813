use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use tauri::State;
use ts_rs::TS;
use xinfang::desk::{Office, Role};
use xinfang::domain::case::{Channel, Status};
use xinfang::domain::period::{DeadlineKind, DeadlineState};
use xinfang::domain::registration::MAX_REPRESENTATIVES;
use xinfang::domain::supervision::SupervisionTrigger;
use xinfang::domain::workflow::ActionKind;

use crate::commands::accounts::SignedIn;
use crate::error::{UiError, UiResult};
use crate::state::DeskState;

/// What the window needs to know at start: which database, which office (none yet: first
/// start), today's date in the office's time zone, and who is working.
#[derive(Debug, Serialize, TS)]
#[ts(export)]
pub struct AppInfo {
    pub version: String,
    pub db_path: String,
    /// Why the database could not be opened, if it could not.
    pub db_error: Option<UiError>,
    pub office: Option<Office>,
    pub today: NaiveDate,
    /// The instant the clock was set to when the window opened (`XINFANG_NOW`): the window
    /// says so in a banner, since every date it shows follows it. `None` on the real clock.
    pub set_clock: Option<DateTime<Utc>>,
    /// Who is signed in, if anyone.
    pub signed_in: Option<SignedIn>,
    /// The account the window locked, whose password it asks for again.
    pub locked_account: Option<String>,
    /// False for an office upgraded from before accounts: the window creates the administrator.
    pub has_accounts: bool,
    pub idle_lock_minutes: u32,
    /// Group visits choose at most this many representatives (Art. 20).
    pub max_representatives: u32,
    pub labels: Labels,
}

/// The Chinese names the core gives its enums, so the UI never spells them a second time.
#[derive(Debug, Serialize, TS)]
#[ts(export)]
pub struct Labels {
    pub status: Vec<(Status, String)>,
    pub channel: Vec<(Channel, String)>,
    pub action: Vec<(ActionKind, String)>,
    pub deadline_kind: Vec<(DeadlineKind, String)>,
    pub deadline_state: Vec<(DeadlineState, String)>,
    pub role: Vec<(Role, String)>,
    /// Beside a due date computed without its year's holiday schedule.
    pub provisional_mark: String,
    /// Sync record kinds (`cases`, `events`, …), in the order a package carries them.
    pub record_kind: Vec<(String, String)>,
    /// The fields of a case, an action or the office (`received_at` → 收件时间).
    pub field: Vec<(String, String)>,
    /// Art. 31's routes for claims, 1 to 6, in its order.
    pub art31_route: Vec<(u8, String)>,
    pub supervision_trigger: Vec<(SupervisionTrigger, String)>,
}

fn labels() -> Labels {
    let all_states = [
        DeadlineState::OnTime,
        DeadlineState::NearDue,
        DeadlineState::Overdue,
        DeadlineState::MetOnTime,
        DeadlineState::MetLate,
    ];
    Labels {
        status: Status::ALL.map(|s| (s, s.label().to_string())).to_vec(),
        channel: Channel::ALL.map(|c| (c, c.label().to_string())).to_vec(),
        action: ActionKind::ALL.map(|a| (a, a.label().to_string())).to_vec(),
        deadline_kind: DeadlineKind::ALL
            .map(|k| (k, k.label().to_string()))
            .to_vec(),
        deadline_state: all_states.map(|s| (s, s.label().to_string())).to_vec(),
        role: Role::ALL.map(|r| (r, r.label().to_string())).to_vec(),
        provisional_mark: xinfang::domain::period::PROVISIONAL_MARK.to_string(),
        record_kind: pairs(&xinfang::desk::sync::RECORD_KINDS),
        field: pairs(xinfang::domain::wording::FIELDS),
        art31_route: (1..=6)
            .map(|r| {
                (
                    r,
                    xinfang::domain::channels::art31_route_label(r).to_string(),
                )
            })
            .collect(),
        supervision_trigger: SupervisionTrigger::ALL
            .map(|t| (t, t.label().to_string()))
            .to_vec(),
    }
}

fn pairs(table: &[(&str, &str)]) -> Vec<(String, String)> {
    table
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[tauri::command(rename_all = "snake_case")]
pub async fn app_info(state: State<'_, DeskState>) -> UiResult<AppInfo> {
    let (office, today, set_clock, accounts) = match state.desk() {
        Ok(desk) => {
            let office = match desk.office().await {
                Ok(o) => Some(o),
                Err(xinfang::Error::NotInitialized) => None,
                Err(e) => return Err(e.into()),
            };
            let accounts = AccountsInfo::of(&desk, office.is_some()).await?;
            let set_clock = desk.clock().is_set().then(|| desk.now());
            (office, desk.today(), set_clock, accounts)
        }
        Err(_) => (
            None,
            xinfang::Clock::from_env().unwrap_or_default().today(),
            None,
            AccountsInfo::default(),
        ),
    };
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").to_string(),
        db_path: state.path().display().to_string(),
        db_error: state.open_error(),
        office,
        today,
        set_clock,
        signed_in: accounts.signed_in,
        locked_account: accounts.locked_account,
        has_accounts: accounts.has_accounts,
        idle_lock_minutes: accounts.idle_lock_minutes,
        max_representatives: MAX_REPRESENTATIVES as u32,
        labels: labels(),
    })
}

#[derive(Default)]
struct AccountsInfo {
    signed_in: Option<SignedIn>,
    locked_account: Option<String>,
    has_accounts: bool,
    idle_lock_minutes: u32,
}

impl AccountsInfo {
    async fn of(desk: &xinfang::Desk, initialised: bool) -> UiResult<AccountsInfo> {
        Ok(AccountsInfo {
            // Asking who is signed in is not activity: it must not keep the window open.
            signed_in: desk.current_actor().map(SignedIn::from),
            locked_account: desk.locked_account(),
            has_accounts: desk.has_accounts().await?,
            idle_lock_minutes: if initialised {
                desk.idle_lock_minutes().await?
            } else {
                xinfang::domain::account::DEFAULT_IDLE_LOCK_MINUTES
            },
        })
    }
}

/// The UI's first screen is painted with its data: the end of the launch (see `startup`).
/// `marks` are the UI's own steps as epoch milliseconds.
#[tauri::command(rename_all = "snake_case")]
pub fn ui_ready(marks: Vec<(String, f64)>) {
    crate::startup::ready(&marks);
}
