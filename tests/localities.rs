//! 问题属地 on a real office database: the demo county's list until the office saves its own,
//! a saved list that survives reopening, a bad list refused whole, and only settings managers
//! may change it.

mod common;

use tempfile::TempDir;
use xinfang::domain::account::{NewAccount, Role};
use xinfang::domain::localities::{Localities, Place};
use xinfang::Error;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_office_edits_its_list_and_a_bad_one_changes_nothing() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("office.sqlite");
    let desk = common::office_desk(&path).await;
    assert_eq!(desk.localities().await.unwrap(), Localities::shipped());

    common::sign_in(&desk, "admin").await;
    let mut own = Localities::shipped();
    own.places.push(Place {
        code: "445202001099".into(),
        name: "新建社区".into(),
    });
    desk.set_localities(own.clone()).await.unwrap();
    assert_eq!(
        own.locality("445202001099").unwrap().name,
        "榕城区榕华街道新建社区"
    );

    let mut bad = own.clone();
    bad.places.push(Place {
        code: "445299001".into(),
        name: "别县街道".into(),
    });
    match desk.set_localities(bad).await {
        Err(Error::Invalid { field, reason }) => {
            assert_eq!(field, format!("places[{}].code", own.places.len()));
            assert!(reason.contains("445202"), "{reason}");
        }
        other => panic!("expected the list refused, got {other:?}"),
    }
    drop(desk);

    let desk = common::open_desk(&path).await;
    common::sign_in(&desk, "admin").await;
    assert_eq!(desk.localities().await.unwrap(), own);

    let file = dir.path().join("localities.json");
    desk.export_localities_file(&file).await.unwrap();
    assert_eq!(
        Localities::parse(&std::fs::read_to_string(&file).unwrap()).unwrap(),
        own
    );

    desk.create_account(NewAccount {
        name: "limin".into(),
        display_name: "李敏".into(),
        role: Role::Registrar,
        password: common::PASSWORD.into(),
        may_unmask: false,
    })
    .await
    .unwrap();
    common::sign_in(&desk, "limin").await;
    assert!(matches!(
        desk.set_localities(Localities::shipped()).await,
        Err(Error::NotPermitted { .. })
    ));
    assert!(matches!(
        desk.import_localities_file(&file).await,
        Err(Error::NotPermitted { .. })
    ));
    assert_eq!(desk.localities().await.unwrap(), own);
}
