//! The PDFs as a reader sees them: poppler's pdftotext, pdffonts and pdftoppm look at what
//! `render_pdf` produced, not at our own idea of it.

mod common;

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use chrono::NaiveDate;
use common::pdf::tool;
use xinfang::documents::layout::{self, NO_LINE_END, NO_LINE_START, PT_PER_MM};
use xinfang::documents::{render_pdf, DocumentError, FontSet, OfficialDocument, Paragraph};

static FONTS: LazyLock<FontSet> =
    LazyLock::new(|| FontSet::discover().expect("CJK fonts (scripts/setup.sh installs them)"));

fn date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
}

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
        ],
        closing: Some("特此告知。".into()),
        attachments: vec![],
        office_name: "揭阳市信访局".into(),
        date: date(),
    }
}

/// A handling opinion long enough for `pages` pages (checked against the real layout).
fn opinion(pages: usize) -> OfficialDocument {
    let mut doc = OfficialDocument {
        banner: None,
        doc_no: "揭信访复〔2026〕7号".into(),
        title: "关于李四反映榕城区仙桥街道集体土地征收补偿问题的信访事项处理意见书".into(),
        addressee: "李四".into(),
        body: Vec::new(),
        closing: Some("特此答复。".into()),
        attachments: vec!["榕城区仙桥街道征地补偿款发放明细表".into()],
        office_name: "揭阳市榕城区人民政府信访局".into(),
        date: date(),
    };
    let sections = [
        Paragraph::Heading1("一、信访人的请求".into()),
        Paragraph::Text(
            "你于2026年9月3日来访，请求按照2025年调整后的标准补足你家承包地\
             2.35亩的征地补偿款，并要求公开补偿款的计算依据。"
                .into(),
        ),
        Paragraph::Heading1("二、调查核实的情况".into()),
        Paragraph::Heading2("（一）征收及补偿经过".into()),
        Paragraph::Text(
            "经调阅榕城区自然资源局、仙桥街道办事处的征收档案并现场核查，\
             2024年12月，省人民政府批准征收仙桥街道某村集体土地86.4亩，\
             你家承包地2.35亩在征收范围内。征收公告、补偿安置方案均已依法公告，\
             你在补偿登记表上签字确认。"
                .into(),
        ),
        Paragraph::Heading2("（二）补偿标准的适用".into()),
        Paragraph::Text(
            "你家的补偿款按照征收批准时施行的区片综合地价计算，每亩人民币\
             98,500元，合计231,475元，已于2025年3月全额发放至你的银行账户\
             （尾号6021）。你所称的“2025年调整后的标准”自2025年7月1日起施行，\
             不适用于此前已批准的征收项目。"
                .into(),
        ),
    ];
    let tail = [
        Paragraph::Heading1("三、处理意见".into()),
        Paragraph::Text(
            "综上，你的请求缺乏事实和法律依据，本机关不予支持。如不服本处理意见，\
             可以自收到本意见书之日起30日内，向揭阳市人民政府信访局请求复查。"
                .into(),
        ),
    ];
    let pages_of = |d: &OfficialDocument| layout::compose(d, &*FONTS).pages.len();
    // As much text as fits in `pages` pages with the conclusion at the end.
    for next in sections.iter().cycle().take(200) {
        let mut trial = doc.clone();
        trial.body.push(next.clone());
        trial.body.extend(tail.iter().cloned());
        if pages_of(&trial) > pages {
            break;
        }
        doc.body.push(next.clone());
    }
    doc.body.extend(tail);
    assert_eq!(pages_of(&doc), pages);
    doc
}

fn render_to(dir: &Path, name: &str, doc: &OfficialDocument) -> PathBuf {
    let bytes = render_pdf(doc, &FONTS).expect("render");
    let path = dir.join(format!("{name}.pdf"));
    std::fs::write(&path, bytes).unwrap();
    path
}

fn text_of(pdf: &Path, page: Option<usize>, extra: &[&str]) -> String {
    let p = pdf.to_str().unwrap();
    let n = page.map(|n| n.to_string());
    let mut args: Vec<&str> = extra.to_vec();
    if let Some(n) = &n {
        args.extend(["-f", n, "-l", n]);
    }
    args.extend([p, "-"]);
    tool("pdftotext", &args)
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn page_count(pdf: &Path) -> usize {
    tool("pdfinfo", &[pdf.to_str().unwrap()])
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("page count")
}

/// A grey-scale raster of one page.
struct Raster {
    width: usize,
    height: usize,
    dpi: f32,
    pixels: Vec<u8>,
}

impl Raster {
    fn render(pdf: &Path, page: usize, dpi: u32) -> Raster {
        let out = pdf.with_extension(format!("p{page}"));
        let n = page.to_string();
        let r = dpi.to_string();
        tool(
            "pdftoppm",
            &[
                "-gray",
                "-r",
                &r,
                "-f",
                &n,
                "-l",
                &n,
                "-singlefile",
                pdf.to_str().unwrap(),
                out.to_str().unwrap(),
            ],
        );
        let bytes = std::fs::read(out.with_extension(format!("p{page}.pgm"))).unwrap();
        let (width, height, pixels) = parse_pgm(&bytes);
        Raster {
            width,
            height,
            dpi: dpi as f32,
            pixels,
        }
    }

    fn mm(&self, px: usize) -> f32 {
        px as f32 * 25.4 / self.dpi
    }

    /// Bounding box (left, top, right, bottom, in mm) of the ink in rows `rows_mm`.
    fn ink_box(&self, rows_mm: std::ops::Range<f32>) -> Option<(f32, f32, f32, f32)> {
        let mut bbox: Option<(usize, usize, usize, usize)> = None;
        for y in 0..self.height {
            let y_mm = self.mm(y);
            if !rows_mm.contains(&y_mm) {
                continue;
            }
            for x in 0..self.width {
                if self.pixels[y * self.width + x] < 160 {
                    bbox = Some(match bbox {
                        None => (x, y, x, y),
                        Some((l, t, r, b)) => (l.min(x), t.min(y), r.max(x), b.max(y)),
                    });
                }
            }
        }
        bbox.map(|(l, t, r, b)| (self.mm(l), self.mm(t), self.mm(r + 1), self.mm(b + 1)))
    }
}

fn parse_pgm(bytes: &[u8]) -> (usize, usize, Vec<u8>) {
    // P5 header: magic, width, height, maxval, separated by whitespace (comments allowed).
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if bytes[i] == b'#' {
            while bytes[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        let start = i;
        while !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(std::str::from_utf8(&bytes[start..i]).unwrap().to_string());
    }
    assert_eq!(fields[0], "P5");
    assert_eq!(fields[3], "255");
    let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    let data = bytes[i + 1..i + 1 + w * h].to_vec();
    (w, h, data)
}

/// All ink above the page-number band lies inside the 156 × 225 mm block at 28/37 mm
/// (±1 mm); the page number sits alone in its band.
fn assert_ink_in_block(pdf: &Path, page: usize) {
    let raster = Raster::render(pdf, page, 150);
    let block_bottom = 37.0 + 225.0;
    let (l, t, r, b) = raster
        .ink_box(0.0..block_bottom + 4.0)
        .expect("page has ink");
    assert!(
        l >= 28.0 - 1.0,
        "page {page}: ink starts {l:.1} mm from the left"
    );
    assert!(
        t >= 37.0 - 1.0,
        "page {page}: ink starts {t:.1} mm from the top"
    );
    assert!(
        r <= 28.0 + 156.0 + 1.0,
        "page {page}: ink ends {r:.1} mm from the left"
    );
    assert!(
        b <= block_bottom + 1.0,
        "page {page}: ink ends {b:.1} mm from the top"
    );
    let (pl, pt, pr, pb) = raster
        .ink_box(block_bottom + 4.0..297.0)
        .expect("page number");
    // "一字线上距版心下边缘7mm": the dashes are the page number's middle.
    let middle = (pt + pb) / 2.0;
    assert!(
        (middle - (block_bottom + 7.0)).abs() < 1.0,
        "page number at {middle:.1} mm"
    );
    assert!(pb < 297.0 - 20.0 && pl > 28.0 && pr < 28.0 + 156.0);
}

#[test]
fn text_can_be_found_and_copied() {
    let dir = tempfile::tempdir().unwrap();
    let doc = notice();
    let pdf = render_to(dir.path(), "notice", &doc);
    let text = squeeze(&text_of(&pdf, None, &[]));
    for needle in [
        "揭信访〔2026〕12号",
        "信访事项受理告知书",
        "张三：",
        "本机关已于2026年11月24日收悉。",
        "依据《信访工作条例》第二十四条、第二十五条的规定，决定予以受理",
        "特此告知。",
        "揭阳市信访局",
        "2026年11月28日",
        "—1—",
    ] {
        assert!(text.contains(needle), "{needle} not in {text}");
    }
}

#[test]
fn every_font_is_embedded_as_a_subset() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc = opinion(2);
    doc.banner = Some("揭阳市榕城区人民政府信访局".into());
    // A character outside GB2312 exercises the coverage font as well.
    doc.addressee = "王喆、李堃".into();
    let pdf = render_to(dir.path(), "fonts", &doc);
    let listing = tool("pdffonts", &[pdf.to_str().unwrap()]);
    let rows: Vec<&str> = listing.lines().skip(2).collect();
    assert!(rows.len() >= 3, "{listing}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let n = cols.len();
        // name … type … encoding emb sub uni object-id generation
        assert_eq!((cols[n - 5], cols[n - 4]), ("yes", "yes"), "{row}");
        assert!(cols[0].len() > 7 && cols[0].as_bytes()[6] == b'+', "{row}");
    }
    let size = std::fs::metadata(&pdf).unwrap().len();
    assert!(
        size < 200_000,
        "two subset pages should be small, got {size} bytes"
    );
}

#[test]
fn ink_stays_inside_the_text_block() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = render_to(dir.path(), "notice", &notice());
    assert_ink_in_block(&pdf, 1);

    let mut letter = opinion(2);
    letter.banner = Some("揭阳市榕城区人民政府信访局".into());
    let pdf = render_to(dir.path(), "letter", &letter);
    assert_ink_in_block(&pdf, 1);
    assert_ink_in_block(&pdf, 2);
}

#[test]
fn a_full_page_holds_exactly_22_lines_on_the_grid() {
    let dir = tempfile::tempdir().unwrap();
    // Plain paragraphs only: a heading never ends a page, so it can leave a line empty.
    let mut doc = notice();
    doc.body = vec![
        Paragraph::Text(
            "经调阅征收档案并现场核查，省人民政府批准征收仙桥街道某村集体土地，\
             信访人家庭承包地在征收范围内，征收公告和补偿安置方案均已依法公告，\
             并经本人签字确认，补偿款已经全额发放至本人银行账户。"
                .into()
        );
        12
    ];
    let pdf = render_to(dir.path(), "plain", &doc);
    assert!(page_count(&pdf) >= 3);
    let bbox = text_of(&pdf, Some(2), &["-bbox"]);
    let block_bottom = (37.0 + 225.0) * PT_PER_MM;
    let mut rows: Vec<f32> = bbox
        .lines()
        .filter(|l| l.contains("<word"))
        .filter_map(|l| {
            let y = l.split("yMin=\"").nth(1)?.split('"').next()?;
            y.parse::<f32>().ok()
        })
        .filter(|y| *y < block_bottom)
        .collect();
    rows.sort_by(f32::total_cmp);
    // Heading fonts have other ascents, so a row's box moves by a few points with its
    // font; rows themselves are 29 pt apart.
    rows.dedup_by(|a, b| (*a - *b).abs() < 8.0);
    assert_eq!(rows.len(), 22, "rows at {rows:?}");
    let pitch = 225.0 / 22.0 * PT_PER_MM;
    for (k, y) in rows.iter().enumerate() {
        let expected = rows[0] + k as f32 * pitch;
        assert!(
            (y - expected).abs() < 4.0,
            "row {k} at {y}, grid says {expected}: {rows:?}"
        );
    }
    // And the grid columns: a full body line is 28 characters.
    let lines = text_of(&pdf, Some(2), &["-layout"]);
    let widest = lines
        .lines()
        .map(|l| squeeze(l).chars().filter(|c| !c.is_ascii()).count())
        .max()
        .unwrap();
    assert_eq!(widest, 28, "{lines}");
}

#[test]
fn no_line_starts_or_ends_with_a_forbidden_mark() {
    let dir = tempfile::tempdir().unwrap();
    let han = |n: usize| -> String {
        "信访事项办理情况答复意见".chars().cycle().take(n).collect()
    };
    let mut doc = notice();
    doc.body = vec![
        // 26 characters fill the indented first line; the mark would open line 2.
        Paragraph::Text(format!("{}，{}", han(26), han(30))),
        Paragraph::Text(format!("{}。{}", han(26 + 28), han(10))),
        Paragraph::Text(format!("{}”{}", han(26), han(10))),
        Paragraph::Text(format!("{}、{}", han(26), han(10))),
        Paragraph::Text(format!("{}；{}", han(26), han(10))),
        Paragraph::Text(format!("{}）{}", han(26), han(10))),
        Paragraph::Text(format!("{}……{}", han(25), han(10))),
        // The opening mark would be the last character of line 1.
        Paragraph::Text(format!("{}《信访工作条例》{}", han(25), han(10))),
        Paragraph::Text(format!("{}（{}）{}", han(25), han(3), han(10))),
        Paragraph::Text(format!("{}“{}”{}", han(25), han(3), han(10))),
    ];
    let pdf = render_to(dir.path(), "kinsoku", &doc);
    let text = text_of(&pdf, None, &["-layout"]);
    let mut checked = 0;
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let first = line.chars().next().unwrap();
        let last = line.chars().last().unwrap();
        assert!(
            !NO_LINE_START.contains(&first),
            "line starts with {first}: {line}"
        );
        assert!(
            !NO_LINE_END.contains(&last),
            "line ends with {last}: {line}"
        );
        checked += 1;
    }
    assert!(checked > 20, "{text}");
    // The pulled-down characters really are at the start of the next lines.
    let squeezed = squeeze(&text);
    assert!(squeezed.contains(&format!("{}，", han(26))), "{squeezed}");
}

#[test]
fn a_three_page_opinion_numbers_its_pages_odd_right_even_left() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = render_to(dir.path(), "opinion", &opinion(3));
    assert_eq!(page_count(&pdf), 3);
    let right = (28.0 + 156.0) * PT_PER_MM;
    let left = 28.0 * PT_PER_MM;
    let em = 14.0;
    for page in 1..=3 {
        // pdftotext runs CJK-looking words together, so look for the squeezed form.
        let text = squeeze(&text_of(&pdf, Some(page), &[]));
        assert!(text.ends_with(&format!("—{page}—")), "page {page}: {text}");
        // Horizontal extent of the words below the text block = the page number.
        let bbox = text_of(&pdf, Some(page), &["-bbox"]);
        let (mut x0, mut x1) = (f32::MAX, f32::MIN);
        for l in bbox.lines().filter(|l| l.contains("<word")) {
            let attr = |name: &str| -> f32 {
                l.split(&format!("{name}=\""))
                    .nth(1)
                    .and_then(|s| s.split('"').next())
                    .and_then(|s| s.parse().ok())
                    .unwrap()
            };
            if attr("yMin") > (37.0 + 225.0) * PT_PER_MM {
                x0 = x0.min(attr("xMin"));
                x1 = x1.max(attr("xMax"));
            }
        }
        if page % 2 == 1 {
            assert!(
                (x1 - (right - em)).abs() < 2.0,
                "page {page}: number ends at {x1}"
            );
        } else {
            assert!(
                (x0 - (left + em)).abs() < 2.0,
                "page {page}: number starts at {x0}"
            );
        }
    }
    // The title and number appear once, on page 1.
    let p1 = squeeze(&text_of(&pdf, Some(1), &[]));
    assert!(p1.contains("揭信访复〔2026〕7号"));
    for page in 2..=3 {
        let p = squeeze(&text_of(&pdf, Some(page), &[]));
        assert!(!p.contains("揭信访复〔2026〕7号") && !p.contains("处理意见书"));
    }
    let last = squeeze(&text_of(&pdf, Some(3), &[]));
    assert!(last.contains("揭阳市榕城区人民政府信访局") && last.contains("2026年11月28日"));
    assert!(last.contains("30日内，向揭阳市人民政府信访局请求复查"));
}

#[test]
fn latin_letters_and_digits_do_not_overflow_the_right_margin() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc = notice();
    doc.body = vec![
        Paragraph::Text(
            "依据GB/T 9704-2012《党政机关公文格式》和ISO 9001:2015质量管理体系要求，\
             信访件编号445200-2026-000123、445200-2026-000124与445200-2026-000125\
             合并办理，涉及金额1,234,567.89元，联系电话0663-8888888，网址\
             https://www.jieyang.gov.cn/xfj/index.html，邮箱xfj@jieyang.gov.cn。"
                .into(),
        ),
        Paragraph::Text(
            "WWWWWWWWWW MMMMMMMMMM WWWWWWWWWW MMMMMMMMMM WWWWWWWWWW MMMMMMMMMM \
             iiiiiiiiii llllllllll 0000000000 1111111111 8888888888 %%%%%%%%%%"
                .into(),
        ),
        Paragraph::Text(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZ".into(),
        ),
    ];
    let pdf = render_to(dir.path(), "latin", &doc);
    for page in 1..=page_count(&pdf) {
        assert_ink_in_block(&pdf, page);
    }
    let text = squeeze(&text_of(&pdf, None, &[]));
    for needle in [
        "GB/T9704-2012",
        "445200-2026-000124",
        "1,234,567.89元",
        "xfj@jieyang.gov.cn",
    ] {
        assert!(text.contains(needle), "{needle} not in {text}");
    }
}

#[test]
fn the_banner_and_rule_are_red() {
    let dir = tempfile::tempdir().unwrap();
    let mut letter = notice();
    letter.banner = Some("揭阳市信访局".into());
    letter.title = "关于转送张三信访事项的函".into();
    letter.addressee = "榕城区人民政府信访局".into();
    let pdf = render_to(dir.path(), "letter", &letter);
    let out = dir.path().join("color");
    tool(
        "pdftoppm",
        &[
            "-r",
            "50",
            "-singlefile",
            pdf.to_str().unwrap(),
            out.to_str().unwrap(),
        ],
    );
    let bytes = std::fs::read(out.with_extension("ppm")).unwrap();
    // P6 header "P6\nW H\n255\n" as written by pdftoppm.
    let header: Vec<&[u8]> = bytes.splitn(4, |b| *b == b'\n').collect();
    let dims = std::str::from_utf8(header[1]).unwrap();
    let (w, _h) = dims.split_once(' ').unwrap();
    let w: usize = w.parse().unwrap();
    let data = header[3];
    let px_mm = 25.4 / 50.0;
    let red_rows: Vec<f32> = data
        .chunks(3 * w)
        .enumerate()
        .filter(|(_, row)| row.chunks(3).any(|p| p[0] > 200 && p[1] < 90 && p[2] < 90))
        .map(|(y, _)| y as f32 * px_mm)
        .collect();
    let first = red_rows.first().copied().expect("red ink");
    assert!(
        (first - 72.0).abs() < 3.0,
        "banner top at {first} mm, expected 37 + 35"
    );
    // The rule is one block-wide run of red pixels.
    let widest_red = data
        .chunks(3 * w)
        .map(|row| {
            row.chunks(3)
                .filter(|p| p[0] > 200 && p[1] < 90 && p[2] < 90)
                .count()
        })
        .max()
        .unwrap();
    assert!(
        (widest_red as f32 * px_mm - 156.0).abs() < 2.0,
        "{widest_red}"
    );
    let text = squeeze(&text_of(&pdf, None, &[]));
    assert!(
        text.starts_with("揭阳市信访局揭信访〔2026〕12号关于转送"),
        "{text}"
    );
}

#[test]
fn bad_input_is_a_chinese_error_not_a_panic() {
    let mut doc = notice();
    doc.title = "  ".into();
    let err = render_pdf(&doc, &FONTS).unwrap_err();
    assert!(matches!(err, DocumentError::MissingField(_)));
    assert!(err.to_string().contains("标题"), "{err}");

    let mut doc = notice();
    doc.body
        .push(Paragraph::Text("私用区字符\u{10FFFD}无法打印".into()));
    let err = render_pdf(&doc, &FONTS).unwrap_err();
    assert!(matches!(
        err,
        DocumentError::MissingGlyph {
            ch: '\u{10FFFD}',
            ..
        }
    ));
    assert!(err.to_string().starts_with("字体中没有"), "{err}");

    // Odd but printable input still renders.
    let mut doc = notice();
    doc.body = vec![
        Paragraph::Text("\t\r\n\u{3000}".into()),
        Paragraph::Heading1(String::new()),
        Paragraph::Text(
            "，，，，，，，，，，，，，，，，，，，，，，，，，，，，，，，，，，".into(),
        ),
    ];
    doc.addressee.clear();
    doc.doc_no.clear();
    doc.title = "很长的标题".repeat(20);
    render_pdf(&doc, &FONTS).expect("renders");
}

#[test]
fn font_discovery_reports_what_it_found_and_fails_in_chinese() {
    let roles = FONTS.roles();
    assert_eq!(roles.len(), 5);
    for info in &roles {
        assert!(info.path.is_file(), "{info:?}");
    }
    let empty = tempfile::tempdir().unwrap();
    let err = FontSet::discover_in(&[empty.path().to_path_buf()]).unwrap_err();
    assert!(err.to_string().starts_with("找不到可用的中文字体"), "{err}");
}

/// Writes the sample pages in docs/img (run with `--ignored` after changing the layout,
/// then look at them).
#[test]
#[ignore]
fn sample_pngs() {
    let dir = tempfile::tempdir().unwrap();
    let img = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/img");
    std::fs::create_dir_all(&img).unwrap();
    let mut letter = opinion(2);
    letter.banner = Some("揭阳市榕城区人民政府信访局".into());
    letter.title = "关于转送李四信访事项的函".into();
    letter.addressee = "揭阳市榕城区自然资源局".into();
    let samples = [
        ("notice", notice(), vec![1]),
        ("letter", letter, vec![1]),
        ("opinion", opinion(3), vec![1, 2, 3]),
    ];
    for (name, doc, pages) in samples {
        let pdf = render_to(dir.path(), name, &doc);
        for page in pages {
            let n = page.to_string();
            let out = img.join(format!("documents-{name}-{page}"));
            tool(
                "pdftoppm",
                &[
                    "-png",
                    "-r",
                    "60",
                    "-f",
                    &n,
                    "-l",
                    &n,
                    "-singlefile",
                    pdf.to_str().unwrap(),
                    out.to_str().unwrap(),
                ],
            );
        }
    }
}
