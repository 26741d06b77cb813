//! 分派承办人: a case given to the handler who handles it (a 承办人 handles only the cases
//! given to them), or taken back.

use serde_json::json;

use super::cases::{own_case, permitted};
use super::{record, Desk, Happening};
use crate::domain::account::{Account, Actor, Permission};
use crate::domain::case::Case;
use crate::domain::workflow::ActionKind;
use crate::store;
use crate::store::events;
use crate::Error;

/// The account named to handle a case: it exists, is active and may handle cases.
pub(super) async fn handler_account(
    conn: &mut sqlx::SqliteConnection,
    name: &str,
) -> Result<Account, Error> {
    let account = store::accounts::get(conn, name.trim())
        .await?
        .map(|s| s.account)
        .ok_or_else(|| Error::invalid("handler", format!("没有账号“{}”", name.trim())))?;
    if !account.active {
        return Err(Error::invalid(
            "handler",
            format!("账号“{}”已停用，不能承办", account.display_name),
        ));
    }
    if !account.role.allows(Permission::Handle) {
        return Err(Error::invalid(
            "handler",
            format!(
                "{}的角色是“{}”，不能承办信访件",
                account.display_name,
                account.role.label()
            ),
        ));
    }
    Ok(account)
}

impl Desk {
    /// The active accounts a case can be given to, by display name.
    pub async fn handlers(&self) -> Result<Vec<Account>, Error> {
        self.require(Permission::ViewCases)?;
        let mut conn = self.db.pool.acquire().await?;
        let mut all: Vec<Account> = store::accounts::list(&mut conn)
            .await?
            .into_iter()
            .filter(|a| a.active && a.role.allows(Permission::Handle))
            .collect();
        all.sort_by(|a, b| a.display_name.cmp(&b.display_name));
        Ok(all)
    }

    /// Gives the case to `handler` (an account name), or with `None` takes it back; one
    /// transaction with its timeline event.
    pub async fn assign_handler(
        &self,
        case_no: &str,
        handler: Option<&str>,
    ) -> Result<Case, Error> {
        let actor: &Actor = &self.require(Permission::AssignHandlers)?;
        let kind = ActionKind::AssignHandler;
        let now = self.now();
        let mut tx = self.db.begin_write().await?;
        let case = own_case(&mut tx, case_no.trim(), kind).await?;
        permitted(actor, kind, &case)?;
        let handler = handler.map(str::trim).filter(|h| !h.is_empty());
        let account = match handler {
            Some(name) => Some(handler_account(&mut tx, name).await?),
            None => None,
        };
        let name = account.as_ref().map(|a| a.name.clone());
        if name == case.handler {
            return Ok(case.masked());
        }
        let was = match case.handler.as_deref() {
            Some(old) => store::accounts::get(&mut tx, old)
                .await?
                .map_or_else(|| old.to_string(), |s| s.account.display_name),
            None => String::new(),
        };
        let mut next = case.clone();
        next.handler = name;
        next.version = case.version + 1;
        next.updated_at = now;
        store::cases::set_handler(&mut tx, &next).await?;
        let summary = match (&account, was.is_empty()) {
            (Some(a), true) => format!("分派承办人：{}", a.display_name),
            (Some(a), false) => format!("承办人由{was}改为{}", a.display_name),
            (None, _) => format!("收回分派（原承办人：{was}）"),
        };
        let (before, after) = events::diff(&case.to_json(), &next.to_json());
        record(
            &mut tx,
            &next,
            Happening {
                actor,
                at: now,
                action: kind.as_str(),
                summary,
                details: json!({ "handler": next.handler }),
                before,
                after,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(next.masked())
    }
}
