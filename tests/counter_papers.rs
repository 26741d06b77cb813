//! 回执 and 信访事项登记表: written from the case as it stands, read back with pdftotext.

mod common;

use common::cn;
use common::pdf::tool;
use xinfang::desk::CounterPaper;
use xinfang::domain::period::DeadlineKind;

/// The PDF's text without line breaks or the spaces of justified lines.
fn text(path: &str) -> String {
    tool("pdftotext", &[path, "-"])
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

#[tokio::test]
async fn the_receipt_names_the_case_its_answer_date_and_the_phone() {
    let dir = tempfile::tempdir().unwrap();
    let desk = common::office_desk(&dir.path().join("o.sqlite")).await;
    common::sign_in(&desk, "admin").await;
    let mut settings = desk.document_settings().await.unwrap();
    settings.counter_phone = "0663-8123456".into();
    desk.set_document_settings(settings).await.unwrap();
    common::sign_in(&desk, common::USER).await;
    let case = desk
        .register(common::letter("拆迁补偿款未发放"))
        .await
        .unwrap();

    let file = desk
        .counter_paper(&case.case_no, CounterPaper::Receipt)
        .await
        .unwrap();
    assert!(file
        .path
        .ends_with(&format!("回执/回执-{}.pdf", case.case_no)));
    let got = text(&file.path);
    let due = case
        .deadlines
        .iter()
        .find(|d| d.kind == DeadlineKind::Disposal)
        .unwrap()
        .due_on;
    for want in [
        "信访事项登记回执".to_string(),
        case.case_no.clone(),
        format!("于{}以来信方式", cn(case.received_on)),
        "“拆迁补偿款未发放”".into(),
        format!("在{}前决定是否受理", cn(due)),
        "0663-8123456".into(),
        "揭阳市榕城区信访局".into(),
    ] {
        assert!(
            got.contains(&want),
            "{want} missing from the receipt: {got}"
        );
    }

    // Printed again, the file is replaced, not duplicated.
    desk.counter_paper(&case.case_no, CounterPaper::Receipt)
        .await
        .unwrap();
    let folder = std::path::Path::new(&file.path).parent().unwrap();
    assert_eq!(common::files_under(folder).len(), 1);
}

#[tokio::test]
async fn the_registration_form_holds_the_registration_with_numbers_masked() {
    let dir = tempfile::tempdir().unwrap();
    let desk = common::office_desk(&dir.path().join("o.sqlite")).await;
    let case = desk
        .register(common::letter("拆迁补偿款未发放"))
        .await
        .unwrap();
    let file = desk
        .counter_paper(&case.case_no, CounterPaper::RegistrationForm)
        .await
        .unwrap();
    let got = text(&file.path);
    for want in [
        "信访事项登记表",
        "登记编号：",
        case.case_no.as_str(),
        "信访方式：来信",
        "（一）张三",
        "主要内容：反映拆迁补偿款未按时发放问题。",
        "问题属地：榕城区",
        "当前状态：待处理",
        "承办人：—",
    ] {
        assert!(got.contains(want), "{want} missing from the form: {got}");
    }
    assert!(
        !got.contains("11010519491231002X"),
        "the full ID number is printed"
    );
    assert!(
        !got.contains("13800000000"),
        "the full phone number is printed"
    );
}

#[tokio::test]
async fn a_paper_for_an_unknown_case_or_a_bad_phone_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let desk = common::office_desk(&dir.path().join("o.sqlite")).await;
    let err = desk
        .counter_paper("445202-2026-999999", CounterPaper::Receipt)
        .await
        .unwrap_err();
    assert!(matches!(err, xinfang::Error::CaseNotFound(_)), "{err:?}");
    common::sign_in(&desk, "admin").await;
    let mut settings = desk.document_settings().await.unwrap();
    settings.counter_phone = "请拨打 0663".into();
    let err = desk.set_document_settings(settings).await.unwrap_err();
    assert!(err.to_string().contains("接待电话"), "{err}");
}
