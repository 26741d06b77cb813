//! Office setup and settings: the office itself and its period rules.

use serde::{de::DeserializeOwned, Serialize};

use super::Desk;
use crate::domain::account::{Actor, Credential, NewAccount, Permission};
use crate::domain::office::Office;
use crate::domain::period::RuleSet;
use crate::store;
use crate::Error;

impl Desk {
    /// Sets up the office running this copy, once only, with its first administrator, who is
    /// signed in afterwards.
    pub async fn init_office(&self, office: Office, admin: NewAccount) -> Result<Office, Error> {
        office.validate()?;
        let office = Office {
            code: office.code.trim().to_string(),
            name: office.name.trim().to_string(),
            doc_prefix: office.doc_prefix.trim().to_string(),
        };
        let mut tx = self.db.begin_write().await?;
        if let Some(existing) = store::office::local(&mut *tx).await? {
            return Err(Error::AlreadyInitialized(existing.name));
        }
        let at = store::instant_text(self.now());
        store::office::insert_local(&mut tx, &office, &at).await?;
        let admin = if store::accounts::count(&mut tx).await? == 0 {
            Some(self.insert_account(&mut tx, admin, true).await?)
        } else {
            None
        };
        store::settings::put(
            &mut tx,
            &office.code,
            store::settings::PERIOD_RULES,
            &RuleSet::default(),
            &at,
        )
        .await?;
        tx.commit().await?;
        self.reload_policy().await?;
        if let Some(admin) = admin {
            self.act_as(Actor::new(&admin, Credential::Password));
        }
        Ok(office)
    }

    /// Changes the office's name or document-number prefix (the code is fixed: records carry it).
    pub async fn update_office(&self, office: Office) -> Result<Office, Error> {
        self.require(Permission::ManageSettings)?;
        office.validate()?;
        let current = self.office().await?;
        if current.code != office.code {
            return Err(Error::invalid("code", "机构代码初始化后不能修改"));
        }
        let mut tx = self.db.begin_write().await?;
        store::office::update_local(&mut tx, &office).await?;
        tx.commit().await?;
        self.reload_policy().await?;
        Ok(office)
    }

    pub fn period_rules(&self) -> RuleSet {
        self.policy().rules.clone()
    }

    /// Replaces the office's period rules. Deadlines already computed keep the rule they were
    /// computed with (their basis is stored); new deadlines use the new rules.
    pub async fn set_period_rules(&self, rules: RuleSet) -> Result<RuleSet, Error> {
        self.require(Permission::ManageSettings)?;
        // The kinds with a rule of their own (the organ's periods borrow the office's).
        for kind in RuleSet::default().rules.iter().map(|r| r.kind) {
            let n = rules.rules.iter().filter(|r| r.kind == kind).count();
            if n != 1 {
                return Err(Error::invalid(
                    "rules",
                    format!("“{}”应有且只有一条规则，现有{n}条", kind.label()),
                ));
            }
        }
        if let Some(r) = rules.rules.iter().find(|r| r.days == 0 || r.days > 365) {
            return Err(Error::invalid(
                "rules",
                format!("“{}”的天数应为1至365", r.kind.label()),
            ));
        }
        if rules.max_extension_days > 365 || rules.near_due_working_days > 30 {
            return Err(Error::invalid("rules", "延期上限或临期提醒天数超出范围"));
        }
        self.save_setting(store::settings::PERIOD_RULES, &rules)
            .await?;
        self.reload_policy().await?;
        Ok(rules)
    }

    /// The office's setting saved under `key`, if any.
    pub(crate) async fn setting<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>, Error> {
        let office = self.cached_office().await?;
        store::settings::get(&self.db.pool, &office.code, key).await
    }

    /// Saves one setting of the office, in its own transaction.
    pub(crate) async fn save_setting<T: Serialize>(
        &self,
        key: &str,
        value: &T,
    ) -> Result<(), Error> {
        let office = self.cached_office().await?;
        let at = store::instant_text(self.now());
        let mut tx = self.db.begin_write().await?;
        store::settings::put(&mut tx, &office.code, key, value, &at).await?;
        tx.commit().await?;
        Ok(())
    }
}
