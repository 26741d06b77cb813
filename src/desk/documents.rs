//! Formal documents as use-cases: which kinds a case allows now, preview, issue (number,
//! PDF, hash and timeline event in one transaction), void, reissue, list, verify, and the
//! office's wording and settings.
//!
//! Numbering: one gap-free sequence per office, **per kind** and per year (`counters` scope
//! `doc:<kind>`), taken inside the transaction that records the issue. Because kinds count
//! separately, each kind has its own 代字 after the office prefix (`榕信访不受〔2026〕3号`,
//! `榕信访转〔2026〕3号`), so a document number names one document.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde_json::json;
use sqlx::SqliteConnection;
use tokio::sync::OnceCell;
use uuid::Uuid;

use super::{record, Desk, Happening};
use crate::documents::issue::{
    self, DocumentChoice, DocumentSettings, FileProblem, IssueReceipt, TemplateView, VerifyProblem,
    VerifyReport,
};
use crate::documents::templates::{self, placeholder_info, Template, TemplateError};
use crate::documents::{render_pdf, FontRoleInfo, FontSet};
use crate::domain::account::{Actor, Permission};
use crate::domain::authorities::Directory;
use crate::domain::calendar::office_date;
use crate::domain::case::{Case, Status};
use crate::domain::digest::sha256_hex;
use crate::domain::document::{self as kinds, DocumentKind};
use crate::domain::office::Office;
use crate::domain::workflow::ActionKind;
use crate::store::documents::IssuedDocument;
use crate::store::events::{self, Change};
use crate::store::{self, instant_text};
use crate::Error;

/// The parsed fonts, shared by every `Desk` of the process: parsed on first use (the first
/// preview or issue), never at start-up, so opening the app stays fast.
/// A failed discovery is not cached: installing a font and trying again works.
static FONTS: OnceCell<Arc<FontSet>> = OnceCell::const_new();

pub(super) async fn fonts() -> Result<Arc<FontSet>, Error> {
    FONTS
        .get_or_try_init(|| async {
            let set = tokio::task::spawn_blocking(FontSet::discover)
                .await
                .map_err(|e| Error::Corrupt(format!("字体加载中断：{e}")))??;
            Ok::<_, Error>(Arc::new(set))
        })
        .await
        .cloned()
}

fn template_error(e: TemplateError) -> Error {
    Error::invalid(e.placeholder().unwrap_or("template"), e.to_string())
}

fn forbidden(case: &Case, reason: String) -> Error {
    Error::Forbidden {
        status: case.status,
        action: ActionKind::IssueDocument,
        reason,
    }
}

/// A written PDF that is removed again unless the transaction that records it commits. Until
/// then a marker beside it names the database issuing it, so that a file left by an issue
/// killed before its commit is known to be no document (see [`left_by_interrupted_issue`]).
pub(super) struct PendingFile {
    path: Option<PathBuf>,
    marker: PathBuf,
}

impl PendingFile {
    pub(super) fn keep(mut self) {
        self.path = None;
        let _ = std::fs::remove_file(&self.marker);
    }
}

impl Drop for PendingFile {
    fn drop(&mut self) {
        if let Some(path) = self.path.take() {
            let _ = std::fs::remove_file(path);
            let _ = std::fs::remove_file(&self.marker);
        }
    }
}

fn marker_of(path: &Path) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{}.issuing", name.unwrap_or_default()))
}

/// Whether the file at `path` was left by an issue of the database `claim` that never
/// committed: its marker is still there and names that database. The caller also checks that
/// no document of the database has the path.
fn left_by_interrupted_issue(path: &Path, claim: &str) -> bool {
    path.is_file() && std::fs::read_to_string(marker_of(path)).is_ok_and(|m| m == claim)
}

/// A stored file (an issued PDF, an attachment) as read back against its recorded hash.
pub(super) enum Stored {
    Intact(Vec<u8>),
    Changed,
    Missing,
}

/// Reads `path` off the async threads and compares it with the SHA-256 recorded for it.
pub(super) async fn read_stored(path: &Path, sha256: &str) -> Result<Stored, Error> {
    let owned = path.to_path_buf();
    let read = tokio::task::spawn_blocking(move || std::fs::read(owned))
        .await
        .map_err(|e| Error::Corrupt(format!("读取文件中断：{e}")))?;
    match read {
        Ok(bytes) if sha256_hex(&bytes) == sha256 => Ok(Stored::Intact(bytes)),
        Ok(_) => Ok(Stored::Changed),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Stored::Missing),
        Err(e) => Err(e.into()),
    }
}

/// `bytes` in a new hidden file in `dir`, synced to disk, to be linked or renamed into place.
pub(super) fn synced_temp(dir: &Path, bytes: &[u8]) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(".{}.tmp", Uuid::now_v7()));
    let written = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()
    })();
    match written {
        Ok(()) => Ok(tmp),
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

/// Writes `bytes` to `path` through a temporary file in the same folder, synced before it is
/// linked into place, so the path never holds half a PDF; a file already there (another
/// database's, or one restored by hand) is never replaced. `claim` names the issuing database.
pub(super) fn write_atomically(
    path: &Path,
    bytes: &[u8],
    claim: &str,
) -> Result<PendingFile, Error> {
    let dir = path
        .parent()
        .ok_or_else(|| Error::invalid("path", "文书路径无效"))?;
    let marker = marker_of(path);
    let tmp = synced_temp(dir, bytes)?;
    let written = std::fs::hard_link(&tmp, path);
    let _ = std::fs::remove_file(&tmp);
    match written {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(Error::DocumentFileExists(path.to_path_buf()))
        }
        Err(e) => return Err(e.into()),
    }
    // After the link: a marker without its file would make nobody's file an orphan.
    if let Err(e) = std::fs::write(&marker, claim) {
        let _ = std::fs::remove_file(path);
        return Err(e.into());
    }
    Ok(PendingFile {
        path: Some(path.to_path_buf()),
        marker,
    })
}

/// A timeline entry about a document or an attachment.
pub(super) struct Note<'a> {
    pub actor: &'a Actor,
    pub action: ActionKind,
    pub summary: String,
    pub details: serde_json::Value,
}

/// The case with its version bumped, `change` applied, and the event recorded.
pub(super) async fn record_on_case(
    conn: &mut SqliteConnection,
    case: &Case,
    now: DateTime<Utc>,
    change: impl FnOnce(&mut Case),
    note: Note<'_>,
) -> Result<Case, Error> {
    let Note {
        actor,
        action,
        summary,
        details,
    } = note;
    let mut next = case.clone();
    change(&mut next);
    next.version = case.version + 1;
    next.updated_at = now;
    store::cases::update(conn, &next).await?;
    let (before, after) = events::diff(&case.to_json(), &next.to_json());
    record(
        conn,
        &next,
        Happening {
            actor,
            at: now,
            action: action.as_str(),
            summary,
            details,
            before,
            after,
        },
    )
    .await?;
    Ok(next)
}

/// The number an unissued rendering shows.
#[derive(Clone, Copy)]
enum Numbering {
    /// The number the next document of the kind would take now (`xinfang notice preview`).
    Next,
    /// `…〔2026〕草稿` (the app's 预览).
    Draft,
}

/// What issuing reads before its transaction: the office, settings, templates and fonts.
pub(super) struct IssuePrep {
    office: Office,
    settings: DocumentSettings,
    directory: Directory,
    templates: Vec<(DocumentKind, Template)>,
    folder: PathBuf,
    fonts: Arc<FontSet>,
}

/// Documents issued in a transaction not yet committed.
#[derive(Default)]
pub(super) struct Issued {
    receipts: Vec<IssueReceipt>,
    files: Vec<PendingFile>,
}

impl Issued {
    /// Keeps the files (the transaction committed) and hands back the receipts.
    pub(super) fn keep(&mut self) -> Vec<IssueReceipt> {
        for f in self.files.drain(..) {
            f.keep();
        }
        std::mem::take(&mut self.receipts)
    }
}

/// What an issue needs besides the transaction.
struct IssueInput<'a> {
    actor: &'a Actor,
    kind: DocumentKind,
    fields: &'a BTreeMap<String, String>,
    office: &'a Office,
    settings: &'a DocumentSettings,
    directory: &'a Directory,
    template: &'a Template,
    folder: &'a Path,
    fonts: Arc<FontSet>,
    replaces: Option<Uuid>,
    /// Served with a reply of that date: the deadlines it meets are met on the reply's day.
    served_on: Option<NaiveDate>,
}

impl Desk {
    // -----------------------------------------------------------------------------------
    // Settings, wording, fonts

    pub async fn document_settings(&self) -> Result<DocumentSettings, Error> {
        let office = self.cached_office().await?;
        Ok(
            store::settings::get(&self.db.pool, &office.code, issue::SETTINGS_KEY)
                .await?
                .unwrap_or_default(),
        )
    }

    pub async fn set_document_settings(
        &self,
        settings: DocumentSettings,
    ) -> Result<DocumentSettings, Error> {
        self.require(Permission::ManageSettings)?;
        let office = self.cached_office().await?;
        let settings = DocumentSettings {
            folder: settings
                .folder
                .map(|f| f.trim().to_string())
                .filter(|f| !f.is_empty()),
            review_organ: settings.review_organ.trim().to_string(),
            re_review_organ: settings.re_review_organ.trim().to_string(),
            counter_phone: settings.counter_phone.trim().to_string(),
        };
        let phone_ok = settings.counter_phone.chars().count() <= 40
            && settings
                .counter_phone
                .chars()
                .all(|c| c.is_ascii_digit() || " -+()（）、，,转".contains(c));
        if !phone_ok {
            return Err(Error::invalid(
                "counter_phone",
                "接待电话只能含数字、空格、横线、括号和“转”，最多40个字符",
            ));
        }
        if settings.review_organ.is_empty() {
            return Err(Error::invalid("review_organ", "复查机关不能为空"));
        }
        if settings.re_review_organ.is_empty() {
            return Err(Error::invalid("re_review_organ", "复核机关不能为空"));
        }
        let mut tx = self.db.begin_write().await?;
        store::settings::put(
            &mut tx,
            &office.code,
            issue::SETTINGS_KEY,
            &settings,
            &instant_text(self.now()),
        )
        .await?;
        tx.commit().await?;
        Ok(settings)
    }

    /// Where issued PDFs are kept: the configured folder, or one named after the database
    /// file next to it (`office.sqlite` → `office-documents/`), so that two offices' databases
    /// in one folder never share their PDFs. Stored paths are relative to it.
    pub async fn documents_folder(&self) -> Result<PathBuf, Error> {
        let settings = self.document_settings().await?;
        self.folder_of(&settings).await
    }

    async fn folder_of(&self, settings: &DocumentSettings) -> Result<PathBuf, Error> {
        if let Some(f) = &settings.folder {
            return Ok(PathBuf::from(f));
        }
        let dir = self
            .path()
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or_else(|| Path::new("."));
        let stem = self
            .path()
            .file_stem()
            .map_or_else(|| "office".into(), |s| s.to_string_lossy());
        let own = dir.join(format!("{stem}-documents"));
        // Databases from before the folder was named after them keep their `documents/`.
        let legacy = dir.join("documents");
        if !own.exists() && legacy.is_dir() && store::documents::any(&self.db.pool).await? {
            return Ok(legacy);
        }
        Ok(own)
    }

    async fn template(&self, office: &Office, kind: DocumentKind) -> Result<Template, Error> {
        Ok(
            store::settings::get(&self.db.pool, &office.code, &templates::settings_key(kind))
                .await?
                .unwrap_or_else(|| Template::default_for(kind)),
        )
    }

    pub async fn document_template(&self, kind: DocumentKind) -> Result<TemplateView, Error> {
        let office = self.cached_office().await?;
        let template = self.template(&office, kind).await?;
        Ok(template_view(kind, template))
    }

    pub async fn document_templates(&self) -> Result<Vec<TemplateView>, Error> {
        let mut out = Vec::new();
        for kind in DocumentKind::ALL {
            out.push(self.document_template(kind).await?);
        }
        Ok(out)
    }

    /// Stores the office's wording of `kind`. Refused, naming it, when the template uses a
    /// placeholder the kind does not know, has an unpaired brace, or takes another kind's 代字.
    pub async fn set_document_template(
        &self,
        kind: DocumentKind,
        template: Template,
    ) -> Result<TemplateView, Error> {
        self.require(Permission::ManageSettings)?;
        let office = self.cached_office().await?;
        template.validate(kind).map_err(template_error)?;
        let code = template.code.trim();
        if code.contains(['〔', '〕']) || code.chars().any(|c| c.is_control()) {
            return Err(Error::invalid("code", "文号代字不能含“〔〕”或控制字符"));
        }
        for other in DocumentKind::ALL.into_iter().filter(|k| *k != kind) {
            if self.template(&office, other).await?.code.trim() == code {
                return Err(Error::invalid(
                    "code",
                    format!(
                        "文号代字“{code}”已用于{}：每类文书单独编号，代字须各不相同",
                        other.label()
                    ),
                ));
            }
        }
        let template = Template {
            code: code.to_string(),
            ..template
        };
        let mut tx = self.db.begin_write().await?;
        store::settings::put(
            &mut tx,
            &office.code,
            &templates::settings_key(kind),
            &template,
            &instant_text(self.now()),
        )
        .await?;
        tx.commit().await?;
        Ok(template_view(kind, template))
    }

    /// Back to the shipped wording of `kind`.
    pub async fn reset_document_template(&self, kind: DocumentKind) -> Result<TemplateView, Error> {
        self.require(Permission::ManageSettings)?;
        self.set_document_template(kind, Template::default_for(kind))
            .await
    }

    /// Which face serves each role (the settings page). Loads the fonts if not yet loaded.
    pub async fn document_fonts(&self) -> Result<Vec<FontRoleInfo>, Error> {
        Ok(fonts().await?.roles())
    }

    /// Parses the fonts now (the app may call this in the background after its window is up,
    /// so the first preview does not wait for them).
    pub async fn warm_document_fonts(&self) -> Result<(), Error> {
        fonts().await.map(|_| ())
    }

    // -----------------------------------------------------------------------------------
    // 出具文书

    /// The kinds the case allows now, each with its prefilled form. A kind already issued
    /// (and not voided) is not listed again; a supervision letter is listed once per
    /// supervision recorded.
    pub async fn documents_allowed(&self, case_no: &str) -> Result<Vec<DocumentChoice>, Error> {
        if !self
            .require(Permission::ViewCases)?
            .allows(Permission::SignDocuments)
        {
            return Ok(Vec::new());
        }
        let office = self.cached_office().await?;
        let settings = self.document_settings().await?;
        let directory = self.authorities().await?;
        let mut conn = self.db.pool.acquire().await?;
        let case = store::cases::load_by_no(&mut conn, case_no)
            .await?
            .ok_or_else(|| Error::CaseNotFound(case_no.to_string()))?;
        let issued = store::documents::for_case(&mut *conn, case.id).await?;
        drop(conn);
        let mut out = Vec::new();
        for kind in kinds::supported(&case) {
            if still_open(&case, kind, &issued).is_err() {
                continue;
            }
            let template = self.template(&office, kind).await?;
            let values = issue::values(
                kind,
                &case,
                &office,
                &settings,
                &directory,
                self.today(),
                &self.policy().calendar,
            );
            out.push(DocumentChoice {
                kind,
                label: kind.label().to_string(),
                between_organs: kind.between_organs(),
                fields: issue::form(&template, &values).map_err(template_error)?,
            });
        }
        Ok(out)
    }

    /// The real PDF as it would be issued now, numbered with the number the next document
    /// of the kind would take (the number is only taken when issuing).
    pub async fn preview_document(
        &self,
        case_no: &str,
        kind: DocumentKind,
        fields: &BTreeMap<String, String>,
    ) -> Result<Vec<u8>, Error> {
        self.require(Permission::ViewCases)?;
        self.render_unissued(case_no, kind, fields, Numbering::Next)
            .await
    }

    /// The real PDF as it would be issued now, but numbered `…〔2026〕草稿` (the desktop
    /// app's 预览): nothing is taken, stored or written — no number, no row, no file, no
    /// event — and the print-out cannot pass for an issued document.
    pub async fn draft_document(
        &self,
        case_no: &str,
        kind: DocumentKind,
        fields: &BTreeMap<String, String>,
    ) -> Result<Vec<u8>, Error> {
        self.require(Permission::ViewCases)?;
        self.render_unissued(case_no, kind, fields, Numbering::Draft)
            .await
    }

    async fn render_unissued(
        &self,
        case_no: &str,
        kind: DocumentKind,
        fields: &BTreeMap<String, String>,
        numbering: Numbering,
    ) -> Result<Vec<u8>, Error> {
        let office = self.cached_office().await?;
        let settings = self.document_settings().await?;
        let template = self.template(&office, kind).await?;
        let fonts = fonts().await?;
        let today = self.today();
        let mut conn = self.db.pool.acquire().await?;
        let case = store::cases::load_by_no(&mut conn, case_no)
            .await?
            .ok_or_else(|| Error::CaseNotFound(case_no.to_string()))?;
        kind.check(&case).map_err(|r| forbidden(&case, r))?;
        let doc_no = match numbering {
            Numbering::Next => {
                let n = store::documents::peek_number(
                    &mut *conn,
                    &office.code,
                    &kind.counter_scope(),
                    today.year(),
                )
                .await?;
                issue::doc_no(&office.doc_prefix, &template.code, today.year(), n)
            }
            Numbering::Draft => {
                issue::draft_doc_no(&office.doc_prefix, &template.code, today.year())
            }
        };
        drop(conn);
        let directory = self.authorities().await?;
        let mut values = issue::values(
            kind,
            &case,
            &office,
            &settings,
            &directory,
            today,
            &self.policy().calendar,
        );
        issue::apply_fields(kind, &mut values, fields)
            .map_err(|e| Error::invalid(e.field(), e.to_string()))?;
        let doc = issue::compose(kind, &template, &values, &doc_no, &office, today)
            .map_err(template_error)?;
        let pdf = tokio::task::spawn_blocking(move || render_pdf(&doc, &fonts))
            .await
            .map_err(|e| Error::Corrupt(format!("排版中断：{e}")))??;
        Ok(pdf)
    }

    /// Issues a document of `kind` on the case: takes the kind's next number of the year,
    /// renders the PDF, writes it to the document folder, and records the document, its
    /// SHA-256 and a timeline event in one transaction. If anything fails, no number is
    /// taken, no row written and no file left behind.
    pub async fn issue_document(
        &self,
        case_no: &str,
        kind: DocumentKind,
        fields: &BTreeMap<String, String>,
    ) -> Result<IssueReceipt, Error> {
        let actor = &self.require(Permission::SignDocuments)?;
        let prep = self.prepare_issue(&[kind]).await?;
        let mut tx = self.db.begin_write().await?;
        let mut issued = self
            .issue_in_tx(&mut tx, &prep, actor, case_no, &[(kind, fields)], None)
            .await?;
        tx.commit().await?;
        Ok(issued.keep().remove(0))
    }

    /// Reads what issuing `kinds` needs before a write transaction opens (fonts take a while).
    pub(super) async fn prepare_issue(&self, kinds: &[DocumentKind]) -> Result<IssuePrep, Error> {
        let office = self.cached_office().await?;
        let settings = self.document_settings().await?;
        let mut templates = Vec::with_capacity(kinds.len());
        for kind in kinds {
            templates.push((*kind, self.template(&office, *kind).await?));
        }
        let folder = self.folder_of(&settings).await?;
        let fonts = fonts().await?;
        let directory = self.authorities().await?;
        Ok(IssuePrep {
            office,
            settings,
            directory,
            templates,
            folder,
            fonts,
        })
    }

    /// Issues the documents in order on the case, inside the caller's transaction; their
    /// files are removed again unless [`Issued::keep`] is called once it has committed.
    pub(super) async fn issue_in_tx(
        &self,
        conn: &mut SqliteConnection,
        prep: &IssuePrep,
        actor: &Actor,
        case_no: &str,
        docs: &[(DocumentKind, &BTreeMap<String, String>)],
        served_on: Option<NaiveDate>,
    ) -> Result<Issued, Error> {
        let mut issued = Issued::default();
        for (kind, fields) in docs {
            let template = prep
                .templates
                .iter()
                .find(|(k, _)| k == kind)
                .map(|(_, t)| t)
                .ok_or_else(|| Error::Corrupt(format!("{}的模板未载入", kind.label())))?;
            let case = store::cases::load_by_no(&mut *conn, case_no)
                .await?
                .ok_or_else(|| Error::CaseNotFound(case_no.to_string()))?;
            let input = IssueInput {
                actor,
                kind: *kind,
                fields,
                office: &prep.office,
                settings: &prep.settings,
                directory: &prep.directory,
                template,
                folder: &prep.folder,
                fonts: prep.fonts.clone(),
                replaces: None,
                served_on,
            };
            let (receipt, file) = self.issue_in(&mut *conn, case, input).await?;
            issued.receipts.push(receipt);
            issued.files.push(file);
        }
        Ok(issued)
    }

    async fn issue_in(
        &self,
        conn: &mut SqliteConnection,
        case: Case,
        input: IssueInput<'_>,
    ) -> Result<(IssueReceipt, PendingFile), Error> {
        let IssueInput {
            actor,
            kind,
            fields,
            office,
            settings,
            directory,
            template,
            folder,
            fonts,
            replaces,
            served_on,
        } = input;
        kind.check(&case).map_err(|r| forbidden(&case, r))?;
        let issued = store::documents::for_case(&mut *conn, case.id).await?;
        still_open(&case, kind, &issued).map_err(|r| forbidden(&case, r))?;

        let now = self.now();
        let today = self.today();
        let year = today.year();
        let mut values = issue::values(
            kind,
            &case,
            office,
            settings,
            directory,
            today,
            &self.policy().calendar,
        );
        issue::apply_fields(kind, &mut values, fields)
            .map_err(|e| Error::invalid(e.field(), e.to_string()))?;
        // Fill before taking the number: a template error costs nothing.
        let mut doc =
            issue::compose(kind, template, &values, "", office, today).map_err(template_error)?;

        let seq =
            store::office::next_number(conn, &office.code, &kind.counter_scope(), year).await?;
        let doc_no = issue::doc_no(&office.doc_prefix, &template.code, year, seq);
        doc.doc_no = doc_no.clone();
        let title = doc.title.clone();
        let pdf = tokio::task::spawn_blocking(move || render_pdf(&doc, &fonts))
            .await
            .map_err(|e| Error::Corrupt(format!("排版中断：{e}")))??;
        let sha256 = sha256_hex(&pdf);
        let name = issue::file_name(&doc_no);
        let relative = format!("{year}/{name}");
        let absolute = folder.join(year.to_string()).join(&name);
        let file = {
            let (path, bytes) = (absolute.clone(), pdf);
            let size = bytes.len();
            let claim = self.file_claim();
            // An issue of this database killed before it committed left the file: its number
            // came back with the rollback, and so does the file name.
            if left_by_interrupted_issue(&path, &claim)
                && !store::documents::path_taken(&mut *conn, &relative).await?
            {
                std::fs::remove_file(&path)?;
            }
            let file = tokio::task::spawn_blocking(move || write_atomically(&path, &bytes, &claim))
                .await
                .map_err(|e| Error::Corrupt(format!("写入文书中断：{e}")))??;
            (file, size)
        };
        let (file, size) = file;

        let doc_row = IssuedDocument {
            id: Uuid::now_v7(),
            office_code: office.code.clone(),
            case_id: case.id,
            case_no: case.case_no.clone(),
            kind,
            kind_label: kind.label().to_string(),
            doc_no: doc_no.clone(),
            year,
            seq,
            title,
            path: relative.clone(),
            sha256: sha256.clone(),
            size: size as i64,
            issued_at: now,
            actor: actor.display_name.clone(),
            fields: fields.clone(),
            replaces,
            voided_at: None,
            void_reason: None,
            voided_by: None,
            version: 1,
        };
        store::documents::insert(conn, &doc_row).await?;
        let details = json!({
            "document_id": doc_row.id,
            "kind": kind,
            "doc_no": doc_no,
            "path": relative,
            "sha256": sha256,
            "size": size,
            "fields": fields,
            "replaces": replaces,
        });
        let summary = match replaces {
            Some(_) => format!("重新出具{}（{}）", kind.label(), doc_no),
            None => format!("出具{}（{}）", kind.label(), doc_no),
        };
        record_on_case(
            conn,
            &case,
            now,
            |c| {
                for d in c
                    .deadlines
                    .iter_mut()
                    .filter(|d| d.is_open() && kind.meets(d.kind))
                {
                    d.met_on = Some(served_on.unwrap_or(today));
                }
            },
            Note {
                actor,
                action: ActionKind::IssueDocument,
                summary,
                details,
            },
        )
        .await?;
        events::log_changes(
            conn,
            &[Change {
                office_code: &office.code,
                entity: "document",
                entity_id: doc_row.id.to_string(),
                version: 1,
                op: "insert",
                at: instant_text(now),
            }],
        )
        .await?;
        Ok((
            IssueReceipt {
                id: doc_row.id,
                case_no: case.case_no,
                kind,
                doc_no,
                path: absolute.display().to_string(),
                sha256,
                size: size as i64,
            },
            file,
        ))
    }

    /// Voids an issued document: it keeps its number, file and hash; the reason, who and
    /// when are recorded on the document and on the case's timeline.
    pub async fn void_document(&self, doc_no: &str, reason: &str) -> Result<IssuedDocument, Error> {
        let actor = &self.require(Permission::SignDocuments)?;
        let office = self.cached_office().await?;
        let mut tx = self.db.begin_write().await?;
        let (doc, _) = void_in(&mut tx, &office, actor, doc_no, reason, self.now()).await?;
        tx.commit().await?;
        Ok(doc)
    }

    /// Voids `doc_no` (unless it is void already) and issues the same kind on the same case
    /// under a new number, in one transaction. `fields`: the new fields, or `None` to reuse
    /// the voided document's.
    pub async fn reissue_document(
        &self,
        doc_no: &str,
        reason: &str,
        fields: Option<&BTreeMap<String, String>>,
    ) -> Result<IssueReceipt, Error> {
        let actor = &self.require(Permission::SignDocuments)?;
        let office = self.cached_office().await?;
        let settings = self.document_settings().await?;
        let folder = self.folder_of(&settings).await?;
        let fonts = fonts().await?;
        let directory = self.authorities().await?;
        let mut tx = self.db.begin_write().await?;
        let old = own_document(&mut tx, &office, doc_no).await?;
        let case = if old.is_voided() {
            store::cases::load_by_no(&mut tx, &old.case_no)
                .await?
                .ok_or_else(|| Error::CaseNotFound(old.case_no.clone()))?
        } else {
            void_in(&mut tx, &office, actor, doc_no, reason, self.now())
                .await?
                .1
        };
        let template = self.template(&office, old.kind).await?;
        let fields = fields.unwrap_or(&old.fields);
        let input = IssueInput {
            actor,
            kind: old.kind,
            fields,
            office: &office,
            settings: &settings,
            directory: &directory,
            template: &template,
            folder: &folder,
            fonts,
            replaces: Some(old.id),
            served_on: None,
        };
        let (receipt, file) = self.issue_in(&mut tx, case, input).await?;
        tx.commit().await?;
        file.keep();
        Ok(receipt)
    }

    /// A case's documents, oldest first, voided ones included.
    pub async fn list_documents(&self, case_no: &str) -> Result<Vec<IssuedDocument>, Error> {
        self.require(Permission::ViewCases)?;
        let mut conn = self.db.pool.acquire().await?;
        let case = store::cases::load_by_no(&mut conn, case_no)
            .await?
            .ok_or_else(|| Error::CaseNotFound(case_no.to_string()))?;
        store::documents::for_case(&mut *conn, case.id).await
    }

    /// One document by its number, with the absolute path of its PDF (to print or open).
    pub async fn document(&self, doc_no: &str) -> Result<(IssuedDocument, PathBuf), Error> {
        self.require(Permission::ViewCases)?;
        let office = self.cached_office().await?;
        let doc = store::documents::by_doc_no(&self.db.pool, &office.code, doc_no)
            .await?
            .ok_or_else(|| Error::DocumentNotFound(doc_no.trim().to_string()))?;
        let path = self.documents_folder().await?.join(&doc.path);
        Ok((doc, path))
    }

    /// The database's name in the marker beside a file being written, claiming it until the
    /// transaction that records the file commits.
    pub(super) fn file_claim(&self) -> String {
        let db = self.path();
        let claim = db.canonicalize().unwrap_or_else(|_| db.to_path_buf());
        claim.display().to_string()
    }

    /// The stored PDF of an issued document (voided ones too), checked against the SHA-256
    /// recorded when it was issued: a file that changed or went missing is refused, naming
    /// it, rather than shown as the document.
    pub async fn document_pdf(&self, doc_no: &str) -> Result<Vec<u8>, Error> {
        self.require(Permission::ViewCases)?;
        let (doc, path) = self.document(doc_no).await?;
        let problem = match read_stored(&path, &doc.sha256).await? {
            Stored::Intact(bytes) => return Ok(bytes),
            Stored::Changed => "文件内容与出具时的校验值不符",
            Stored::Missing => "文件已缺失",
        };
        Err(Error::DocumentsAltered {
            count: 1,
            names: format!("{}（{problem}：{}）", doc.doc_no, path.display()),
        })
    }

    /// Re-hashes every stored document's file and names each that changed, went missing or
    /// cannot be read. Voided documents are checked too: they stay in the archive.
    pub async fn verify_documents(&self) -> Result<VerifyReport, Error> {
        self.require(Permission::ViewCases)?;
        self.check_documents().await
    }

    /// [`Desk::verify_documents`] without asking who: the start-up check runs before anyone
    /// signs in (it names documents and files, no personal data).
    pub(super) async fn check_documents(&self) -> Result<VerifyReport, Error> {
        let folder = self.documents_folder().await?;
        let docs = store::documents::all(&self.db.pool).await?;
        let checked = docs.len();
        let root = folder.clone();
        let problems = tokio::task::spawn_blocking(move || {
            docs.into_iter()
                .filter_map(|d| {
                    let path = root.join(&d.path);
                    let (problem, actual, detail) = match std::fs::read(&path) {
                        Ok(bytes) => {
                            let actual = sha256_hex(&bytes);
                            if actual == d.sha256 {
                                return None;
                            }
                            (FileProblem::Changed, Some(actual), None)
                        }
                        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                            (FileProblem::Missing, None, None)
                        }
                        Err(e) => (FileProblem::Unreadable, None, Some(e.to_string())),
                    };
                    Some(VerifyProblem {
                        doc_no: d.doc_no,
                        case_no: d.case_no,
                        kind: d.kind,
                        path: path.display().to_string(),
                        problem,
                        expected_sha256: d.sha256,
                        actual_sha256: actual,
                        detail,
                    })
                })
                .collect::<Vec<_>>()
        })
        .await
        .map_err(|e| Error::Corrupt(format!("校验中断：{e}")))?;
        Ok(VerifyReport {
            folder: folder.display().to_string(),
            checked,
            intact: checked - problems.len(),
            problems,
        })
    }

    // -----------------------------------------------------------------------------------
    // Demo

    /// The demo office's documents: one of every kind the demo cases allow (the oldest
    /// eligible case of each), one voided and reissued, and the other eligible cases left
    /// ready for the clerk. Skipped, returning 0, on a machine without any CJK font.
    pub(crate) async fn demo_documents(&self) -> Result<u32, Error> {
        match fonts().await {
            Ok(_) => {}
            Err(Error::Document(crate::documents::DocumentError::FontNotFound { .. })) => {
                return Ok(0)
            }
            Err(e) => return Err(e),
        }
        let query = crate::store::query::CaseQuery {
            statuses: Status::ALL
                .into_iter()
                .filter(|s| *s != Status::Registered)
                .collect(),
            sort: crate::store::query::SortKey::CaseNo,
            descending: false,
            page_size: 500,
            ..Default::default()
        };
        let mut candidates = Vec::new();
        let mut page = 1;
        loop {
            let found = self
                .list_cases(&crate::store::query::CaseQuery {
                    page,
                    ..query.clone()
                })
                .await?;
            let n = found.items.len();
            candidates.extend(found.items.into_iter().map(|c| c.summary.case_no));
            if n == 0 || candidates.len() as i64 >= found.total {
                break;
            }
            page += 1;
        }
        let mut issued = 0;
        let mut first: Option<String> = None;
        for kind in DocumentKind::ALL {
            for case_no in &candidates {
                let case = self.case(case_no).await?;
                if kind.check(&case).is_err() {
                    continue;
                }
                let receipt = match self.issue_document(case_no, kind, &BTreeMap::new()).await {
                    // Issued already (a reply served its opinion).
                    Err(Error::Forbidden { .. }) => continue,
                    other => other?,
                };
                first.get_or_insert(receipt.doc_no);
                issued += 1;
                break;
            }
        }
        if let Some(doc_no) = first {
            self.reissue_document(&doc_no, "信访人姓名有误，作废后重新出具", None)
                .await?;
            issued += 1;
        }
        // As an office does: every notice a step requires is issued (Art. 23's, the extension's,
        // the opinion), so the demo's 工作台 shows the duties a real office would have left,
        // not a year of them. Those still within their period are left to do, as they would be.
        let today = self.today();
        for case_no in &candidates {
            let case = self.case(case_no).await?;
            let late: Vec<DocumentKind> = kinds::owed(&case)
                .into_iter()
                .filter(|(_, d)| d.due_on < today)
                .map(|(kind, _)| kind)
                .collect();
            for kind in late {
                self.issue_document(case_no, kind, &BTreeMap::new()).await?;
                issued += 1;
            }
        }
        Ok(issued)
    }
}

fn template_view(kind: DocumentKind, template: Template) -> TemplateView {
    TemplateView {
        kind,
        label: kind.label().to_string(),
        is_default: template == Template::default_for(kind),
        placeholders: templates::placeholders_for(kind)
            .into_iter()
            .filter_map(placeholder_info)
            .collect(),
        template,
    }
}

/// Whether another document of `kind` may be issued on the case: one live copy per case,
/// one supervision letter per supervision recorded.
fn still_open(case: &Case, kind: DocumentKind, issued: &[IssuedDocument]) -> Result<(), String> {
    let live: Vec<&IssuedDocument> = issued
        .iter()
        .filter(|d| d.kind == kind && !d.is_voided())
        .collect();
    // A revoked opinion's document stays valid as a record: the new opinion gets its own.
    let reopened = kind.opinion_level().and_then(|level| {
        let p = &case.progress;
        p.revoked
            .iter()
            .filter(|r| r.level <= level)
            .map(|r| r.on)
            .max()
    });
    let live: Vec<&IssuedDocument> = live
        .into_iter()
        .filter(|d| reopened.is_none_or(|on| office_date(d.issued_at) > on))
        .collect();
    if kind.one_per_case() {
        if let Some(d) = live.first() {
            return Err(format!(
                "已出具{}（{}），如需重新出具，请先作废原文书或选择重新出具",
                kind.label(),
                d.doc_no
            ));
        }
    } else if live.len() >= case.progress.supervisions.len() {
        return Err(format!(
            "每次督办出具一份督办函，已出具{}份：请先记录新的督办",
            live.len()
        ));
    }
    Ok(())
}

/// This office's document `doc_no`; another office's is named as read-only.
async fn own_document(
    conn: &mut SqliteConnection,
    office: &Office,
    doc_no: &str,
) -> Result<IssuedDocument, Error> {
    if let Some(doc) = store::documents::by_doc_no(&mut *conn, &office.code, doc_no).await? {
        return Ok(doc);
    }
    let doc_no = doc_no.trim().to_string();
    Err(
        match store::documents::owner_of(&mut *conn, &doc_no).await? {
            Some(office_code) => Error::ForeignDocument {
                doc_no,
                office_code,
            },
            None => Error::DocumentNotFound(doc_no),
        },
    )
}

async fn void_in(
    conn: &mut SqliteConnection,
    office: &Office,
    actor: &Actor,
    doc_no: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(IssuedDocument, Case), Error> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(Error::invalid("reason", "作废原因不能为空"));
    }
    let doc = own_document(conn, office, doc_no).await?;
    if let Some(at) = doc.voided_at {
        return Err(Error::invalid(
            "doc_no",
            format!(
                "文书{}已于{}作废",
                doc.doc_no,
                issue::cn_date(crate::domain::calendar::office_date(at))
            ),
        ));
    }
    store::documents::void(conn, doc.id, now, reason, &actor.display_name).await?;
    let case = store::cases::load_by_no(conn, &doc.case_no)
        .await?
        .ok_or_else(|| Error::CaseNotFound(doc.case_no.clone()))?;
    let case = record_on_case(
        conn,
        &case,
        now,
        |_| {},
        Note {
            actor,
            action: ActionKind::VoidDocument,
            summary: format!("作废{}（{}）：{}", doc.kind.label(), doc.doc_no, reason),
            details: json!({
                "document_id": doc.id,
                "kind": doc.kind,
                "doc_no": doc.doc_no,
                "reason": reason,
            }),
        },
    )
    .await?;
    events::log_changes(
        conn,
        &[Change {
            office_code: &office.code,
            entity: "document",
            entity_id: doc.id.to_string(),
            version: doc.version + 1,
            op: "update",
            at: instant_text(now),
        }],
    )
    .await?;
    let doc = IssuedDocument {
        voided_at: Some(now),
        void_reason: Some(reason.to_string()),
        voided_by: Some(actor.display_name.clone()),
        version: doc.version + 1,
        ..doc
    };
    Ok((doc, case))
}
