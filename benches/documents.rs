//! Rendering a one-page notice with the fonts already parsed: the cost a clerk pays per
//! "print" click once the app is running. Targets (docs/documents-layout.md): < 20 ms,
//! < 80 KB.

use std::hint::black_box;
use std::time::Instant;

use criterion::{criterion_group, criterion_main, Criterion};
use xinfang::documents::{render_pdf, FontSet, OfficialDocument, Paragraph};

fn notice() -> OfficialDocument {
    OfficialDocument {
        banner: None,
        doc_no: "揭信访〔2026〕12号".into(),
        title: "信访事项受理告知书".into(),
        addressee: "张三".into(),
        body: vec![
            Paragraph::Text(
                "你于2026年11月20日通过来信反映的榕城区仙桥街道征地补偿款未足额发放问题，\
                 本机关已于2026年11月24日收悉。"
                    .into(),
            ),
            Paragraph::Text(
                "经审查，该事项属于本机关法定职权范围，依据《信访工作条例》第二十四条、\
                 第二十五条的规定，决定予以受理，并将在受理之日起60日内办结；\
                 情况复杂的，经批准可适当延长办理期限，但延长期限不超过30日，\
                 并告知延期理由。"
                    .into(),
            ),
            Paragraph::Text(
                "办理期间，你可以通过“揭阳信访”网上平台或者拨打0663-8222222查询办理进度；\
                 对办理结果不服的，可以依照《信访工作条例》第三十五条的规定请求复查。"
                    .into(),
            ),
        ],
        closing: Some("特此告知。".into()),
        attachments: vec![],
        office_name: "揭阳市信访局".into(),
        date: chrono::NaiveDate::from_ymd_opt(2026, 11, 28).expect("valid date"),
    }
}

fn documents(c: &mut Criterion) {
    let started = Instant::now();
    let fonts = FontSet::discover().expect("CJK fonts (scripts/setup.sh installs them)");
    eprintln!("FontSet::discover: {:?}", started.elapsed());
    for info in fonts.roles() {
        eprintln!(
            "  {:?}: {} ({})",
            info.role,
            info.family,
            info.path.display()
        );
    }
    let doc = notice();
    let pdf = render_pdf(&doc, &fonts).expect("render");
    eprintln!("one-page notice: {} bytes", pdf.len());

    c.bench_function("render_pdf one-page notice", |b| {
        b.iter(|| render_pdf(black_box(&doc), &fonts).expect("render"))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(40);
    targets = documents
}
criterion_main!(benches);
