//! 越级访 at the counter: whether this office should take a visit being registered, or a
//! registered one not yet disposed of.

use super::Desk;
use crate::domain::account::Permission;
use crate::domain::case::{Case, Channel, Status};
use crate::domain::level_skip::{self, LevelSkip, Visit};
use crate::store;
use crate::Error;

impl Desk {
    /// The finding for a visit being typed: its locality and the earlier case linked as a repeat.
    pub async fn level_skip_probe(
        &self,
        channel: Channel,
        locality_code: &str,
        repeat_of: Option<&str>,
    ) -> Result<Option<LevelSkip>, Error> {
        self.require(Permission::ViewCases)?;
        let earlier = match repeat_of.map(str::trim).filter(|n| !n.is_empty()) {
            Some(no) => store::cases::load_by_no(&mut *self.db.pool.acquire().await?, no).await?,
            None => None,
        };
        let office = self.cached_office().await?;
        let visit = Visit {
            channel,
            locality_code,
            office_code: &office.code,
            earlier: earlier.as_ref(),
            today: self.today(),
        };
        Ok(level_skip::find(&visit, &self.authorities().await?))
    }

    /// The finding for a registered case, while it waits for its disposal.
    pub(super) async fn level_skip_of(
        &self,
        case: &Case,
        earlier: Option<&Case>,
    ) -> Result<Option<LevelSkip>, Error> {
        if case.status != Status::Registered || case.channel != Channel::Visit {
            return Ok(None);
        }
        let visit = Visit {
            channel: case.channel,
            locality_code: &case.locality.code,
            office_code: &case.office_code,
            earlier,
            today: self.today(),
        };
        Ok(level_skip::find(&visit, &self.authorities().await?))
    }
}
