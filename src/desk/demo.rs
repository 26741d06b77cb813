//! The demo office: a year of realistic cases in every status, made through the same
//! use-cases a clerk calls, so that every demo case obeys the rules and has its timeline.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use std::path::Path;
use std::sync::OnceLock;

use super::Desk;
use crate::domain::account::{Account, Actor, NewAccount, Permission, Role};
use crate::domain::calendar::office_date;
use crate::domain::case::{
    Authority, AuthorityKind, Channel, Decision, LetterInfo, Locality, NewCase, Petitioner,
    Purpose, Satisfaction, Status, VisitInfo,
};
use crate::domain::channels::{ChannelList, ChannelRow, OrganKind};
use crate::domain::clock::Clock;
use crate::domain::identity;
use crate::domain::localities::{Localities, Place};
use crate::domain::office::Office;
use crate::domain::repeats::{RepeatChoice, RepeatProbe};
use crate::domain::workflow::{Action, ActionKind};
use crate::Error;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DemoSummary {
    pub office: Office,
    pub cases: u32,
    /// Cases per status, in `Status::ALL` order.
    pub by_status: Vec<(Status, u32)>,
}

pub fn demo_office() -> Office {
    Office {
        code: "445202".into(),
        name: "揭阳市榕城区信访局".into(),
        doc_prefix: "榕信访".into(),
    }
}

/// A small deterministic generator: the demo is the same every time for the same day.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // splitmix64
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

const SURNAMES: &[&str] = &[
    "陈", "林", "黄", "李", "张", "吴", "郑", "王", "蔡", "许", "杨", "谢", "刘", "洪", "方",
];
const GIVEN: &[&str] = &[
    "志强", "秀英", "建国", "丽娟", "伟", "海燕", "国华", "少雄", "美玲", "文彬", "小红", "俊杰",
    "桂兰", "泽鹏", "雪梅", "德明",
];
/// The townships of the shipped locality list, which the demo county's cases lie in.
fn towns() -> &'static [Place] {
    static TOWNS: OnceLock<Vec<Place>> = OnceLock::new();
    TOWNS.get_or_init(|| {
        Localities::shipped()
            .places
            .into_iter()
            .filter(|p| p.code.len() == 9)
            .collect()
    })
}
/// The demo office's accounts, one per role (two handlers), all with [`DEMO_PASSWORD`].
pub const DEMO_ACCOUNTS: [(&str, &str, Role); 7] = [
    ("admin", "系统管理员", Role::Admin),
    ("limin", "李敏", Role::Registrar),
    ("chenzq", "陈志强", Role::Handler),
    ("huanglj", "黄丽娟", Role::Handler),
    ("wangjg", "王建国", Role::SectionHead),
    ("zhangwd", "张卫东", Role::Director),
    ("liufang", "刘芳", Role::Auditor),
];
/// Printed by `xinfang demo` and shown on the sign-in screen of a demo office.
pub const DEMO_PASSWORD: &str = "xinfang-demo";
/// The handlers demo cases are assigned to (accounts of [`DEMO_ACCOUNTS`]).
const CLERKS: &[&str] = &["chenzq", "huanglj"];

struct Matter {
    matter_type: &'static str,
    titles: &'static [&'static str],
    authority: &'static str,
    purpose: Purpose,
}

const MATTERS: &[Matter] = &[
    Matter {
        matter_type: "城乡建设",
        titles: &[
            "反映小区物业管理混乱问题",
            "反映旧城改造拆迁补偿问题",
            "反映楼盘逾期交房问题",
        ],
        authority: "揭阳市榕城区住房和城乡建设局",
        purpose: Purpose::Claim,
    },
    Matter {
        matter_type: "劳动社保",
        titles: &[
            "反映工地拖欠农民工工资问题",
            "反映企业未缴纳社会保险问题",
            "反映工伤认定问题",
        ],
        authority: "揭阳市榕城区人力资源和社会保障局",
        purpose: Purpose::Claim,
    },
    Matter {
        matter_type: "农村农业",
        titles: &["反映村集体土地承包费分配问题", "反映农田灌溉水渠堵塞问题"],
        authority: "揭阳市榕城区农业农村局",
        purpose: Purpose::Claim,
    },
    Matter {
        matter_type: "国土资源",
        titles: &["反映宅基地审批问题", "反映违法占用耕地建房问题"],
        authority: "揭阳市自然资源局榕城分局",
        purpose: Purpose::Accusation,
    },
    Matter {
        matter_type: "环境保护",
        titles: &[
            "反映工厂夜间噪音扰民问题",
            "反映河道排污问题",
            "反映餐饮油烟污染问题",
        ],
        authority: "揭阳市生态环境局榕城分局",
        purpose: Purpose::Claim,
    },
    Matter {
        matter_type: "教育",
        titles: &["反映子女入学学位问题", "建议增设学校周边交通设施"],
        authority: "揭阳市榕城区教育局",
        purpose: Purpose::Suggestion,
    },
    Matter {
        matter_type: "卫生健康",
        titles: &["反映医疗收费问题", "建议社区卫生服务中心延长服务时间"],
        authority: "揭阳市榕城区卫生健康局",
        purpose: Purpose::Suggestion,
    },
    Matter {
        matter_type: "民政",
        titles: &["反映低保资格认定问题", "反映养老补贴发放问题"],
        authority: "揭阳市榕城区民政局",
        purpose: Purpose::Claim,
    },
    Matter {
        matter_type: "纪检监察",
        titles: &["反映村干部优亲厚友问题"],
        authority: "中共揭阳市榕城区纪律检查委员会、揭阳市榕城区监察委员会",
        purpose: Purpose::Accusation,
    },
];

const LITIGATION: &[&str] = &[
    "对法院民事判决不服要求改判",
    "反映法院执行案件久拖未结",
    "对公安机关不予立案决定有异议",
];

fn person(rng: &mut Rng, representative: bool) -> Petitioner {
    let name = format!("{}{}", rng.pick(SURNAMES), rng.pick(GIVEN));
    let birth = NaiveDate::from_ymd_opt(
        rng.range(1950, 2000) as i32,
        rng.range(1, 12) as u32,
        rng.range(1, 28) as u32,
    )
    .expect("a valid birth date");
    let first17 = format!(
        "{}{}{:03}",
        rng.pick(towns()).code.get(..6).unwrap_or("445202"),
        birth.format("%Y%m%d"),
        rng.range(1, 999)
    );
    let id = identity::check_digit(&first17).map(|c| format!("{first17}{c}"));
    Petitioner {
        name,
        id_number: if rng.chance(85) { id } else { None },
        phone: Some(format!(
            "13{}{:08}",
            rng.range(0, 9),
            rng.range(0, 99_999_999)
        )),
        address: Some(format!(
            "揭阳市榕城区{}{}路{}号",
            rng.pick(towns()).name,
            rng.pick(&["新阳", "北环", "进贤门", "环市"]),
            rng.range(1, 300)
        )),
        representative,
    }
}

fn authority(name: &str, kind: AuthorityKind) -> Authority {
    Authority {
        name: name.to_string(),
        kind,
    }
}

/// Picks a plausible target status with its age range in days.
fn plan(rng: &mut Rng) -> (Status, i64, i64) {
    let roll = rng.below(100);
    match roll {
        0..=11 => (Status::Registered, 0, 20),
        12..=25 => (Status::Accepted, 3, 85),
        26..=31 => (Status::Declined, 3, 360),
        32..=41 => (Status::Forwarded, 3, 360),
        42..=49 => (Status::Assigned, 5, 50),
        50..=51 => (Status::RefusedRepeat, 3, 360),
        52..=57 => (Status::Concluded, 25, 90),
        58..=81 => (Status::Replied, 45, 360),
        82..=85 => (Status::ReviewRequested, 50, 100),
        86..=90 => (Status::Reviewed, 80, 200),
        91..=93 => (Status::ReReviewRequested, 100, 160),
        _ => (Status::Terminated, 190, 360),
    }
}

/// `xinfang demo`: the demo office at `path`, made out of place so that a run killed
/// halfway leaves `path` as it was and the next run starts afresh. The cases go into a
/// working copy in `.<file>.demo/` beside it (with its documents folder), moved into place
/// when complete; an existing database must hold no cases and keeps its office.
impl Desk {
    /// Sets up `office` with the demo administrator and director, signed in as the director:
    /// the office the benchmarks and tests work in.
    pub async fn init_demo_office(&self, office: Office) -> Result<Actor, Error> {
        self.init_office(office, demo_new("admin")).await?;
        self.demo_accounts(&["zhangwd"]).await?;
        self.sign_in("zhangwd", DEMO_PASSWORD).await
    }

    /// Creates those of the demo accounts `names` the office does not have yet.
    async fn demo_accounts(&self, names: &[&str]) -> Result<(), Error> {
        let mut tx = self.db.begin_write().await?;
        for name in names {
            if crate::store::accounts::get(&mut tx, name).await?.is_none() {
                self.insert_account(&mut tx, demo_new(name), false).await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    fn demo_actor(&self, name: &str) -> Actor {
        let new = demo_new(name);
        let account = Account {
            name: new.name,
            display_name: new.display_name,
            role: new.role,
            active: true,
            may_unmask: false,
        };
        Actor::new(&account, crate::domain::account::Credential::System)
    }

    /// Takes a step as the account whose role does it: the case's handler handles, the
    /// section head approves extensions and supervises, the director revokes.
    async fn demo_act(&self, handler: &str, case_no: &str, action: Action) -> Result<(), Error> {
        let who = match Permission::for_action(action.kind()) {
            Permission::Register => "limin",
            Permission::Handle => handler,
            _ if action.kind() == ActionKind::Revoke => "zhangwd",
            _ => "wangjg",
        };
        self.act_as(self.demo_actor(who));
        self.act(case_no, action).await.map(|_| ())
    }
}

/// The demo account `name` of [`DEMO_ACCOUNTS`] as it is created.
fn demo_new(name: &str) -> NewAccount {
    let (name, display_name, role) = DEMO_ACCOUNTS
        .into_iter()
        .find(|(n, _, _)| *n == name)
        .expect("a demo account");
    NewAccount {
        name: name.into(),
        display_name: display_name.into(),
        role,
        password: DEMO_PASSWORD.into(),
        may_unmask: false,
    }
}

pub async fn create_demo_at(path: &Path, count: u32, clock: Clock) -> Result<DemoSummary, Error> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."));
    let file = path
        .file_name()
        .ok_or_else(|| Error::invalid("db", "数据库路径应指向一个文件"))?;
    let work = dir.join(format!(".{}.demo", file.to_string_lossy()));
    if work.exists() {
        std::fs::remove_dir_all(&work)?;
    }
    std::fs::create_dir_all(&work)?;
    let made = demo_in(path, dir, &work, &work.join(file), count, clock).await;
    if made.is_err() {
        let _ = std::fs::remove_dir_all(&work);
    }
    made
}

async fn demo_in(
    path: &Path,
    dir: &Path,
    work: &Path,
    part: &Path,
    count: u32,
    clock: Clock,
) -> Result<DemoSummary, Error> {
    if path.is_file() {
        let existing = Desk::open_with_clock(path, clock.clone()).await?;
        let copied = existing.copy_if_empty(part).await;
        existing.close().await;
        copied?;
    }
    let desk = Desk::open_with_clock(part, clock).await?;
    let made = desk.load_demo(count).await;
    let documents = desk.documents_folder().await;
    desk.close().await;
    let (summary, documents) = (made?, documents?);
    if documents.starts_with(work) && documents.is_dir() {
        let name = documents
            .strip_prefix(work)
            .map_err(std::io::Error::other)?;
        let target = dir.join(name);
        if target.exists() && std::fs::read_dir(&target)?.next().is_some() {
            return Err(Error::DocumentFileExists(target));
        }
        let _ = std::fs::remove_dir(&target);
        std::fs::rename(&documents, &target)?;
    }
    std::fs::rename(part, path)?;
    std::fs::remove_dir_all(work)?;
    Ok(summary)
}

impl Desk {
    /// Copies this database to `to` for the demo, refusing one that holds cases.
    async fn copy_if_empty(&self, to: &Path) -> Result<(), Error> {
        self.refuse_cases().await?;
        sqlx::query("VACUUM INTO ?")
            .bind(to.to_string_lossy().into_owned())
            .execute(&self.db.pool)
            .await?;
        Ok(())
    }

    async fn refuse_cases(&self) -> Result<(), Error> {
        let mut existing = 0;
        for s in Status::ALL {
            existing += crate::store::query::count_status(&self.db.pool, s).await?;
        }
        if existing > 0 {
            return Err(Error::invalid(
                "db",
                format!("数据库中已有{existing}件信访件，演示数据只能导入空数据库"),
            ));
        }
        Ok(())
    }

    /// Turns an empty database into the demo office with `count` cases (at least 300 make a
    /// realistic year). Refuses a database that already holds cases.
    pub async fn load_demo(&self, count: u32) -> Result<DemoSummary, Error> {
        let office = match self.office().await {
            Ok(o) => o,
            Err(Error::NotInitialized) => {
                self.init_office(demo_office(), demo_new("admin")).await?
            }
            Err(e) => return Err(e),
        };
        self.refuse_cases().await?;
        self.demo_accounts(&DEMO_ACCOUNTS.map(|(n, _, _)| n))
            .await?;
        let today = self.today();
        let mut rng = Rng(0x5EED_0000 ^ u64::from(count));
        let mut plans: Vec<(Status, NaiveDate)> = (0..count)
            .map(|i| {
                let (status, lo, hi) = plan(&mut rng);
                // A few cases received just before the 2026 Spring Festival and National Day,
                // so that their periods cross the holidays.
                let received = match i % 29 {
                    3 => NaiveDate::from_ymd_opt(2026, 2, rng.range(5, 13) as u32),
                    7 => NaiveDate::from_ymd_opt(2026, 9, rng.range(18, 30) as u32),
                    _ => None,
                }
                .filter(|d| (lo..=hi.min(364)).contains(&(today - *d).num_days()))
                .unwrap_or_else(|| today - Duration::days(rng.range(lo, hi.min(364))));
                (status, received)
            })
            .collect();
        // Register in order of receipt, so that case numbers follow the calendar.
        plans.sort_by_key(|(_, d)| *d);

        let list = self.channel_list().await?;
        let mut terminated: Vec<String> = Vec::new();
        let mut registered: Vec<String> = Vec::new();
        for (target, received) in plans {
            // A repeat needs an earlier concluded matter to name (a small demo may have none).
            let target = match target {
                Status::RefusedRepeat if terminated.is_empty() => Status::Accepted,
                t => t,
            };
            let clerk = *rng.pick(CLERKS);
            let (case_no, litigation) = self
                .demo_register(&mut rng, received, target, clerk, &terminated, &registered)
                .await?;
            registered.push(case_no.clone());
            self.demo_advance(
                &mut rng, &list, &case_no, received, target, litigation, clerk, today,
            )
            .await?;
            if target == Status::Terminated {
                terminated.push(case_no);
            }
        }
        self.act_as(self.demo_actor("wangjg"));
        self.demo_documents().await?;
        self.sign_out();
        let mut by_status = Vec::new();
        for s in Status::ALL {
            let n = crate::store::query::count_status(&self.db.pool, s).await?;
            by_status.push((s, n as u32));
        }
        Ok(DemoSummary {
            office,
            cases: count,
            by_status,
        })
    }

    async fn demo_register(
        &self,
        rng: &mut Rng,
        received: NaiveDate,
        target: Status,
        clerk: &str,
        terminated: &[String],
        registered: &[String],
    ) -> Result<(String, bool), Error> {
        let (mut new, litigation) =
            synthetic_case(rng, received, target, clerk, terminated, self.now());
        self.act_as(self.demo_actor("limin"));
        // Some people come back with their matter: refused repeats, and a few still to be linked.
        let retold = match (&new.repeat_of, target) {
            (Some(no), _) => Some(no.clone()),
            (None, Status::Registered) if !registered.is_empty() && rng.chance(30) => {
                Some(rng.pick(registered).clone())
            }
            _ => None,
        };
        if let Some(no) = retold {
            self.retell(&mut new, &no).await?;
        }
        let case = self.register(new).await?;
        Ok((case.case_no, litigation))
    }

    /// `new` as the earlier case's petitioner telling the same matter again; the candidates the
    /// clerk was shown are kept, the earlier one linked where `new` names it.
    async fn retell(&self, new: &mut NewCase, earlier_no: &str) -> Result<(), Error> {
        let mut conn = self.db.pool.acquire().await?;
        let Some(earlier) = crate::store::cases::load_by_no(&mut conn, earlier_no).await? else {
            return Ok(());
        };
        drop(conn);
        let Some(person) = earlier.petitioners.first() else {
            return Ok(());
        };
        new.petitioners = vec![Petitioner {
            representative: false,
            ..person.clone()
        }];
        if new.visit.is_some() {
            new.visit = Some(VisitInfo {
                person_count: 1,
                batch_count: 1,
            });
        }
        new.title = format!("再次{}", earlier.title.trim_start_matches("再次"));
        new.content = earlier.content.clone();
        new.locality = earlier.locality.clone();
        new.matter_type = earlier.matter_type.clone();
        new.purpose = earlier.purpose;
        new.litigation_related = earlier.litigation_related;
        new.authority = earlier.authority.clone();
        let probe = RepeatProbe {
            petitioners: new.petitioners.clone(),
            locality_code: new.locality.code.clone(),
            title: new.title.clone(),
            content: new.content.clone(),
            except_case_no: None,
        };
        new.repeat_candidates = self
            .repeat_candidates(&probe)
            .await?
            .into_iter()
            .map(|c| RepeatChoice {
                linked: new.repeat_of.as_deref() == Some(c.case_no.as_str()),
                case_no: c.case_no,
                score: c.score,
                reasons: c.reasons,
            })
            .collect();
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    async fn demo_advance(
        &self,
        rng: &mut Rng,
        list: &ChannelList,
        case_no: &str,
        received: NaiveDate,
        target: Status,
        litigation: bool,
        clerk: &str,
        today: NaiveDate,
    ) -> Result<(), Error> {
        let matter = self
            .case(case_no)
            .await?
            .authority
            .unwrap_or_else(|| "揭阳市榕城区人民政府".into());
        // Review and re-review by the organs one and two levels up, as the directory has them.
        let directory = self.authorities().await?;
        let above: Vec<String> = directory
            .review_chain(&matter)
            .iter()
            .map(|o| o.name.clone())
            .collect();
        let review_organ = above
            .first()
            .cloned()
            .unwrap_or_else(|| "揭阳市人民政府".into());
        let re_review_organ = above
            .get(1)
            .cloned()
            .unwrap_or_else(|| "广东省人民政府".into());
        let routed = if target != Status::Registered || rng.chance(60) {
            self.demo_classify(list, case_no, received, target, litigation, clerk)
                .await?
        } else {
            None
        };
        let routed_to = match &routed {
            Some(row) => authority(&row.authority, row.authority_kind.authority_kind()),
            None if litigation => authority("揭阳市榕城区人民法院", AuthorityKind::PoliticalLegal),
            None => authority(
                "揭阳市劳动人事争议仲裁委员会",
                AuthorityKind::Administrative,
            ),
        };
        let mut day = received;
        let mut step = |rng: &mut Rng, lo: i64, hi: i64| {
            day = (day + Duration::days(rng.range(lo, hi))).min(today);
            Some(day)
        };
        let opinion = |decision| Action::Conclude {
            date: None,
            decision,
            facts: "经调查核实，信访人反映的情况基本属实。".into(),
            reasons: "根据相关政策规定，结合实际情况作出处理。".into(),
            legal_basis: "《信访工作条例》第三十二条".into(),
        };
        let actions: Vec<Action> = match target {
            Status::Registered => vec![],
            Status::Declined => vec![Action::Decline {
                date: step(rng, 1, 12),
                reason: if litigation {
                    "属于涉法涉诉事项，应通过诉讼程序解决".into()
                } else {
                    "属于劳动仲裁受理范围".into()
                },
                article: if litigation {
                    "《信访工作条例》第二十二条、第二十八条".into()
                } else {
                    "《信访工作条例》第三十一条".into()
                },
                statutory_channel: if litigation {
                    "向人民法院申请再审".into()
                } else {
                    "申请劳动人事争议仲裁".into()
                },
                authority: routed_to,
            }],
            Status::Forwarded => vec![Action::Forward {
                date: step(rng, 1, 12),
                authority: match &routed {
                    Some(_) => routed_to,
                    None if litigation => {
                        authority("揭阳市榕城区人民法院", AuthorityKind::PoliticalLegal)
                    }
                    None => authority(&matter, AuthorityKind::Administrative),
                },
                note: Some("请依法处理并答复信访人".into()),
            }],
            Status::RefusedRepeat => vec![Action::RefuseRepeat {
                date: step(rng, 1, 10),
                reason: "同一事实和理由已经复核终结".into(),
                earlier_case_no: None,
            }],
            Status::Assigned => {
                let on = step(rng, 1, 10).unwrap_or(today);
                vec![Action::Assign {
                    date: Some(on),
                    authority: authority(&matter, AuthorityKind::Administrative),
                    feedback_due: on + Duration::days(rng.range(15, 30)),
                    note: Some("请于期限内报送办理结果".into()),
                }]
            }
            _ => {
                let mut a = vec![Action::Accept {
                    date: step(rng, 1, 14),
                    authority: Some(authority(&matter, AuthorityKind::Administrative)),
                }];
                if target == Status::Accepted && rng.chance(15) {
                    // The seed's revoked opinions: handled as a petition where the law names
                    // another organ, revoked, and handed to the competent one by a set date.
                    a.push(opinion(Decision::Explain));
                    if let Some(Action::Conclude { date, .. }) = a.last_mut() {
                        *date = step(rng, 15, 40);
                    }
                    let on = step(rng, 3, 12);
                    a.push(Action::Revoke {
                        date: on,
                        reason: "该事项属于劳动保障监察职责，原处理意见未按法定途径由有权机关处理"
                            .into(),
                        by: Some(review_organ.clone()),
                        authority: Some(authority(
                            "揭阳市榕城区人力资源和社会保障局",
                            AuthorityKind::Administrative,
                        )),
                        due_on: on.map(|d| d + Duration::days(30)),
                    });
                } else if target == Status::Accepted {
                    if rng.chance(25) {
                        a.push(Action::Extend {
                            date: step(rng, 40, 55),
                            days: 30,
                            reason: "案情复杂，需进一步调查核实".into(),
                            approver: "局长 郑国华".into(),
                        });
                    }
                    if rng.chance(20) {
                        let supervise = |date, note: &str| Action::Supervise {
                            date,
                            note: note.into(),
                            authority: Some(matter.clone()),
                            step: None,
                            reply_by: None,
                            trigger: None,
                            basis: None,
                        };
                        a.push(supervise(step(rng, 1, 5), "请加快办理进度"));
                        // Some organs answer; some are urged (催办) first, the office's next step.
                        if rng.chance(40) {
                            let on = step(rng, 16, 20);
                            a.push(supervise(on, "逾期未报送办理情况，请于期限内报送"));
                        }
                        if rng.chance(50) {
                            a.push(Action::RespondSupervision {
                                date: step(rng, 3, 10),
                                response: "已召集相关部门研究，正在落实，预计本月内办结".into(),
                            });
                        }
                    }
                } else {
                    let decision =
                        *rng.pick(&[Decision::Support, Decision::Explain, Decision::Reject]);
                    let mut c = opinion(decision);
                    if let Action::Conclude { date, .. } = &mut c {
                        *date = step(rng, 15, 62);
                    }
                    a.push(c);
                    if target != Status::Concluded {
                        let sent = step(rng, 1, 5);
                        a.push(Action::Reply {
                            date: sent,
                            received_on: step(rng, 0, 3),
                            method: Some(rng.pick(&["邮寄", "当面送达", "网上答复"]).to_string()),
                        });
                        if rng.chance(80) {
                            let sat = *rng.pick(&[
                                Satisfaction::Satisfied,
                                Satisfaction::Satisfied,
                                Satisfaction::BasicallySatisfied,
                                Satisfaction::Dissatisfied,
                            ]);
                            a.push(Action::RateSatisfaction {
                                date: step(rng, 0, 7),
                                satisfaction: sat,
                            });
                        }
                    }
                    if matches!(
                        target,
                        Status::ReviewRequested
                            | Status::Reviewed
                            | Status::ReReviewRequested
                            | Status::Terminated
                    ) {
                        a.push(Action::RequestReview {
                            date: step(rng, 5, 25),
                            organ: review_organ.clone(),
                            grounds: "对处理意见不服".into(),
                        });
                    }
                    if matches!(
                        target,
                        Status::Reviewed | Status::ReReviewRequested | Status::Terminated
                    ) {
                        let mut review = Action::ConcludeReview {
                            date: step(rng, 10, 28),
                            decision: Decision::Uphold,
                            facts: "经复查，原处理意见认定事实清楚。".into(),
                            reasons: "原处理意见适用政策正确。".into(),
                            legal_basis: "《信访工作条例》第三十五条".into(),
                            received_on: None,
                            authority: None,
                            due_on: None,
                        };
                        if let Action::ConcludeReview {
                            received_on, date, ..
                        } = &mut review
                        {
                            *received_on = *date;
                        }
                        a.push(review);
                    }
                    if matches!(target, Status::ReReviewRequested | Status::Terminated) {
                        a.push(Action::RequestReReview {
                            date: step(rng, 5, 25),
                            organ: re_review_organ.clone(),
                            grounds: "对复查意见不服".into(),
                        });
                        if rng.chance(40) {
                            let held_to = step(rng, 3, 10);
                            a.push(Action::Hearing {
                                date: held_to,
                                held_from: held_to.map_or(today, |d| d - Duration::days(1)),
                                held_to: held_to.unwrap_or(today),
                                participants: "信访人、复查机关代表、听证员三人".into(),
                                outcome: "听证员多数意见认为复查意见认定事实清楚".into(),
                            });
                        }
                    }
                    if target == Status::Terminated {
                        a.push(Action::ConcludeReReview {
                            date: step(rng, 10, 28),
                            decision: Decision::Uphold,
                            facts: "经复核，复查意见认定事实清楚。".into(),
                            reasons: "复查意见正确，予以维持。".into(),
                            legal_basis: "《信访工作条例》第三十六条".into(),
                            authority: None,
                            due_on: None,
                        });
                    }
                }
                a
            }
        };
        for action in actions {
            match self.demo_act(clerk, case_no, action).await {
                Ok(_) => {}
                // A plan that runs past a window (a late review request, say) stops there:
                // the case stays in the status it reached, as real cases do.
                Err(Error::Forbidden { .. }) | Err(Error::Invalid { .. }) => break,
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }
}

impl Desk {
    /// Classifies a demo case as a clerk would: the best proposal that fits the road the demo
    /// walks it down, else the list's first row that does (the proposal is recorded either way).
    async fn demo_classify(
        &self,
        list: &ChannelList,
        case_no: &str,
        received: NaiveDate,
        target: Status,
        litigation: bool,
        clerk: &str,
    ) -> Result<Option<ChannelRow>, Error> {
        let case = self.case(case_no).await?;
        let proposed: Vec<String> = self
            .proposals_for(&case, list)
            .await?
            .into_iter()
            .map(|p| p.row_id)
            .collect();
        let fits = |row: &ChannelRow| match target {
            Status::Registered => true,
            Status::Declined => {
                row.petition_kind == Purpose::Claim
                    && row.litigation_related == litigation
                    && if litigation {
                        row.authority_kind == OrganKind::Court
                    } else {
                        row.art31_route == 2
                    }
            }
            Status::Forwarded => {
                row.litigation_related == litigation
                    && (litigation || row.petition_kind == case.purpose)
            }
            Status::Assigned | Status::RefusedRepeat => {
                !row.litigation_related && row.petition_kind == case.purpose
            }
            _ => row.is_petition_procedure(),
        };
        let chosen = proposed
            .iter()
            .filter_map(|id| list.row(id))
            .chain(list.rows.iter())
            .find(|row| fits(row));
        let Some(row) = chosen.cloned() else {
            return Ok(None);
        };
        let action = Action::Classify {
            date: Some(received),
            row_id: row.id.clone(),
            proposed,
        };
        self.demo_act(clerk, case_no, action).await?;
        Ok(Some(row))
    }
}

/// A registration as a clerk would type it, headed for `target` (the demo walks it there).
fn synthetic_case(
    rng: &mut Rng,
    received: NaiveDate,
    target: Status,
    clerk: &str,
    terminated: &[String],
    now: DateTime<Utc>,
) -> (NewCase, bool) {
    let litigation = matches!(target, Status::Declined | Status::Forwarded) && rng.chance(40);
    // Suggestions and accusations go to the organ concerned: never accepted, never reviewed.
    let fits = |m: &&Matter| {
        m.purpose == Purpose::Claim
            || matches!(
                target,
                Status::Registered | Status::Forwarded | Status::Assigned
            )
    };
    let matters: Vec<&Matter> = MATTERS.iter().filter(fits).collect();
    let matter = *rng.pick(&matters);
    let channel = match (target, rng.below(100)) {
        (Status::Assigned, n) if n < 30 => Channel::Referred,
        (_, 0..=29) => Channel::Letter,
        (_, 30..=54) => Channel::Visit,
        (_, 55..=84) => Channel::Online,
        _ => Channel::Phone,
    };
    let (title, matter_type, purpose) = if litigation {
        (
            rng.pick(LITIGATION).to_string(),
            "政法".to_string(),
            Purpose::Claim,
        )
    } else {
        (
            rng.pick(matter.titles).to_string(),
            matter.matter_type.to_string(),
            matter.purpose,
        )
    };
    let town = rng.pick(towns());
    let mut petitioners = Vec::new();
    let mut visit = None;
    if channel == Channel::Visit {
        let persons = if rng.chance(30) {
            rng.range(6, 40) as u32
        } else {
            rng.range(1, 3) as u32
        };
        let reps = if persons > 5 {
            rng.range(1, 5) as usize
        } else {
            0
        };
        for _ in 0..reps {
            petitioners.push(person(rng, true));
        }
        visit = Some(VisitInfo {
            person_count: persons,
            batch_count: 1,
        });
    }
    if petitioners.is_empty() {
        petitioners.push(person(rng, false));
    }
    let letter = (channel == Channel::Letter).then(|| LetterInfo {
        postmark_date: Some(received - Duration::days(rng.range(1, 3))),
        return_address: petitioners[0].address.clone(),
    });
    let time = NaiveTime::from_hms_opt(rng.range(8, 16) as u32, rng.range(0, 59) as u32, 0)
        .expect("office hours");
    // Office hours are local (UTC+8).
    let received_at = Utc.from_utc_datetime(&received.and_time(time)) - Duration::hours(8);
    let repeat_of = (target == Status::RefusedRepeat && !terminated.is_empty())
        .then(|| rng.pick(terminated).clone());
    // Varied wording and particulars, so that only a retold matter reads like an earlier one.
    let content = format!(
        "{}{}：{}{}社区{}，自{}年{}月起涉及{}户，{}{}号楼附近的{}至今未予处理，{}",
        petitioners[0].name,
        rng.pick(&["来信反映", "反映", "称"]),
        town.name,
        rng.pick(&[
            "东山", "西湖", "南门", "北岭", "石桥", "梅林", "竹园", "榕江", "新光", "和平"
        ]),
        title.trim_start_matches("反映").trim_end_matches("问题"),
        received.year() - rng.range(0, 3) as i32,
        rng.range(1, 12),
        rng.range(1, 60),
        rng.pick(&[
            "新阳路",
            "北环路",
            "进贤门大道",
            "环市北路",
            "临江路",
            "望江路"
        ]),
        rng.range(1, 40),
        rng.pick(&["经办人员", "相关单位", "社区工作人员", "负责的企业"]),
        rng.pick(&[
            "多次向有关部门反映未果，请求依法处理。",
            "希望有关部门尽快调查核实。",
            "要求给予书面答复。",
            "请求责令相关单位限期整改。",
        ]),
    );
    let new = NewCase {
        channel,
        received_at: Some(received_at.min(now)),
        petitioners,
        visit,
        letter,
        title,
        content,
        locality: Locality {
            code: town.code.clone(),
            name: format!("榕城区{}", town.name),
        },
        matter_type,
        purpose,
        litigation_related: litigation,
        authority: Some(matter.authority.into()),
        repeat_of,
        repeat_candidates: Vec::new(),
        feedback_due: (channel == Channel::Referred).then(|| received + Duration::days(30)),
        handler: Some(clerk.into()),
    };
    (new, litigation)
}

/// `n` registrations received over the year before `now` in the order they arrived, as an
/// office registers them, for benchmarks and load tests; given to no handler, since the
/// offices they are registered in need not have the demo's accounts.
pub fn synthetic_cases(n: usize, seed: u64, now: DateTime<Utc>) -> Vec<NewCase> {
    let today = office_date(now);
    let mut rng = Rng(seed);
    let per_day = n.div_ceil(365).max(1);
    (0..n)
        .map(|i| {
            let received = today - Duration::days(364 - (i / per_day) as i64);
            let (status, _, _) = plan(&mut rng);
            let mut new = synthetic_case(&mut rng, received, status, CLERKS[0], &[], now).0;
            new.handler = None;
            new
        })
        .collect()
}
