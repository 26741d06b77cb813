//! `xinfang audit verify` and 设置 › 审计: the record checked against its hash chain.

use super::Desk;
use crate::domain::account::Permission;
use crate::store::{self, chain::ChainReport};
use crate::Error;

impl Desk {
    /// Reads every chained event, document and disclosure back and checks the chain.
    pub async fn audit_verify(&self) -> Result<ChainReport, Error> {
        self.require(Permission::Audit)?;
        let mut conn = self.db.pool.acquire().await?;
        store::chain::verify(&mut conn).await
    }
}
