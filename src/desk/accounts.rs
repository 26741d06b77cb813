//! Signing in and out, the inactivity lock, and the administrator's accounts and tokens.

use std::time::{Duration, Instant};

use argon2::password_hash::{rand_core::OsRng, PasswordHash, SaltString};
use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use chrono::{DateTime, Utc};
use rand_core::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use super::Desk;
use crate::domain::account::{
    self, Account, Actor, Credential, NewAccount, Permission, DEFAULT_IDLE_LOCK_MINUTES,
    MAX_FAILED_SIGN_INS, SESSION_HOURS, SIGN_IN_LOCK_MINUTES,
};
use crate::store::{self, accounts::Token};
use crate::Error;

/// Who is signed in to this desk, and since when nothing was done (the inactivity lock).
pub(super) struct ActiveSession {
    actor: Actor,
    last_active: Instant,
}

/// A named token as the administrator lists it (the secret is shown once, at issue).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TokenInfo {
    pub name: String,
    pub account: String,
    pub created_at: String,
    pub expires_at: Option<String>,
}

/// Checked against when the account does not exist, so that a wrong name takes as long as a
/// wrong password.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0cJQ6yCu1Ubmf5SeT9eXhs3xzVGV7Ps4BukXPg0yXJk";

fn hash_password(password: &str) -> Result<String, Error> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| Error::Corrupt(format!("密码无法加密：{e}")))
}

fn password_matches(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// Argon2 takes tens of milliseconds of one core: off the async threads.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T, Error> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| Error::Corrupt(format!("密码校验中断：{e}")))
}

fn secret_hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.trim().as_bytes()))
}

fn new_secret(prefix: &str) -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    format!("{prefix}_{}", hex::encode(bytes))
}

fn checked(new: &NewAccount) -> Result<Account, Error> {
    let name = new.name.trim();
    account::check_name(name).map_err(|r| Error::invalid("name", r))?;
    let display_name = new.display_name.trim();
    if display_name.is_empty() || display_name.chars().count() > 20 {
        return Err(Error::invalid("display_name", "姓名应为1至20个字"));
    }
    account::check_password(&new.password).map_err(|r| Error::invalid("password", r))?;
    Ok(Account {
        name: name.to_string(),
        display_name: display_name.to_string(),
        role: new.role,
        active: true,
        may_unmask: new.may_unmask,
    })
}

/// The office's inactivity lock for the window, in minutes.
const IDLE_LOCK_SETTING: &str = "idle_lock_minutes";

impl Desk {
    /// Minutes without activity before the window locks ([`DEFAULT_IDLE_LOCK_MINUTES`]
    /// unless the office set it).
    pub async fn idle_lock_minutes(&self) -> Result<u32, Error> {
        let office = self.cached_office().await?;
        Ok(
            store::settings::get(&self.db.pool, &office.code, IDLE_LOCK_SETTING)
                .await?
                .unwrap_or(DEFAULT_IDLE_LOCK_MINUTES),
        )
    }

    pub async fn set_idle_lock_minutes(&self, minutes: u32) -> Result<u32, Error> {
        self.require(Permission::ManageSettings)?;
        if !(1..=240).contains(&minutes) {
            return Err(Error::invalid("minutes", "自动锁定时间应为1至240分钟"));
        }
        let office = self.cached_office().await?;
        let mut tx = self.db.begin_write().await?;
        let at = store::instant_text(self.now());
        store::settings::put(&mut tx, &office.code, IDLE_LOCK_SETTING, &minutes, &at).await?;
        tx.commit().await?;
        self.set_idle_lock(Some(Duration::from_secs(u64::from(minutes) * 60)));
        Ok(minutes)
    }

    /// Whether the demo office's director still signs in with the demo password: the sign-in
    /// screen then shows the demo accounts.
    pub async fn demo_password_works(&self) -> Result<bool, Error> {
        let mut conn = self.db.pool.acquire().await?;
        let Some(stored) = store::accounts::get(&mut conn, "zhangwd").await? else {
            return Ok(false);
        };
        let hash = stored.password_hash;
        blocking(move || password_matches(super::demo::DEMO_PASSWORD, &hash)).await
    }

    /// The signed-in actor, or why nobody may act now; each call counts as activity.
    pub fn actor(&self) -> Result<Actor, Error> {
        self.signed_in(true)
    }

    /// Who is signed in now, without counting as activity (an idle desk locks as it is asked).
    pub fn current_actor(&self) -> Option<Actor> {
        self.signed_in(false).ok()
    }

    /// The signed-in actor unless the desk has been idle past its limit (then it locks);
    /// `touch` counts the call as activity.
    fn signed_in(&self, touch: bool) -> Result<Actor, Error> {
        let mut session = self.session.write().expect("session lock");
        let signed = session.as_mut().ok_or(Error::NotSignedIn)?;
        let idle = *self.idle_lock.read().expect("idle lock");
        if idle.is_some_and(|limit| signed.last_active.elapsed() > limit) {
            let account = signed.actor.account.clone();
            *session = None;
            *self.locked_account.write().expect("locked account") = Some(account);
            return Err(Error::Locked);
        }
        if touch {
            signed.last_active = Instant::now();
        }
        Ok(signed.actor.clone())
    }

    /// The signed-in actor if their role holds `p`.
    pub fn require(&self, p: Permission) -> Result<Actor, Error> {
        let actor = self.actor()?;
        if actor.allows(p) {
            Ok(actor)
        } else {
            Err(Error::NotPermitted {
                role: actor.role.label(),
                what: p.label(),
            })
        }
    }

    /// Locks after `limit` without a use-case (the window's setting); `None` never.
    pub fn set_idle_lock(&self, limit: Option<Duration>) {
        *self.idle_lock.write().expect("idle lock") = limit;
    }

    /// Locks now: the actor must sign in again. Returns who was signed in.
    pub fn lock(&self) -> Option<String> {
        let was = self.session.write().expect("session lock").take();
        let account = was.map(|s| s.actor.account);
        if account.is_some() {
            *self.locked_account.write().expect("locked account") = account.clone();
        }
        account
    }

    /// Signs out: nobody is signed in, and no account is waiting to unlock.
    pub fn sign_out(&self) {
        self.session.write().expect("session lock").take();
        self.locked_account.write().expect("locked account").take();
    }

    /// The account the desk locked (to ask for its password again), if it is locked.
    pub fn locked_account(&self) -> Option<String> {
        if self.session.read().expect("session lock").is_some() {
            return None;
        }
        self.locked_account.read().expect("locked account").clone()
    }

    pub(crate) fn act_as(&self, actor: Actor) {
        *self.session.write().expect("session lock") = Some(ActiveSession {
            actor,
            last_active: Instant::now(),
        });
        *self.locked_account.write().expect("locked account") = None;
    }

    /// Signs in with a password; repeated failures lock the account for a while.
    pub async fn sign_in(&self, name: &str, password: &str) -> Result<Actor, Error> {
        let name = name.trim();
        let now = self.now();
        let mut conn = self.db.pool.acquire().await?;
        let stored = store::accounts::get(&mut conn, name).await?;
        let hash = stored
            .as_ref()
            .map_or(DUMMY_HASH.to_string(), |s| s.password_hash.clone());
        let typed = password.to_string();
        let ok = blocking(move || password_matches(&typed, &hash)).await?;
        let Some(stored) = stored else {
            return Err(Error::SignInFailed { left: None });
        };
        if let Some(until) = stored.locked_until.as_deref() {
            let until = store::parse_instant(until)?;
            if until > now {
                return Err(Error::AccountLocked(local_time(until)));
            }
        }
        if !ok {
            let failures = stored.failed_sign_ins + 1;
            let lock = (failures >= MAX_FAILED_SIGN_INS).then(|| {
                store::instant_text(now + chrono::Duration::minutes(SIGN_IN_LOCK_MINUTES))
            });
            // A read-only file counts nothing: it cannot be changed through the program anyway.
            if self.db.writable().is_ok() {
                store::accounts::record_sign_in(&mut conn, name, false, lock.as_deref()).await?;
            }
            return Err(match lock {
                Some(_) => Error::AccountLocked(local_time(
                    now + chrono::Duration::minutes(SIGN_IN_LOCK_MINUTES),
                )),
                None => Error::SignInFailed {
                    left: Some(MAX_FAILED_SIGN_INS - failures),
                },
            });
        }
        if !stored.account.active {
            return Err(Error::AccountDisabled(stored.account.name));
        }
        if stored.failed_sign_ins > 0 && self.db.writable().is_ok() {
            store::accounts::record_sign_in(&mut conn, name, true, None).await?;
        }
        let actor = Actor::new(&stored.account, Credential::Password);
        self.act_as(actor.clone());
        Ok(actor)
    }

    /// Signs in with a `xinfang login` session or an administrator's named token.
    pub async fn sign_in_with_token(&self, secret: &str) -> Result<Actor, Error> {
        let mut conn = self.db.pool.acquire().await?;
        let token = store::accounts::live_token(&mut conn, &secret_hash(secret))
            .await?
            .ok_or(Error::TokenRefused)?;
        if let Some(expires) = token.expires_at.as_deref() {
            if store::parse_instant(expires)? <= self.now() {
                return Err(Error::SessionExpired);
            }
        }
        let stored = store::accounts::get(&mut conn, &token.account)
            .await?
            .ok_or(Error::TokenRefused)?;
        if !stored.account.active {
            return Err(Error::AccountDisabled(stored.account.name));
        }
        let credential = match (token.kind.as_str(), token.name) {
            ("token", Some(name)) => Credential::Token(name),
            _ => Credential::Session,
        };
        let actor = Actor::new(&stored.account, credential);
        self.act_as(actor.clone());
        Ok(actor)
    }

    /// A session for the signed-in actor that lasts [`SESSION_HOURS`]; its secret is
    /// returned once and only its hash is kept.
    pub async fn open_session(&self) -> Result<(String, DateTime<Utc>), Error> {
        let actor = self.actor()?;
        let now = self.now();
        let expires = now + chrono::Duration::hours(SESSION_HOURS);
        let secret = new_secret("xfs");
        let mut tx = self.db.begin_write().await?;
        store::accounts::insert_token(
            &mut tx,
            &secret_hash(&secret),
            &Token {
                account: actor.account,
                kind: "session".into(),
                name: None,
                created_at: store::instant_text(now),
                expires_at: Some(store::instant_text(expires)),
            },
        )
        .await?;
        tx.commit().await?;
        Ok((secret, expires))
    }

    /// Ends a `xinfang login` session.
    pub async fn close_session(&self, secret: &str) -> Result<(), Error> {
        let mut tx = self.db.begin_write().await?;
        let at = store::instant_text(self.now());
        store::accounts::revoke(&mut tx, Some(&secret_hash(secret)), None, &at).await?;
        tx.commit().await?;
        self.session.write().expect("session lock").take();
        Ok(())
    }

    /// Whether the office has any account yet (the first start creates the administrator).
    pub async fn has_accounts(&self) -> Result<bool, Error> {
        let mut conn = self.db.pool.acquire().await?;
        Ok(store::accounts::count(&mut conn).await? > 0)
    }

    /// Creates the first administrator of an office that has no account yet, and signs in.
    pub async fn create_first_admin(&self, new: NewAccount) -> Result<Actor, Error> {
        let mut tx = self.db.begin_write().await?;
        if store::accounts::count(&mut tx).await? > 0 {
            return Err(Error::NotPermitted {
                role: "未登录",
                what: "创建首个管理员（本机构已有账号）",
            });
        }
        let account = self.insert_account(&mut tx, new, true).await?;
        tx.commit().await?;
        let actor = Actor::new(&account, Credential::Password);
        self.act_as(actor.clone());
        Ok(actor)
    }

    /// Writes a new account; `admin` forces the role (the first administrator).
    pub(super) async fn insert_account(
        &self,
        conn: &mut sqlx::SqliteConnection,
        new: NewAccount,
        admin: bool,
    ) -> Result<Account, Error> {
        let mut account = checked(&new)?;
        if admin {
            account.role = account::Role::Admin;
        }
        if store::accounts::get(conn, &account.name).await?.is_some() {
            return Err(Error::invalid(
                "name",
                format!("账号“{}”已存在", account.name),
            ));
        }
        let password = new.password;
        let hash = blocking(move || hash_password(&password)).await??;
        store::accounts::insert(conn, &account, &hash, &store::instant_text(self.now())).await?;
        Ok(account)
    }

    pub async fn accounts(&self) -> Result<Vec<Account>, Error> {
        self.require(Permission::ViewCases)?;
        let mut conn = self.db.pool.acquire().await?;
        store::accounts::list(&mut conn).await
    }

    pub async fn create_account(&self, new: NewAccount) -> Result<Account, Error> {
        self.require(Permission::ManageAccounts)?;
        let mut tx = self.db.begin_write().await?;
        let account = self.insert_account(&mut tx, new, false).await?;
        tx.commit().await?;
        Ok(account)
    }

    /// Changes an account's display name, role, active flag or unmask grant; the last active
    /// administrator stays one.
    pub async fn update_account(&self, account: Account) -> Result<Account, Error> {
        let actor = self.require(Permission::ManageAccounts)?;
        let display_name = account.display_name.trim();
        if display_name.is_empty() || display_name.chars().count() > 20 {
            return Err(Error::invalid("display_name", "姓名应为1至20个字"));
        }
        let mut tx = self.db.begin_write().await?;
        let current = store::accounts::get(&mut tx, &account.name)
            .await?
            .ok_or_else(|| Error::invalid("name", format!("找不到账号“{}”", account.name)))?;
        let was_admin = current.account.role == account::Role::Admin && current.account.active;
        let stays_admin = account.role == account::Role::Admin && account.active;
        if was_admin && !stays_admin && store::accounts::active_admins(&mut tx).await? <= 1 {
            return Err(Error::invalid(
                "role",
                "这是最后一个启用的管理员账号，不能停用或改为其他角色",
            ));
        }
        if account.name == actor.account && !account.active {
            return Err(Error::invalid("active", "不能停用自己正在使用的账号"));
        }
        let account = Account {
            display_name: display_name.to_string(),
            ..account
        };
        store::accounts::update(&mut tx, &account, &store::instant_text(self.now())).await?;
        tx.commit().await?;
        Ok(account)
    }

    /// Sets a password: an administrator for any account, anyone for their own with the
    /// current one.
    pub async fn set_password(
        &self,
        name: &str,
        current: Option<&str>,
        password: &str,
    ) -> Result<(), Error> {
        let actor = self.actor()?;
        if actor.account != name {
            self.require(Permission::ManageAccounts)?;
        } else if !actor.allows(Permission::ManageAccounts) {
            let stored = {
                let mut conn = self.db.pool.acquire().await?;
                store::accounts::get(&mut conn, name).await?
            };
            let hash = stored.map(|s| s.password_hash).unwrap_or_default();
            let typed = current.unwrap_or_default().to_string();
            if !blocking(move || password_matches(&typed, &hash)).await? {
                return Err(Error::invalid("current", "当前密码不正确"));
            }
        }
        account::check_password(password).map_err(|r| Error::invalid("password", r))?;
        let password = password.to_string();
        let hash = blocking(move || hash_password(&password)).await??;
        let mut tx = self.db.begin_write().await?;
        if store::accounts::get(&mut tx, name).await?.is_none() {
            return Err(Error::invalid("name", format!("找不到账号“{name}”")));
        }
        store::accounts::set_password(&mut tx, name, &hash, &store::instant_text(self.now()))
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Issues a named token for `account` (a scheduled script), valid for `days` or until
    /// revoked; the secret is returned once.
    pub async fn issue_token(
        &self,
        account: &str,
        name: &str,
        days: Option<u32>,
    ) -> Result<String, Error> {
        self.require(Permission::ManageAccounts)?;
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 40 {
            return Err(Error::invalid("name", "令牌名称应为1至40个字符"));
        }
        let now = self.now();
        let secret = new_secret("xft");
        let mut tx = self.db.begin_write().await?;
        let stored = store::accounts::get(&mut tx, account)
            .await?
            .ok_or_else(|| Error::invalid("account", format!("找不到账号“{account}”")))?;
        if !stored.account.active {
            return Err(Error::AccountDisabled(stored.account.name));
        }
        if store::accounts::named_tokens(&mut tx)
            .await?
            .iter()
            .any(|t| t.name.as_deref() == Some(name))
        {
            return Err(Error::invalid(
                "name",
                format!("已有名为“{name}”的令牌，请先吊销或另起名称"),
            ));
        }
        let token = Token {
            account: stored.account.name,
            kind: "token".into(),
            name: Some(name.to_string()),
            created_at: store::instant_text(now),
            expires_at: days
                .map(|d| store::instant_text(now + chrono::Duration::days(i64::from(d)))),
        };
        store::accounts::insert_token(&mut tx, &secret_hash(&secret), &token).await?;
        tx.commit().await?;
        Ok(secret)
    }

    pub async fn tokens(&self) -> Result<Vec<TokenInfo>, Error> {
        self.require(Permission::ManageAccounts)?;
        let mut conn = self.db.pool.acquire().await?;
        Ok(store::accounts::named_tokens(&mut conn)
            .await?
            .into_iter()
            .map(|t| TokenInfo {
                name: t.name.unwrap_or_default(),
                account: t.account,
                created_at: t.created_at,
                expires_at: t.expires_at,
            })
            .collect())
    }

    pub async fn revoke_token(&self, name: &str) -> Result<(), Error> {
        self.require(Permission::ManageAccounts)?;
        let mut tx = self.db.begin_write().await?;
        let at = store::instant_text(self.now());
        if store::accounts::revoke(&mut tx, None, Some(name.trim()), &at).await? == 0 {
            return Err(Error::invalid("name", format!("找不到令牌“{name}”")));
        }
        tx.commit().await?;
        Ok(())
    }
}

/// `HH:MM` in the office's time zone: when a locked account may try again.
fn local_time(t: DateTime<Utc>) -> String {
    crate::domain::calendar::office_time(t)
        .format("%H:%M")
        .to_string()
}
