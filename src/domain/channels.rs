//! The statutory-channel list (法定途径分类处理清单): for each kind of matter, the lawful road it
//! takes (Arts. 29–31), the organ that decides it, and the words petitioners use for it. Offices
//! edit their list (in Excel, mostly); a case keeps the version of the list it was routed by.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::case::{AuthorityKind, Purpose};
use super::workflow::WorkflowError;

/// The list shipped for a Guangdong county; an office's own import replaces it.
const SHIPPED: &str = include_str!("../../data/statutory-channels.json");

/// The kinds of organ an office routes matters to (the authority directory's kinds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum OrganKind {
    GovernmentDepartment,
    Court,
    Procuratorate,
    PublicSecurity,
    JusticeBureau,
    DisciplineInspection,
    TownshipGovernment,
    PetitionOffice,
}

impl OrganKind {
    pub const ALL: [OrganKind; 8] = [
        OrganKind::GovernmentDepartment,
        OrganKind::Court,
        OrganKind::Procuratorate,
        OrganKind::PublicSecurity,
        OrganKind::JusticeBureau,
        OrganKind::DisciplineInspection,
        OrganKind::TownshipGovernment,
        OrganKind::PetitionOffice,
    ];

    pub fn label(self) -> &'static str {
        match self {
            OrganKind::GovernmentDepartment => "政府工作部门",
            OrganKind::Court => "人民法院",
            OrganKind::Procuratorate => "人民检察院",
            OrganKind::PublicSecurity => "公安机关",
            OrganKind::JusticeBureau => "司法行政机关",
            OrganKind::DisciplineInspection => "纪检监察机关",
            OrganKind::TownshipGovernment => "乡镇人民政府（街道办事处）",
            OrganKind::PetitionOffice => "信访工作机构",
        }
    }

    /// The kind by its label, as a sheet writes it.
    pub fn from_label(label: &str) -> Option<OrganKind> {
        let label = label.trim();
        OrganKind::ALL.into_iter().find(|k| k.label() == label)
    }

    /// What the workflow's checks know of the organ (political-legal, discipline, …).
    pub fn authority_kind(self) -> AuthorityKind {
        match self {
            OrganKind::Court
            | OrganKind::Procuratorate
            | OrganKind::PublicSecurity
            | OrganKind::JusticeBureau => AuthorityKind::PoliticalLegal,
            OrganKind::DisciplineInspection => AuthorityKind::Discipline,
            OrganKind::PetitionOffice => AuthorityKind::Petition,
            OrganKind::GovernmentDepartment | OrganKind::TownshipGovernment => {
                AuthorityKind::Administrative
            }
        }
    }
}

/// The Chinese name of a kind of petition (Arts. 29–31).
pub fn purpose_label(p: Purpose) -> &'static str {
    match p {
        Purpose::Suggestion => "建议意见类",
        Purpose::Accusation => "检举控告类",
        Purpose::Claim => "申诉求决类",
    }
}

pub fn purpose_from_label(label: &str) -> Option<Purpose> {
    let label = label.trim();
    [Purpose::Suggestion, Purpose::Accusation, Purpose::Claim]
        .into_iter()
        .find(|p| purpose_label(*p) == label)
}

/// Art. 31's order for claims: the first route that applies is the one taken.
pub fn art31_route_label(route: u8) -> &'static str {
    match route {
        1 => "诉讼、行政复议、检察、公安等法定程序",
        2 => "仲裁",
        3 => "党员申诉、复审",
        4 => "行政复议、裁决、确认、许可、处罚等行政程序",
        5 => "请求查处违法行为或保护合法权益：有权机关依法履职或答复",
        6 => "信访程序：调查核实，出具信访处理意见书",
        _ => "",
    }
}

/// One row of the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct ChannelRow {
    /// 序号.
    pub no: u32,
    /// A stable code for the row, kept across versions (cases name their row by it).
    pub id: String,
    /// 事项分类.
    pub category: String,
    /// 具体问题.
    pub problem: String,
    /// 处理方式及法定途径.
    pub route: String,
    /// 相关依据.
    pub basis: String,
    pub petition_kind: Purpose,
    /// Which of Art. 31's six routes (1–6); 6 is the ordinary petition procedure.
    pub art31_route: u8,
    /// 涉法涉诉: the political-legal organs' procedures, never handled as a petition.
    pub litigation_related: bool,
    pub authority_kind: OrganKind,
    /// The competent organ's usual name.
    pub authority: String,
    /// The words petitioners use for the matter, for the routing proposal.
    pub terms: Vec<String>,
}

impl ChannelRow {
    /// Handled as a petition matter: accepted, 60 (+30) days, handling opinion, review chain.
    pub fn is_petition_procedure(&self) -> bool {
        self.petition_kind == Purpose::Claim && self.art31_route == 6 && !self.litigation_related
    }
}

/// A version of the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct ChannelList {
    /// The office's name for this version, e.g. `2026-12`; a case keeps it.
    pub version: String,
    #[serde(default)]
    pub about: String,
    pub rows: Vec<ChannelRow>,
}

impl ChannelList {
    pub fn shipped() -> ChannelList {
        ChannelList::parse(SHIPPED).expect("the shipped statutory-channel list is valid")
    }

    /// Reads a list as JSON, refusing what [`ChannelList::check`] refuses.
    pub fn parse(json: &str) -> Result<ChannelList, WorkflowError> {
        let list: ChannelList = super::input::parse(json)?;
        list.check()?;
        Ok(list)
    }

    pub fn row(&self, id: &str) -> Option<&ChannelRow> {
        self.rows.iter().find(|r| r.id == id)
    }

    /// Refuses a list an office could not route by, naming the row (by its 序号) and column.
    pub fn check(&self) -> Result<(), WorkflowError> {
        if self.version.trim().is_empty() {
            return Err(invalid("version", "清单版本不能为空".into()));
        }
        if self.rows.is_empty() {
            return Err(invalid("rows", "清单中没有任何事项".into()));
        }
        let mut ids = HashSet::new();
        let mut numbers = HashSet::new();
        for (i, row) in self.rows.iter().enumerate() {
            let at = |column: &str| format!("rows[{i}].{column}");
            let said = |what: &str| format!("第{}行：{what}", row.no);
            for (column, value) in [
                ("id", &row.id),
                ("category", &row.category),
                ("problem", &row.problem),
                ("route", &row.route),
                ("authority", &row.authority),
            ] {
                if value.trim().is_empty() {
                    return Err(invalid(&at(column), said("不能为空")));
                }
            }
            if !numbers.insert(row.no) {
                return Err(invalid(&at("no"), said("序号与前面的行重复")));
            }
            if !ids.insert(row.id.trim()) {
                return Err(invalid(&at("id"), said(&format!("编码“{}”重复", row.id))));
            }
            if !(1..=6).contains(&row.art31_route) {
                return Err(invalid(&at("art31_route"), said("第三十一条途径应为1至6")));
            }
            let political_legal =
                row.authority_kind.authority_kind() == AuthorityKind::PoliticalLegal;
            if row.litigation_related && !political_legal {
                return Err(invalid(
                    &at("authority_kind"),
                    said("涉法涉诉事项的有权处理机关应为政法机关（法院、检察院、公安、司法行政机关）"),
                ));
            }
            if row.petition_kind == Purpose::Accusation
                && row.authority_kind == OrganKind::PetitionOffice
            {
                return Err(invalid(
                    &at("authority_kind"),
                    said("检举控告类事项由纪检监察机关或有权处理的机关处理（《信访工作条例》第三十条）"),
                ));
            }
            if row.terms.iter().any(|t| t.trim().is_empty()) {
                return Err(invalid(&at("terms"), said("匹配词中有空项")));
            }
        }
        if !self.rows.iter().any(ChannelRow::is_petition_procedure) {
            return Err(invalid(
                "rows",
                "清单应有一行“其他”事项走信访程序（第三十一条途径6），未列入清单的事项按此办理"
                    .into(),
            ));
        }
        Ok(())
    }
}

fn invalid(field: &str, reason: String) -> WorkflowError {
    WorkflowError::Invalid {
        field: field.to_string(),
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_list_is_valid_and_covers_what_a_county_meets() {
        let list = ChannelList::shipped();
        assert!(list.rows.len() >= 60, "{}", list.rows.len());
        for id in [
            "land-requisition-compensation",
            "demolition-compensation",
            "rural-land-contract",
            "wage-arrears",
            "social-insurance-payment",
            "labour-contract",
            "property-management",
            "industrial-pollution",
            "consumer-dispute",
            "traffic-accident-compensation",
            "court-judgment",
            "court-enforcement",
            "police-case-handling",
            "procuratorial-supervision",
            "inheritance",
            "information-disclosure",
            "administrative-penalty",
            "administrative-licence",
            "official-misconduct",
            "other",
        ] {
            assert!(list.row(id).is_some(), "{id}");
        }
        assert!(list.row("other").unwrap().is_petition_procedure());
        assert!(list.rows.iter().all(|r| !r.terms.is_empty()));
        for kind in [Purpose::Suggestion, Purpose::Accusation, Purpose::Claim] {
            assert!(
                list.rows.iter().any(|r| r.petition_kind == kind),
                "{kind:?}"
            );
        }
    }

    #[test]
    fn a_bad_list_is_refused_by_row_and_column() {
        let mut list = ChannelList::shipped();
        list.rows[2].problem = " ".into();
        match list.check() {
            Err(WorkflowError::Invalid { field, reason }) => {
                assert_eq!(field, "rows[2].problem");
                assert!(
                    reason.starts_with(&format!("第{}行", list.rows[2].no)),
                    "{reason}"
                );
            }
            other => panic!("{other:?}"),
        }
        let mut list = ChannelList::shipped();
        let court = list.row("court-judgment").unwrap().clone();
        let at = list.rows.iter().position(|r| r.id == court.id).unwrap();
        list.rows[at].authority_kind = OrganKind::GovernmentDepartment;
        let refused = list.check().unwrap_err().to_string();
        assert!(refused.contains("政法机关"), "{refused}");
        let mut list = ChannelList::shipped();
        list.rows[5].art31_route = 7;
        assert!(list.check().unwrap_err().to_string().contains("1至6"));
        let mut list = ChannelList::shipped();
        list.rows[6].id = list.rows[1].id.clone();
        assert!(list.check().unwrap_err().to_string().contains("重复"));
        let mut list = ChannelList::shipped();
        list.rows.retain(|r| !r.is_petition_procedure());
        assert!(list.check().unwrap_err().to_string().contains("途径6"));
    }
}
