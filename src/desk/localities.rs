//! The county's localities a registration picks its 问题属地 from: the office's own list,
//! else the demo county's shipped one.

use std::path::Path;

use super::Desk;
use crate::domain::account::Permission;
use crate::domain::localities::Localities;
use crate::store;
use crate::Error;

impl Desk {
    pub async fn localities(&self) -> Result<Localities, Error> {
        Ok(self
            .setting(store::settings::LOCALITIES)
            .await?
            .unwrap_or_else(Localities::shipped))
    }

    /// Replaces the list (cases keep the code and name they were registered with).
    pub async fn set_localities(&self, localities: Localities) -> Result<Localities, Error> {
        self.require(Permission::ManageSettings)?;
        localities.check()?;
        self.save_setting(store::settings::LOCALITIES, &localities)
            .await?;
        Ok(localities)
    }

    pub async fn import_localities_file(&self, path: &Path) -> Result<Localities, Error> {
        self.require(Permission::ManageSettings)?;
        let localities = Localities::parse(&std::fs::read_to_string(path)?)?;
        self.set_localities(localities).await
    }

    pub async fn export_localities_file(&self, path: &Path) -> Result<Localities, Error> {
        let localities = self.localities().await?;
        let json =
            serde_json::to_string_pretty(&localities).map_err(|e| Error::Corrupt(e.to_string()))?;
        std::fs::write(path, json)?;
        Ok(localities)
    }
}
