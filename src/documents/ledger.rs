//! Ledgers (登记簿, 台账, a printed case list): a titled table on landscape A4, the column
//! headings repeated on every page, each cell wrapped within its column, pages numbered
//! 第N页 共M页. Not a 公文: no document number, no seal.

use chrono::NaiveDate;

use super::layout::{
    break_paragraph, mm, Ink, Layout, LineSpec, Metrics, Page, PlacedGlyph, Rule, RunKind, TextRun,
};
use super::{DocumentError, FontRole};
use crate::domain::calendar::cn_date;

/// One column: its heading and its share of the table's width (shares need not add up to 1).
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub heading: String,
    pub share: f32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Ledger {
    pub title: String,
    /// What the table holds, under the title (e.g. the date range and the count).
    pub scope: String,
    pub office_name: String,
    /// 制表日期.
    pub date: NaiveDate,
    pub columns: Vec<Column>,
    /// One cell per column in each row.
    pub rows: Vec<Vec<String>>,
    /// What the table says when it has no rows.
    pub empty: String,
}

const PAGE_W: f32 = mm(297.0);
const PAGE_H: f32 = mm(210.0);
const MARGIN_X: f32 = mm(12.0);
const TOP: f32 = mm(15.0);
const BOTTOM: f32 = mm(15.0);
const TITLE_SIZE: f32 = 18.0;
const META_SIZE: f32 = 12.0;
const CELL_SIZE: f32 = 10.5;
const LEADING: f32 = 1.35;
const PAD_X: f32 = 3.0;
const PAD_Y: f32 = 3.0;
const LINE: f32 = 0.6;
/// A cell longer than this many lines ends in an ellipsis: a row never outgrows a page.
const MAX_CELL_LINES: usize = 8;

struct Composer<'m> {
    metrics: &'m dyn Metrics,
    pages: Vec<Page>,
    /// Column left edges and the table's right edge.
    edges: Vec<f32>,
    y: f32,
    /// Where this page's table begins (its top rule).
    table_top: f32,
}

impl Composer<'_> {
    fn lines(&self, role: FontRole, text: &str, size: f32, width: f32) -> Vec<Vec<PlacedGlyph>> {
        let spec = LineSpec {
            width,
            first_indent: 0.0,
            rest_indent: 0.0,
            size,
            cell: None,
            justify: false,
        };
        let advance = |ch: char| self.metrics.advance(role, ch);
        let mut lines: Vec<Vec<PlacedGlyph>> = text
            .split('\n')
            .flat_map(|part| break_paragraph(part.trim(), &spec, &advance))
            .map(|l| l.glyphs)
            .filter(|g| !g.is_empty())
            .collect();
        if lines.len() > MAX_CELL_LINES {
            lines.truncate(MAX_CELL_LINES);
            let last = lines.last_mut().expect("eight lines");
            let ellipsis = self.metrics.advance(role, '…') * size;
            while last.len() > 1
                && last
                    .last()
                    .is_some_and(|g| g.x + g.advance + ellipsis > width)
            {
                last.pop();
            }
            let x = used(last);
            last.push(PlacedGlyph {
                ch: '…',
                x,
                advance: ellipsis,
            });
        }
        lines
    }

    fn page(&mut self) -> &mut Page {
        self.pages.last_mut().expect("a page")
    }

    /// A line on the current page, its glyphs moved right by `x`.
    fn put(
        &mut self,
        kind: RunKind,
        role: FontRole,
        size: f32,
        baseline: f32,
        x: f32,
        glyphs: Vec<PlacedGlyph>,
    ) {
        let run = run(kind, role, size, baseline, x, glyphs);
        self.page().runs.push(run);
    }

    fn hrule(&mut self, y: f32) {
        let (left, right) = (self.edges[0], *self.edges.last().expect("edges"));
        self.page().rules.push(Rule {
            x: left,
            y: y - LINE / 2.0,
            width: right - left,
            height: LINE,
            ink: Ink::Black,
        });
    }

    /// Every column's vertical rule on this page, from the table's top to `bottom`.
    fn close_table(&mut self, bottom: f32) {
        let edges = self.edges.clone();
        self.vrules(&edges, bottom);
    }

    /// The vertical rules of this page's table at `xs`, from its top to `bottom`.
    fn vrules(&mut self, xs: &[f32], bottom: f32) {
        let top = self.table_top;
        for &x in xs {
            self.page().rules.push(Rule {
                x: x - LINE / 2.0,
                y: top,
                width: LINE,
                height: bottom - top,
                ink: Ink::Black,
            });
        }
    }

    /// Sets one row of cells at `self.y` and rules it off below; with `dry`, only measures it.
    /// Returns its height.
    fn row(&mut self, cells: &[String], head: bool, dry: bool) -> f32 {
        let (role, kind) = if head {
            (FontRole::Heading1, RunKind::TableHead)
        } else {
            (FontRole::Body, RunKind::TableCell)
        };
        let pitch = CELL_SIZE * LEADING;
        let laid: Vec<Vec<Vec<PlacedGlyph>>> = cells
            .iter()
            .enumerate()
            .map(|(i, text)| {
                let width = self.edges[i + 1] - self.edges[i] - 2.0 * PAD_X;
                self.lines(role, text, CELL_SIZE, width)
            })
            .collect();
        let count = laid.iter().map(Vec::len).max().unwrap_or(0).max(1);
        let height = count as f32 * pitch + 2.0 * PAD_Y;
        if dry {
            return height;
        }
        let top = self.y;
        for (i, lines) in laid.into_iter().enumerate() {
            let width = self.edges[i + 1] - self.edges[i] - 2.0 * PAD_X;
            for (n, glyphs) in lines.into_iter().enumerate() {
                let used = used(&glyphs);
                // Headings centred; cells from the left, as a clerk reads a register.
                let shift = if head {
                    ((width - used) / 2.0).max(0.0)
                } else {
                    0.0
                };
                let baseline = top + PAD_Y + n as f32 * pitch + CELL_SIZE * 1.05;
                let x = self.edges[i] + PAD_X + shift;
                self.put(kind, role, CELL_SIZE, baseline, x, glyphs);
            }
        }
        self.y += height;
        self.hrule(self.y);
        height
    }
}

/// The width a broken line's glyphs take from its origin.
fn used(glyphs: &[PlacedGlyph]) -> f32 {
    glyphs.last().map_or(0.0, |g| g.x + g.advance)
}

fn run(
    kind: RunKind,
    role: FontRole,
    size: f32,
    baseline: f32,
    x: f32,
    glyphs: Vec<PlacedGlyph>,
) -> TextRun {
    TextRun {
        kind,
        role,
        size,
        ink: Ink::Black,
        baseline,
        h_scale: 1.0,
        glyphs: glyphs
            .into_iter()
            .map(|g| PlacedGlyph { x: g.x + x, ..g })
            .collect(),
    }
}

/// Lays out `ledger` on as many landscape pages as its rows need.
pub fn compose(ledger: &Ledger, metrics: &dyn Metrics) -> Result<Layout, DocumentError> {
    if ledger.title.trim().is_empty() {
        return Err(DocumentError::MissingField("标题"));
    }
    if ledger.columns.is_empty() || ledger.rows.iter().any(|r| r.len() != ledger.columns.len()) {
        return Err(DocumentError::MissingField("表格列"));
    }
    let total: f32 = ledger.columns.iter().map(|c| c.share.max(0.0)).sum();
    let width = PAGE_W - 2.0 * MARGIN_X;
    let mut edges = vec![MARGIN_X];
    for c in &ledger.columns {
        let last = *edges.last().expect("edges");
        edges.push(last + width * c.share.max(0.0) / total.max(f32::EPSILON));
    }
    let mut c = Composer {
        metrics,
        pages: Vec::new(),
        edges,
        y: 0.0,
        table_top: 0.0,
    };
    let headings: Vec<String> = ledger.columns.iter().map(|c| c.heading.clone()).collect();
    let foot = PAGE_H - BOTTOM - CELL_SIZE * 2.0;
    let start_page = |c: &mut Composer, first: bool| {
        c.pages.push(Page {
            number: c.pages.len() + 1,
            ..Page::default()
        });
        c.y = TOP;
        if first {
            let width = PAGE_W - 2.0 * MARGIN_X;
            for glyphs in c.lines(FontRole::Title, ledger.title.trim(), TITLE_SIZE, width) {
                let used = used(&glyphs);
                c.y += TITLE_SIZE * 1.3;
                let baseline = c.y;
                c.put(
                    RunKind::Title,
                    FontRole::Title,
                    TITLE_SIZE,
                    baseline,
                    MARGIN_X + (width - used) / 2.0,
                    glyphs,
                );
            }
            c.y += META_SIZE * 1.6;
            let left = format!(
                "制表单位：{}　　{}",
                ledger.office_name.trim(),
                ledger.scope.trim()
            );
            let right = format!("制表日期：{}", cn_date(ledger.date));
            let baseline = c.y;
            if let Some(glyphs) = c
                .lines(FontRole::Body, &right, META_SIZE, width)
                .into_iter()
                .next()
            {
                let used = used(&glyphs);
                c.put(
                    RunKind::Date,
                    FontRole::Body,
                    META_SIZE,
                    baseline,
                    MARGIN_X + width - used,
                    glyphs,
                );
            }
            if let Some(glyphs) = c
                .lines(FontRole::Body, &left, META_SIZE, width * 0.75)
                .into_iter()
                .next()
            {
                c.put(
                    RunKind::Body,
                    FontRole::Body,
                    META_SIZE,
                    baseline,
                    MARGIN_X,
                    glyphs,
                );
            }
            c.y += META_SIZE * 0.8;
        }
        c.table_top = c.y;
        c.hrule(c.y);
        c.row(&headings, true, false);
    };
    start_page(&mut c, true);
    for cells in &ledger.rows {
        if c.y + c.row(cells, false, true) > foot {
            let bottom = c.y;
            c.close_table(bottom);
            start_page(&mut c, false);
        }
        c.row(cells, false, false);
    }
    if ledger.rows.is_empty() {
        // One line across the table, not a column's worth.
        let width = *c.edges.last().expect("edges") - MARGIN_X - 2.0 * PAD_X;
        let glyphs = c
            .lines(FontRole::Body, &ledger.empty, CELL_SIZE, width)
            .into_iter()
            .next()
            .unwrap_or_default();
        let baseline = c.y + PAD_Y + CELL_SIZE * 1.05;
        c.put(
            RunKind::TableCell,
            FontRole::Body,
            CELL_SIZE,
            baseline,
            MARGIN_X + PAD_X,
            glyphs,
        );
        c.y += CELL_SIZE * LEADING + 2.0 * PAD_Y;
        let bottom = c.y;
        c.hrule(bottom);
        c.vrules(&[MARGIN_X, *c.edges.last().expect("edges")], bottom);
    } else {
        let bottom = c.y;
        c.close_table(bottom);
    }
    let pages = c.pages.len();
    for i in 0..pages {
        let text = format!("第{}页　共{}页", i + 1, pages);
        let width = PAGE_W - 2.0 * MARGIN_X;
        if let Some(glyphs) = c
            .lines(FontRole::PageNumber, &text, CELL_SIZE, width)
            .into_iter()
            .next()
        {
            let x = MARGIN_X + (width - used(&glyphs)) / 2.0;
            let run = run(
                RunKind::PageNumber,
                FontRole::PageNumber,
                CELL_SIZE,
                PAGE_H - BOTTOM,
                x,
                glyphs,
            );
            c.pages[i].runs.push(run);
        }
    }
    Ok(Layout {
        pages: c.pages,
        landscape: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character one em wide: widths are easy to reason about.
    struct Square;
    impl Metrics for Square {
        fn advance(&self, _: FontRole, _: char) -> f32 {
            1.0
        }
    }

    fn ledger(rows: Vec<Vec<String>>) -> Ledger {
        Ledger {
            title: "测试台账".into(),
            scope: String::new(),
            office_name: "测试县信访局".into(),
            date: NaiveDate::from_ymd_opt(2026, 12, 2).unwrap(),
            columns: vec![
                Column {
                    heading: "编号".into(),
                    share: 1.0,
                },
                Column {
                    heading: "内容".into(),
                    share: 1.0,
                },
            ],
            rows,
            empty: "无".into(),
        }
    }

    #[test]
    fn a_long_cell_stops_at_eight_lines_with_an_ellipsis_inside_its_column() {
        let long = "信".repeat(2000);
        let layout = compose(&ledger(vec![vec!["1".into(), long]]), &Square).unwrap();
        assert_eq!(layout.pages.len(), 1);
        let cells: Vec<&TextRun> = layout.pages[0]
            .runs
            .iter()
            .filter(|r| r.kind == RunKind::TableCell && r.text().starts_with('信'))
            .collect();
        assert_eq!(cells.len(), MAX_CELL_LINES);
        let last = cells.last().unwrap();
        assert!(last.text().ends_with('…'), "{}", last.text());
        let right_edge = PAGE_W - MARGIN_X;
        for run in cells {
            let (_, right) = run.extent().unwrap();
            assert!(right <= right_edge - PAD_X + 0.01, "{right} > {right_edge}");
        }
    }

    #[test]
    fn rows_flow_to_new_pages_under_repeated_headings() {
        let rows = (0..120)
            .map(|i| vec![i.to_string(), "事项".into()])
            .collect();
        let layout = compose(&ledger(rows), &Square).unwrap();
        assert!(layout.landscape);
        assert!(layout.pages.len() >= 3, "{}", layout.pages.len());
        for page in &layout.pages {
            let heads = page
                .runs
                .iter()
                .filter(|r| r.kind == RunKind::TableHead)
                .count();
            assert_eq!(heads, 2, "page {}", page.number);
            let foot = page
                .runs
                .iter()
                .filter(|r| r.kind == RunKind::TableCell)
                .map(|r| r.baseline)
                .fold(0.0, f32::max);
            assert!(
                foot < PAGE_H - BOTTOM,
                "page {}: a row below the foot",
                page.number
            );
        }
        let listed: usize = layout
            .pages
            .iter()
            .map(|p| p.runs.iter().filter(|r| r.text() == "事项").count())
            .sum();
        assert_eq!(listed, 120);
    }

    #[test]
    fn a_row_with_the_wrong_number_of_cells_is_refused() {
        let bad = ledger(vec![vec!["1".into()]]);
        assert!(matches!(
            compose(&bad, &Square),
            Err(DocumentError::MissingField(_))
        ));
    }
}
