//! Issuing notices the way the clerk does (`Desk::issue_document`: number, PDF, file written
//! and synced, hash, row and timeline event in one transaction), 1 000 times with the fonts
//! already loaded, against what offices use today: a word-processor document converted to
//! PDF by `libreoffice --headless --convert-to pdf`, in the same run.
//!
//! `bash bench/notices-baseline.sh` installs LibreOffice Writer if missing and runs this;
//! `cargo bench --bench notices` runs it with whatever is installed (the comparison is
//! skipped without `soffice`). Under `cargo test` (no `--bench` argument) it issues a few
//! notices as a smoke test and skips LibreOffice. `NOTICES` sets the count (default 1 000),
//! `BASELINE_RUNS` the number of single-document LibreOffice conversions (default 10).

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use chrono::Datelike;
use xinfang::desk::Office;
use xinfang::documents::issue::{self, DocumentSettings};
use xinfang::documents::templates::Template;
use xinfang::documents::{DocumentKind, OfficialDocument, Paragraph};
use xinfang::domain::case::{
    Authority, AuthorityKind, Channel, Locality, NewCase, Petitioner, Purpose,
};
use xinfang::domain::workflow::Action;
use xinfang::Desk;

fn env_count(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn new_case(i: usize) -> NewCase {
    NewCase {
        channel: Channel::Letter,
        received_at: None,
        petitioners: vec![Petitioner {
            name: format!("陈志强{}", i % 10),
            id_number: None,
            phone: None,
            address: None,
            representative: false,
        }],
        visit: None,
        letter: None,
        title: "反映工地拖欠农民工工资问题".into(),
        content: "信访人反映某工地拖欠其工资八个月，请求依法处理。".into(),
        locality: Locality {
            code: "445202001".into(),
            name: "榕城区榕华街道".into(),
        },
        matter_type: "劳动社保".into(),
        purpose: Purpose::Claim,
        litigation_related: false,
        authority: None,
        repeat_of: None,
        repeat_candidates: Vec::new(),
        feedback_due: None,
        handler: None,
    }
}

fn decline() -> Action {
    Action::Decline {
        date: None,
        reason: "属于劳动人事争议仲裁受理范围".into(),
        article: "《信访工作条例》第三十一条".into(),
        statutory_channel: "申请劳动人事争议仲裁".into(),
        authority: Authority {
            name: "揭阳市劳动人事争议仲裁委员会".into(),
            kind: AuthorityKind::Administrative,
        },
    }
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The same notice as a flat OpenDocument text (.fodt): A4, the GB/T 9704 margins, 16 pt
/// body on a 28.95 pt line pitch with a two-character indent, 22 pt bold title, signature
/// and date right-aligned — what an office's Word/WPS template holds.
fn fodt(doc: &OfficialDocument, font: &str) -> String {
    let mut body = String::new();
    let p = |style: &str, text: &str| {
        format!(
            "<text:p text:style-name=\"{style}\">{}</text:p>\n",
            xml(text)
        )
    };
    body.push_str(&p("Centre", &doc.doc_no));
    body.push_str(&p("Body0", ""));
    body.push_str(&p("Title", &doc.title));
    body.push_str(&p("Body0", ""));
    body.push_str(&p("Body0", &format!("{}：", doc.addressee)));
    for para in &doc.body {
        let text = match para {
            Paragraph::Text(t) | Paragraph::Heading1(t) | Paragraph::Heading2(t) => t,
        };
        body.push_str(&p("Body", text));
    }
    if let Some(c) = &doc.closing {
        body.push_str(&p("Body", c));
    }
    body.push_str(&p("Body0", ""));
    body.push_str(&p("Body0", ""));
    body.push_str(&p("Sign", &doc.office_name));
    body.push_str(&p(
        "Sign",
        &format!(
            "{}年{}月{}日",
            doc.date.year(),
            doc.date.month(),
            doc.date.day()
        ),
    ));
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls>
 <style:font-face style:name="{font}" svg:font-family="{font}" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"/>
</office:font-face-decls>
<office:styles>
 <style:style style:name="Body0" style:family="paragraph">
  <style:paragraph-properties fo:line-height="28.95pt" fo:margin-top="0pt" fo:margin-bottom="0pt"/>
  <style:text-properties style:font-name-asian="{font}" style:font-name="{font}" fo:font-size="16pt" style:font-size-asian="16pt"/>
 </style:style>
 <style:style style:name="Body" style:family="paragraph" style:parent-style-name="Body0">
  <style:paragraph-properties fo:text-indent="32pt" fo:text-align="justify"/>
 </style:style>
 <style:style style:name="Centre" style:family="paragraph" style:parent-style-name="Body0">
  <style:paragraph-properties fo:text-align="center"/>
 </style:style>
 <style:style style:name="Title" style:family="paragraph" style:parent-style-name="Body0">
  <style:paragraph-properties fo:text-align="center"/>
  <style:text-properties fo:font-size="22pt" style:font-size-asian="22pt" fo:font-weight="bold" style:font-weight-asian="bold"/>
 </style:style>
 <style:style style:name="Sign" style:family="paragraph" style:parent-style-name="Body0">
  <style:paragraph-properties fo:text-align="end" fo:margin-right="64pt"/>
 </style:style>
</office:styles>
<office:automatic-styles>
 <style:page-layout style:name="A4">
  <style:page-layout-properties fo:page-width="210mm" fo:page-height="297mm"
   fo:margin-top="37mm" fo:margin-bottom="35mm" fo:margin-left="28mm" fo:margin-right="26mm"/>
 </style:page-layout>
</office:automatic-styles>
<office:master-styles>
 <style:master-page style:name="Standard" style:page-layout-name="A4"/>
</office:master-styles>
<office:body><office:text>
{body}</office:text></office:body>
</office:document>
"#
    )
}

fn soffice() -> Option<&'static str> {
    ["soffice", "libreoffice"].into_iter().find(|p| {
        Command::new(p)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// Converts `files` in one LibreOffice process; returns the wall time.
fn convert(program: &str, profile: &Path, out: &Path, files: &[&Path]) -> Duration {
    let started = Instant::now();
    let status = Command::new(program)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(out)
        .args(files)
        .output()
        .expect("soffice runs");
    assert!(
        status.status.success(),
        "soffice: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    started.elapsed()
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let count = if bench { env_count("NOTICES", 1000) } else { 5 };
    let dir = tempfile::TempDir::new().expect("temp dir");
    let desk = Desk::open(&dir.path().join("office.sqlite"))
        .await
        .expect("open");
    let office = Office {
        code: "445202".into(),
        name: "揭阳市榕城区信访局".into(),
        doc_prefix: "榕信访".into(),
    };
    desk.init_demo_office(office.clone()).await.expect("office");
    let cases = desk
        .register_many((0..count).map(new_case).collect())
        .await
        .expect("register");
    for c in &cases {
        desk.act(&c.case_no, decline()).await.expect("decline");
    }
    let started = Instant::now();
    desk.warm_document_fonts().await.expect("fonts");
    let font_load = started.elapsed();
    let fonts = desk.document_fonts().await.expect("fonts");
    let body_font = fonts
        .iter()
        .find(|f| f.role == xinfang::documents::FontRole::Body)
        .map(|f| f.family.clone())
        .unwrap_or_else(|| "Noto Serif CJK SC".into());

    let mut times = Vec::with_capacity(count);
    let mut sizes = Vec::with_capacity(count);
    let all = Instant::now();
    for c in &cases {
        let t = Instant::now();
        let r = desk
            .issue_document(
                &c.case_no,
                DocumentKind::NonAcceptanceNotice,
                &BTreeMap::new(),
            )
            .await
            .expect("issue");
        times.push(t.elapsed());
        sizes.push(r.size as f64 / 1024.0);
    }
    let total = all.elapsed();
    let issue_median = median(times.clone());
    sizes.sort_by(f64::total_cmp);
    let size_median = sizes[sizes.len() / 2];
    let size_max = sizes[sizes.len() - 1];
    let verify = Instant::now();
    let report = desk.verify_documents().await.expect("verify");
    assert_eq!(report.intact, count);
    let verify_time = verify.elapsed();

    println!("notices: {count} 不予受理告知书 issued through Desk::issue_document");
    println!(
        "  font load (once):         {:.0} ms ({body_font})",
        ms(font_load)
    );
    println!("  median per notice:        {:.1} ms", ms(issue_median));
    println!(
        "  p90 / max per notice:     {:.1} / {:.1} ms",
        ms({
            let mut t = times.clone();
            t.sort();
            t[t.len() * 9 / 10]
        }),
        ms(*times.iter().max().expect("times"))
    );
    println!("  total for {count}:          {:.1} s", total.as_secs_f64());
    println!("  size per file (median/max): {size_median:.1} / {size_max:.1} KB");
    println!("  verify (re-hash all):     {:.0} ms", ms(verify_time));

    if !bench {
        return;
    }
    let Some(program) = soffice() else {
        println!("baseline: soffice not found (bash bench/notices-baseline.sh installs it)");
        return;
    };
    // The same notice as an office template would produce it.
    let case = desk.case(&cases[0].case_no).await.expect("case");
    let kind = DocumentKind::NonAcceptanceNotice;
    let mut values = issue::values(
        kind,
        &case,
        &office,
        &DocumentSettings::default(),
        &desk.authorities().await.expect("directory"),
        desk.today(),
        &desk.policy().calendar,
    );
    issue::apply_fields(kind, &mut values, &BTreeMap::new()).expect("fields");
    let doc = issue::compose(
        kind,
        &Template::default_for(kind),
        &values,
        "榕信访不受〔2026〕1号",
        &office,
        desk.today(),
    )
    .expect("compose");
    let work = dir.path().join("baseline");
    let out = work.join("out");
    std::fs::create_dir_all(&out).expect("dirs");
    let profile = work.join("profile");
    let source = work.join("notice-0.fodt");
    std::fs::write(&source, fodt(&doc, &body_font)).expect("fodt");
    // First start creates the profile; not counted.
    convert(program, &profile, &out, &[&source]);
    let runs = env_count("BASELINE_RUNS", 10);
    let single: Vec<Duration> = (0..runs)
        .map(|_| convert(program, &profile, &out, &[&source]))
        .collect();
    let single_median = median(single);
    let batch_n = 50;
    let batch_files: Vec<std::path::PathBuf> = (1..=batch_n)
        .map(|i| {
            let p = work.join(format!("notice-{i}.fodt"));
            std::fs::copy(&source, &p).expect("copy");
            p
        })
        .collect();
    let refs: Vec<&Path> = batch_files.iter().map(|p| p.as_path()).collect();
    let batch = convert(program, &profile, &out, &refs);
    let per_doc_batch = batch / batch_n as u32;
    let lo_size = std::fs::metadata(out.join("notice-0.pdf"))
        .map(|m| m.len() as f64 / 1024.0)
        .unwrap_or(f64::NAN);
    let version = Command::new(program)
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    println!("baseline: {version}");
    println!(
        "  one document per soffice run (median of {runs}): {:.0} ms, {lo_size:.1} KB",
        ms(single_median)
    );
    println!(
        "  {batch_n} documents in one soffice run:           {:.0} ms per document",
        ms(per_doc_batch)
    );
    println!(
        "  ratio (LibreOffice / Desk): {:.0}× per click, {:.1}× batched; size {:.2}×",
        ms(single_median) / ms(issue_median),
        ms(per_doc_batch) / ms(issue_median),
        lo_size / size_median
    );
}
