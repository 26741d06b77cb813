//! Repeat candidates for a registration being typed, or for a registered case.

use super::Desk;
use crate::domain::account::Permission;
use crate::domain::repeats::{self, RepeatCandidate, RepeatProbe};
use crate::store;
use crate::Error;

impl Desk {
    /// The earlier cases `probe` may repeat, best first, each with its score and reasons.
    pub async fn repeat_candidates(
        &self,
        probe: &RepeatProbe,
    ) -> Result<Vec<RepeatCandidate>, Error> {
        self.require(Permission::ViewCases)?;
        self.flush_search().await?;
        let mut conn = self.db.pool.acquire().await?;
        let ids = store::repeats::candidate_ids(&mut conn, probe).await?;
        let text = repeats::text_grams(&probe.title, &probe.content);
        let earlier: Vec<_> = store::cases::load_many(&mut conn, &ids)
            .await?
            .into_iter()
            .filter(|c| repeats::worth_weighing(probe, &text, c))
            .collect();
        let mut grams = text;
        for case in &earlier {
            grams.extend(repeats::text_grams(&case.title, &case.content));
        }
        let rarity = store::repeats::rarity(&mut conn, &grams).await?;
        Ok(repeats::candidates(probe, &earlier, &rarity))
    }

    /// The candidates for a registered case: earlier cases only, itself left out.
    pub async fn repeat_candidates_of(&self, case_no: &str) -> Result<Vec<RepeatCandidate>, Error> {
        self.require(Permission::ViewCases)?;
        // Unmasked: the ID numbers are compared, never shown.
        let case = store::cases::load_by_no(&mut *self.db.pool.acquire().await?, case_no)
            .await?
            .ok_or_else(|| Error::CaseNotFound(case_no.to_string()))?;
        let probe = RepeatProbe {
            petitioners: case.petitioners.clone(),
            locality_code: case.locality.code.clone(),
            title: case.title.clone(),
            content: case.content.clone(),
            except_case_no: Some(case.case_no.clone()),
        };
        let mut found = self.repeat_candidates(&probe).await?;
        // Same day: the office's numbers run in registration order.
        found.retain(|c| (c.received_on, &c.case_no) < (case.received_on, &case.case_no));
        Ok(found)
    }
}
