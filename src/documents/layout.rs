//! GB/T 9704-2012 page layout as pure arithmetic: no IO, no fonts. Glyph advances come in
//! through [`Metrics`], positions go out in points from the page's top-left corner.
//!
//! Body text sits on the standard grid: 22 lines × 28 characters in a 156 × 225 mm block,
//! so a CJK character takes one grid cell (156/28 mm) and a line one grid line (225/22 mm);
//! Latin letters and digits take their real advance. Line breaking follows the Chinese
//! rules (禁则) by never breaking where a rule forbids it: the character before a closing
//! mark travels to the next line with it, and the short line is justified.

use chrono::Datelike;

use super::{FontRole, OfficialDocument, Paragraph};

pub const PT_PER_MM: f32 = 72.0 / 25.4;

pub const fn mm(v: f32) -> f32 {
    v * PT_PER_MM
}

/// Page and text block, in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Geometry {
    pub page_width: f32,
    pub page_height: f32,
    pub left: f32,
    pub top: f32,
    pub block_width: f32,
    pub block_height: f32,
    pub lines: usize,
    pub chars: usize,
}

impl Geometry {
    /// A4, top 37 mm, binding edge 28 mm, 156 × 225 mm block, 22 × 28 grid.
    pub const GB9704: Geometry = Geometry {
        page_width: mm(210.0),
        page_height: mm(297.0),
        left: mm(28.0),
        top: mm(37.0),
        block_width: mm(156.0),
        block_height: mm(225.0),
        lines: 22,
        chars: 28,
    };

    pub fn line_pitch(&self) -> f32 {
        self.block_height / self.lines as f32
    }

    pub fn cell(&self) -> f32 {
        self.block_width / self.chars as f32
    }

    pub fn right(&self) -> f32 {
        self.left + self.block_width
    }

    pub fn bottom(&self) -> f32 {
        self.top + self.block_height
    }
}

/// 3号 body text.
pub const BODY_SIZE: f32 = 16.0;
/// 2号 title.
pub const TITLE_SIZE: f32 = 22.0;
/// 4号 page numbers.
pub const PAGE_NUMBER_SIZE: f32 = 14.0;
/// The banner's em is capped so a short office name does not turn into a poster.
pub const BANNER_MAX_EM: f32 = mm(18.0);
/// GB/T 9704 7.2.1: the banner's top edge is 35 mm below the text block's.
pub const BANNER_TOP: f32 = mm(35.0);
/// GB/T 9704 7.2.4: the red rule is 4 mm below the document number.
pub const RULE_GAP: f32 = mm(4.0);
pub const RULE_THICKNESS: f32 = 1.5;
/// GB/T 9704 7.5: the page number's dashes are 7 mm below the text block.
pub const PAGE_NUMBER_GAP: f32 = mm(7.0);

/// The ideographic em box runs from −0.12 em to 0.88 em around the baseline in the CJK
/// fonts we use; centring that box in a grid line puts the ink in the middle of the line.
const EM_DESCENT: f32 = 0.12;
/// Height of an em dash above the baseline, in em: the dash is centred on the em box.
const DASH_HEIGHT: f32 = 0.38;
const EPS: f32 = 0.01;
/// Most a justified gap may grow, as a fraction of a grid cell.
const MAX_STRETCH: f32 = 0.5;

/// Glyph advances in em, as the PDF will use them.
pub trait Metrics {
    fn advance(&self, role: FontRole, ch: char) -> f32;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ink {
    Black,
    Red,
}

/// What a run of text is, so tests and later features (e.g. highlighting a field) can
/// find it without parsing positions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunKind {
    Banner,
    DocNo,
    Title,
    Addressee,
    Body,
    Heading1,
    Heading2,
    Closing,
    Attachment,
    OfficeName,
    Date,
    PageNumber,
    /// A ledger's column heading and cell.
    TableHead,
    TableCell,
}

impl RunKind {
    /// Lines of the text proper, which a signature page must carry some of.
    pub fn is_text(self) -> bool {
        matches!(
            self,
            RunKind::Body | RunKind::Heading1 | RunKind::Heading2 | RunKind::Closing
        )
    }

    /// Lines of the flowing part (after the title), which count against the 22-line grid
    /// and may move to the next page.
    pub fn is_flow(self) -> bool {
        matches!(
            self,
            RunKind::Addressee
                | RunKind::Body
                | RunKind::Heading1
                | RunKind::Heading2
                | RunKind::Closing
                | RunKind::Attachment
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlacedGlyph {
    pub ch: char,
    /// Left edge of the glyph's advance box, points from the page's left edge.
    pub x: f32,
    /// Natural advance at the run's size, points.
    pub advance: f32,
}

/// One line of text in one style.
#[derive(Debug, Clone, PartialEq)]
pub struct TextRun {
    pub kind: RunKind,
    pub role: FontRole,
    pub size: f32,
    pub ink: Ink,
    /// Baseline, points from the page's top edge.
    pub baseline: f32,
    /// Horizontal scale; below 1 only for a banner too long for the block.
    pub h_scale: f32,
    pub glyphs: Vec<PlacedGlyph>,
}

impl TextRun {
    pub fn text(&self) -> String {
        self.glyphs.iter().map(|g| g.ch).collect()
    }

    /// Left and right edge of the run's advance boxes.
    pub fn extent(&self) -> Option<(f32, f32)> {
        let first = self.glyphs.first()?;
        let last = self.glyphs.last()?;
        Some((first.x, last.x + last.advance * self.h_scale))
    }
}

/// A filled rectangle (the red rule under the document number).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    pub x: f32,
    /// Top edge, points from the page's top edge.
    pub y: f32,
    pub width: f32,
    pub height: f32,
    pub ink: Ink,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    pub number: usize,
    pub runs: Vec<TextRun>,
    pub rules: Vec<Rule>,
}

impl Page {
    /// Grid lines used by flowing text (body, headings, closing, attachments, addressee).
    pub fn flow_lines(&self) -> usize {
        self.runs.iter().filter(|r| r.kind.is_flow()).count()
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Layout {
    pub pages: Vec<Page>,
    /// A4 turned sideways (a ledger's wide table); documents are portrait.
    pub landscape: bool,
}

impl Layout {
    /// The page's width and height in millimetres.
    pub fn page_mm(&self) -> (f32, f32) {
        if self.landscape {
            (297.0, 210.0)
        } else {
            (210.0, 297.0)
        }
    }
}

// ---------------------------------------------------------------------------------------
// Line breaking

/// Characters that may not start a line (GB/T 15834 and common 禁则 practice).
pub const NO_LINE_START: &[char] = &[
    '，', '。', '、', '；', '：', '？', '！', '）', '》', '」', '』', '”', '’', '…', '‥', '％',
    '%', '〕', '】', '〉', '〗', '〙', '｝', '］', '·', '・', ',', '.', ';', ':', '?', '!', ')',
    ']', '}', '‰', '℃', '々',
];

/// Characters that may not end a line.
pub const NO_LINE_END: &[char] = &[
    '（', '《', '「', '『', '“', '‘', '【', '〔', '〈', '〖', '〘', '｛', '［', '(', '[', '{',
];

/// Marks that are two characters wide in Chinese and must not be split (——, ……).
const NO_SPLIT_PAIRS: &[char] = &['—', '…', '⸺'];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// One grid cell: ideographs, kana, full-width forms and Chinese punctuation.
    Wide,
    /// Real advance: Latin letters, digits, half-width punctuation.
    Narrow,
    Space,
}

#[derive(Debug, Clone, Copy)]
struct Item {
    ch: char,
    class: Class,
    /// Width on the line: a grid cell for wide characters, else the natural advance.
    width: f32,
    advance: f32,
}

/// East Asian Wide/Fullwidth blocks.
fn is_east_asian_wide(ch: char) -> bool {
    matches!(u32::from(ch),
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE10..=0xFE19
        | 0xFE30..=0xFE6F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD)
}

/// Punctuation that Chinese fonts draw full-width but Unicode calls "ambiguous": curly
/// quotes, dashes, ellipsis, middle dot, circled numbers. They take a cell only when the
/// font actually draws them wide.
fn is_ambiguous_cjk(ch: char) -> bool {
    matches!(u32::from(ch),
        0x00B7 | 0x2014 | 0x2015 | 0x2016 | 0x2018 | 0x2019 | 0x201C | 0x201D | 0x2025
        | 0x2026 | 0x2030 | 0x203B | 0x2103 | 0x2160..=0x216B | 0x2460..=0x24FF | 0x25A0..=0x25FF
        | 0x2605 | 0x2606 | 0x2E3A)
}

fn classify(ch: char, advance_em: f32) -> Class {
    if ch == ' ' || ch == '\u{00A0}' {
        Class::Space
    } else if is_east_asian_wide(ch) || (is_ambiguous_cjk(ch) && advance_em >= 0.9) {
        Class::Wide
    } else {
        Class::Narrow
    }
}

/// How the lines of one paragraph are set.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LineSpec {
    /// Available width from the line origin, points.
    pub width: f32,
    pub first_indent: f32,
    pub rest_indent: f32,
    pub size: f32,
    /// Grid cell for wide characters; `None` sets everything at its natural advance.
    pub cell: Option<f32>,
    /// Spread the slack of every line but the last so both edges are flush.
    pub justify: bool,
}

/// One broken line: glyphs positioned relative to the line origin.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BrokenLine {
    /// (character, x of its advance box, natural advance), points.
    pub glyphs: Vec<PlacedGlyph>,
    /// Right edge of the last cell or advance used.
    pub end: f32,
}

impl BrokenLine {
    pub fn text(&self) -> String {
        self.glyphs.iter().map(|g| g.ch).collect()
    }
}

fn to_items(text: &str, spec: &LineSpec, advance: &dyn Fn(char) -> f32) -> Vec<Item> {
    text.chars()
        .filter_map(|ch| {
            let ch = if ch == '\t' { ' ' } else { ch };
            // Control characters have no glyph and no width; line structure comes from the
            // paragraph list, not from embedded breaks.
            if ch.is_control() || ch == '\u{200B}' || ch == '\u{FEFF}' {
                return None;
            }
            let em = advance(ch);
            let class = classify(ch, em);
            let natural = em * spec.size;
            let width = match (class, spec.cell) {
                (Class::Wide, Some(cell)) => cell,
                _ => natural,
            };
            Some(Item {
                ch,
                class,
                width,
                advance: natural,
            })
        })
        .collect()
}

/// May a line end between `prev` and `next`?
fn break_allowed(prev: &Item, next: &Item) -> bool {
    if prev.class == Class::Space {
        return next.class != Class::Space;
    }
    if next.class == Class::Space {
        // Break after the spaces, never before them, so no line starts blank.
        return false;
    }
    if NO_LINE_START.contains(&next.ch) || NO_LINE_END.contains(&prev.ch) {
        return false;
    }
    if prev.class == Class::Narrow && next.class == Class::Narrow {
        // A Latin word, a number like 3.5 or 2026-11-28 stays whole.
        return false;
    }
    !(prev.ch == next.ch && NO_SPLIT_PAIRS.contains(&next.ch))
}

/// Unbreakable units: ranges of `items` between allowed breaks.
fn units(items: &[Item]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..items.len() {
        if break_allowed(&items[i - 1], &items[i]) {
            out.push(start..i);
            start = i;
        }
    }
    if start < items.len() {
        out.push(start..items.len());
    }
    out
}

/// Width of `items`, not counting trailing spaces (they may hang past the edge).
fn inked_width(items: &[Item]) -> f32 {
    let end = items
        .iter()
        .rposition(|it| it.class != Class::Space)
        .map_or(0, |i| i + 1);
    items[..end].iter().map(|it| it.width).sum()
}

/// Greedy breaking over unbreakable units. Returns item ranges, one per line.
fn break_items(items: &[Item], spec: &LineSpec, limit: f32) -> Vec<std::ops::Range<usize>> {
    let avail = |line: usize| {
        let indent = if line == 0 {
            spec.first_indent
        } else {
            spec.rest_indent
        };
        (limit - indent).max(0.0)
    };
    // A unit wider than half a line (a URL; an 18-digit ID number is narrower) is broken
    // where it falls instead of being moved down whole, which would leave a line short by
    // up to half its width.
    let breakable = (limit - spec.rest_indent).max(0.0) / 2.0;
    let mut lines: Vec<std::ops::Range<usize>> = Vec::new();
    let mut start = 0;
    let mut end = 0;
    let mut used = 0.0f32;
    for unit in units(items) {
        let fit = inked_width(&items[unit.clone()]);
        let full: f32 = items[unit.clone()].iter().map(|it| it.width).sum();
        if used + fit <= avail(lines.len()) + EPS {
            end = unit.end;
            used += full;
            continue;
        }
        if fit <= breakable + EPS {
            if end > start {
                lines.push(start..end);
                start = end;
                used = 0.0;
            }
            if fit <= avail(lines.len()) + EPS {
                end = unit.end;
                used = full;
                continue;
            }
        }
        // Break it by characters, starting right where it is.
        for i in unit {
            let w = items[i].width;
            if used + w > avail(lines.len()) + EPS && end > start {
                lines.push(start..end);
                start = end;
                used = 0.0;
            }
            end = i + 1;
            used += w;
        }
    }
    if end > start {
        lines.push(start..end);
    }
    lines
}

/// Positions the items of one line. `justify` spreads the slack over the gaps next to
/// wide characters and over spaces; Latin words keep their letter spacing.
fn place_line(
    items: &[Item],
    indent: f32,
    avail: f32,
    cell: Option<f32>,
    justify: bool,
) -> BrokenLine {
    let end = items
        .iter()
        .rposition(|it| it.class != Class::Space)
        .map_or(0, |i| i + 1);
    let items = &items[..end];
    let content: f32 = items.iter().map(|it| it.width).sum();
    let stretchable = |i: usize| {
        let (a, b) = (&items[i], &items[i + 1]);
        a.class == Class::Space || a.class == Class::Wide || b.class == Class::Wide
    };
    let gaps = (0..items.len().saturating_sub(1))
        .filter(|i| stretchable(*i))
        .count();
    let extra = if justify && gaps > 0 && avail > content {
        (avail - content) / gaps as f32
    } else {
        0.0
    };
    // Past half a cell per gap a justified line reads as spaced-out words (a line left
    // short by a long Latin word); ragged is the lesser evil there.
    let extra = if extra > MAX_STRETCH * cell.unwrap_or(avail) {
        0.0
    } else {
        extra
    };
    let mut x = indent;
    let mut glyphs = Vec::with_capacity(items.len());
    for (i, it) in items.iter().enumerate() {
        // A wide glyph is centred in its cell, so the 0.2 pt a 16 pt ideograph is wider
        // than the 15.79 pt cell is shared by both sides.
        let offset = match (it.class, cell) {
            (Class::Wide, Some(c)) => (c - it.advance) / 2.0,
            _ => 0.0,
        };
        glyphs.push(PlacedGlyph {
            ch: it.ch,
            x: x + offset,
            advance: it.advance,
        });
        x += it.width;
        if i + 1 < items.len() && stretchable(i) {
            x += extra;
        }
    }
    BrokenLine { glyphs, end: x }
}

/// Breaks a paragraph into lines per `spec`, with 禁则 and justification.
pub fn break_paragraph(
    text: &str,
    spec: &LineSpec,
    advance: &dyn Fn(char) -> f32,
) -> Vec<BrokenLine> {
    let items = to_items(text, spec, advance);
    let ranges = break_items(&items, spec, spec.width);
    let count = ranges.len();
    ranges
        .into_iter()
        .enumerate()
        .map(|(n, r)| {
            let indent = if n == 0 {
                spec.first_indent
            } else {
                spec.rest_indent
            };
            let last = n + 1 == count;
            place_line(
                &items[r],
                indent,
                spec.width - indent,
                spec.cell,
                spec.justify && !last,
            )
        })
        .collect()
}

/// Breaks into the fewest lines the width allows, then evens them out (a long title is
/// set as a block of similar lines, not a full line and a stub), each line centred.
pub fn break_centred(
    text: &str,
    spec: &LineSpec,
    advance: &dyn Fn(char) -> f32,
) -> Vec<BrokenLine> {
    let items = to_items(text, spec, advance);
    let mut ranges = break_items(&items, spec, spec.width);
    let n = ranges.len();
    if n > 1 {
        let total = inked_width(&items);
        let (mut lo, mut hi) = ((total / n as f32).min(spec.width), spec.width);
        // Greedy line count only falls as the limit grows, so bisect for the narrowest
        // limit that still needs no more lines.
        for _ in 0..24 {
            let mid = (lo + hi) / 2.0;
            if break_items(&items, spec, mid).len() <= n {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        ranges = break_items(&items, spec, hi);
    }
    ranges
        .into_iter()
        .map(|r| {
            let mut line = place_line(&items[r], 0.0, spec.width, spec.cell, false);
            let shift = ((spec.width - line.end) / 2.0).max(0.0);
            for g in &mut line.glyphs {
                g.x += shift;
            }
            line.end += shift;
            line
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Pagination

/// Where a line sits: a grid line of a page, or an absolute baseline (banner, page number).
#[derive(Debug, Clone, Copy)]
enum Pos {
    Slot(usize),
    Baseline(f32),
}

#[derive(Debug, Clone)]
struct Entry {
    page: usize,
    pos: Pos,
    run: TextRun,
}

struct Composer<'a> {
    g: Geometry,
    metrics: &'a dyn Metrics,
    entries: Vec<Entry>,
    rules: Vec<(usize, Rule)>,
    page: usize,
    slot: usize,
}

impl Composer<'_> {
    fn baseline(&self, slot: usize, size: f32) -> f32 {
        let pitch = self.g.line_pitch();
        self.g.top + slot as f32 * pitch + (pitch + size) / 2.0 - EM_DESCENT * size
    }

    fn body_spec(&self, first_indent_cells: f32) -> LineSpec {
        let cell = self.g.cell();
        LineSpec {
            width: self.g.block_width,
            first_indent: first_indent_cells * cell,
            rest_indent: 0.0,
            size: BODY_SIZE,
            cell: Some(cell),
            justify: true,
        }
    }

    fn lines(&self, role: FontRole, text: &str, spec: &LineSpec) -> Vec<BrokenLine> {
        let advance = |ch: char| self.metrics.advance(role, ch);
        break_paragraph(text, spec, &advance)
    }

    fn run(&self, kind: RunKind, role: FontRole, size: f32, line: BrokenLine) -> TextRun {
        TextRun {
            kind,
            role,
            size,
            ink: Ink::Black,
            baseline: 0.0,
            h_scale: 1.0,
            glyphs: line
                .glyphs
                .into_iter()
                .map(|g| PlacedGlyph {
                    x: g.x + self.g.left,
                    ..g
                })
                .collect(),
        }
    }

    fn new_page(&mut self) {
        self.page += 1;
        self.slot = 0;
    }

    /// Puts a run on the next free grid line, starting a page when this one is full.
    fn put(&mut self, run: TextRun) {
        if self.slot >= self.g.lines {
            self.new_page();
        }
        self.entries.push(Entry {
            page: self.page,
            pos: Pos::Slot(self.slot),
            run,
        });
        self.slot += 1;
    }

    /// Blank grid lines; none at the top of a continuation page, where they would only
    /// push text down.
    fn blank(&mut self, n: usize) {
        if self.slot == 0 && self.page > 0 {
            return;
        }
        self.slot += n;
        if self.slot >= self.g.lines {
            self.new_page();
        }
    }

    fn paragraph(&mut self, kind: RunKind, role: FontRole, text: &str, keep_with_next: bool) {
        let lines = self.lines(role, text, &self.body_spec(2.0));
        if lines.is_empty() {
            self.blank(1);
            return;
        }
        // A heading must not be the last thing on a page.
        if keep_with_next && self.slot > 0 && self.slot + lines.len() >= self.g.lines {
            self.new_page();
        }
        for line in lines {
            let run = self.run(kind, role, BODY_SIZE, line);
            self.put(run);
        }
    }

    fn header(&mut self, doc: &OfficialDocument) {
        let pitch = self.g.line_pitch();
        let mut title_slot = 0;
        let doc_no = clean(&doc.doc_no);
        if let Some(banner) = doc.banner.as_deref().map(clean).filter(|b| !b.is_empty()) {
            let below_banner = self.banner(&banner);
            // "发文机关标志下空二行": a full blank grid line plus whatever is left of the one
            // the banner ends in.
            let doc_no_slot = ((below_banner + pitch) / pitch).ceil() as usize;
            let mut rule_top = below_banner + RULE_GAP;
            if !doc_no.is_empty() {
                self.slot = doc_no_slot;
                self.centred_line(RunKind::DocNo, FontRole::Body, BODY_SIZE, &doc_no);
                // (An absurdly long number wraps; the rule goes under its last line.)
                let last_slot = self.slot.saturating_sub(1);
                let em_bottom = last_slot as f32 * pitch + (pitch + BODY_SIZE) / 2.0;
                rule_top = em_bottom + RULE_GAP;
            }
            self.rules.push((
                0,
                Rule {
                    x: self.g.left,
                    y: self.g.top + rule_top,
                    width: self.g.block_width,
                    height: RULE_THICKNESS,
                    ink: Ink::Red,
                },
            ));
            // "红色分隔线下空二行位置": again one full blank line plus the remainder.
            title_slot = (rule_top / pitch).ceil() as usize + 1;
        } else if !doc_no.is_empty() {
            self.slot = 0;
            self.centred_line(RunKind::DocNo, FontRole::Body, BODY_SIZE, &doc_no);
            title_slot = self.slot + 1;
        }
        self.slot = title_slot;
        for part in doc.title.split('\n').map(clean).filter(|p| !p.is_empty()) {
            let spec = LineSpec {
                width: self.g.block_width,
                first_indent: 0.0,
                rest_indent: 0.0,
                size: TITLE_SIZE,
                cell: None,
                justify: false,
            };
            let advance = |ch: char| self.metrics.advance(FontRole::Title, ch);
            for line in break_centred(&part, &spec, &advance) {
                let run = self.run(RunKind::Title, FontRole::Title, TITLE_SIZE, line);
                self.put(run);
            }
        }
        // "标题下空一行位置"
        self.blank(1);
    }

    /// Sets the red banner and returns its bottom edge relative to the text block's top.
    fn banner(&mut self, text: &str) -> f32 {
        let natural: f32 = text
            .chars()
            .map(|ch| self.metrics.advance(FontRole::Title, ch))
            .sum::<f32>()
            .max(1.0);
        // Leave a little air at both ends; very long names are condensed, not shrunk, so
        // the banner keeps its weight.
        let room = self.g.block_width * 0.96;
        let size = BANNER_MAX_EM.min(room / natural).max(mm(10.0));
        let h_scale = (room / (natural * size)).min(1.0);
        let width = natural * size * h_scale;
        let mut x = self.g.left + (self.g.block_width - width) / 2.0;
        let glyphs = text
            .chars()
            .map(|ch| {
                let advance = self.metrics.advance(FontRole::Title, ch) * size;
                let g = PlacedGlyph { ch, x, advance };
                x += advance * h_scale;
                g
            })
            .collect();
        let top = self.g.top + BANNER_TOP;
        self.entries.push(Entry {
            page: 0,
            pos: Pos::Baseline(top + (1.0 - EM_DESCENT) * size),
            run: TextRun {
                kind: RunKind::Banner,
                role: FontRole::Title,
                size,
                ink: Ink::Red,
                baseline: 0.0,
                h_scale,
                glyphs,
            },
        });
        BANNER_TOP + size
    }

    fn centred_line(&mut self, kind: RunKind, role: FontRole, size: f32, text: &str) {
        let spec = LineSpec {
            cell: Some(self.g.cell()),
            ..self.body_spec(0.0)
        };
        let advance = |ch: char| self.metrics.advance(role, ch);
        for line in break_centred(text, &spec, &advance) {
            let run = self.run(kind, role, size, line);
            self.put(run);
        }
    }

    fn attachments(&mut self, names: &[String]) {
        let names: Vec<String> = names
            .iter()
            .map(|n| {
                clean(n)
                    .trim_end_matches(['。', '.', '，', ',', '；', ';', '：', ':'])
                    .to_string()
            })
            .filter(|n| !n.is_empty())
            .collect();
        if names.is_empty() {
            return;
        }
        // "正文下空一行左空二字编排'附件'二字，后标全角冒号和附件名称"; a wrapped name
        // lines up with its own first character.
        self.blank(1);
        let cell = self.g.cell();
        let label = 3.0 * cell;
        let metrics = self.metrics;
        let number_width = |s: &str| -> f32 {
            s.chars()
                .map(|ch| metrics.advance(FontRole::Body, ch) * BODY_SIZE)
                .sum()
        };
        for (i, name) in names.iter().enumerate() {
            let number = if names.len() > 1 {
                format!("{}.", i + 1)
            } else {
                String::new()
            };
            let (text, first_indent) = if i == 0 {
                (format!("附件：{number}{name}"), 2.0 * cell)
            } else {
                (format!("{number}{name}"), 2.0 * cell + label)
            };
            let spec = LineSpec {
                first_indent,
                rest_indent: 2.0 * cell + label + number_width(&number),
                ..self.body_spec(0.0)
            };
            for line in self.lines(FontRole::Body, &text, &spec) {
                let run = self.run(RunKind::Attachment, FontRole::Body, BODY_SIZE, line);
                self.put(run);
            }
        }
    }

    /// Office name centred over the date, the date four characters in from the right,
    /// two blank lines under the text so the seal's top stays within a line of it.
    fn signature(&mut self, office: &str, date: chrono::NaiveDate) {
        const GAP: usize = 2;
        let cell = self.g.cell();
        let date_text = format!("{}年{}月{}日", date.year(), date.month(), date.day());
        let spec = LineSpec {
            justify: false,
            ..self.body_spec(0.0)
        };
        let date_line = self
            .lines(FontRole::Body, &date_text, &spec)
            .into_iter()
            .next()
            .unwrap_or_default();
        let date_right = self.g.block_width - 4.0 * cell;
        let date_shift = date_right - date_line.end;
        let centre = date_shift + date_line.end / 2.0;
        let name_lines = {
            let advance = |ch: char| self.metrics.advance(FontRole::Body, ch);
            break_centred(&clean(office), &spec, &advance)
        };

        let needed = GAP + name_lines.len() + 1;
        let text_on_page = self
            .entries
            .iter()
            .any(|e| e.page == self.page && e.run.kind.is_text());
        if self.slot == 0 || self.slot + needed > self.g.lines || !text_on_page {
            self.carry_lines_over(2);
        }
        self.blank(GAP);

        for mut line in name_lines {
            let width = line.glyphs.last().map_or(0.0, |g| g.x + g.advance)
                - line.glyphs.first().map_or(0.0, |g| g.x);
            let start = line.glyphs.first().map_or(0.0, |g| g.x);
            let target = (centre - width / 2.0).clamp(0.0, (self.g.block_width - width).max(0.0));
            for g in &mut line.glyphs {
                g.x += target - start;
            }
            let run = self.run(RunKind::OfficeName, FontRole::Body, BODY_SIZE, line);
            self.put(run);
        }
        let mut date_line = date_line;
        for g in &mut date_line.glyphs {
            g.x += date_shift;
        }
        let run = self.run(RunKind::Date, FontRole::Body, BODY_SIZE, date_line);
        self.put(run);
    }

    /// GB/T 9704 forbids a signature page without text ("此页无正文"): when the signature
    /// does not fit under the text, the last `n` text lines (and the attachment note after
    /// them) go to the next page with it.
    fn carry_lines_over(&mut self, n: usize) {
        let Some(last_page) = self
            .entries
            .iter()
            .filter(|e| e.run.kind.is_text())
            .map(|e| e.page)
            .max()
        else {
            // Nothing but a header: the signature simply follows on this page if it can.
            if self.slot + 4 > self.g.lines {
                self.new_page();
            }
            return;
        };
        let text_lines: Vec<usize> = self
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.page == last_page && e.run.kind.is_text())
            .map(|(i, _)| i)
            .collect();
        let Some(&first) = text_lines.get(text_lines.len().saturating_sub(n)) else {
            self.new_page();
            return;
        };
        self.page = last_page + 1;
        self.slot = 0;
        let mut previous = None;
        for i in first..self.entries.len() {
            let kind = self.entries[i].run.kind;
            if !kind.is_flow() {
                continue;
            }
            // The attachment note keeps its blank line above it.
            if kind == RunKind::Attachment && previous.is_some_and(|p| p != RunKind::Attachment) {
                self.slot += 1;
            }
            self.entries[i].page = self.page;
            self.entries[i].pos = Pos::Slot(self.slot);
            self.slot += 1;
            previous = Some(kind);
        }
    }

    fn page_numbers(&mut self) {
        let pages = self.entries.iter().map(|e| e.page).max().unwrap_or(0) + 1;
        let size = PAGE_NUMBER_SIZE;
        let baseline = self.g.bottom() + PAGE_NUMBER_GAP + DASH_HEIGHT * size;
        for page in 0..pages {
            let number = page + 1;
            let text = format!("— {number} —");
            let glyphs: Vec<(char, f32)> = text
                .chars()
                .map(|ch| (ch, self.metrics.advance(FontRole::PageNumber, ch) * size))
                .collect();
            let width: f32 = glyphs.iter().map(|(_, w)| w).sum();
            // "单页码居右空一字，双页码居左空一字"
            let mut x = if number % 2 == 1 {
                self.g.right() - size - width
            } else {
                self.g.left + size
            };
            let glyphs = glyphs
                .into_iter()
                .map(|(ch, advance)| {
                    let g = PlacedGlyph { ch, x, advance };
                    x += advance;
                    g
                })
                .collect();
            self.entries.push(Entry {
                page,
                pos: Pos::Baseline(baseline),
                run: TextRun {
                    kind: RunKind::PageNumber,
                    role: FontRole::PageNumber,
                    size,
                    ink: Ink::Black,
                    baseline: 0.0,
                    h_scale: 1.0,
                    glyphs,
                },
            });
        }
    }

    fn finish(mut self) -> Layout {
        self.page_numbers();
        let pages = self.entries.iter().map(|e| e.page).max().unwrap_or(0) + 1;
        let mut layout = Layout {
            pages: (0..pages)
                .map(|i| Page {
                    number: i + 1,
                    ..Page::default()
                })
                .collect(),
            landscape: false,
        };
        let entries = std::mem::take(&mut self.entries);
        for mut e in entries {
            e.run.baseline = match e.pos {
                Pos::Slot(slot) => self.baseline(slot, e.run.size),
                Pos::Baseline(b) => b,
            };
            layout.pages[e.page].runs.push(e.run);
        }
        for (page, rule) in self.rules {
            layout.pages[page].rules.push(rule);
        }
        for page in &mut layout.pages {
            page.runs.sort_by(|a, b| a.baseline.total_cmp(&b.baseline));
        }
        layout
    }
}

/// Trims and drops the indentation clerks type by hand (full-width spaces): the layout
/// indents by itself.
fn clean(text: &str) -> String {
    text.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}')
        .replace('\r', "")
}

/// Lays out a whole document. Infallible by design: every input gets a layout, and
/// characters no font can print are reported by the renderer.
pub fn compose(doc: &OfficialDocument, metrics: &dyn Metrics) -> Layout {
    let mut c = Composer {
        g: Geometry::GB9704,
        metrics,
        entries: Vec::new(),
        rules: Vec::new(),
        page: 0,
        slot: 0,
    };
    c.header(doc);

    let addressee = clean(&doc.addressee);
    if !addressee.is_empty() {
        let text = if addressee.ends_with('：') || addressee.ends_with(':') {
            format!("{}：", addressee.trim_end_matches([':', '：']))
        } else {
            format!("{addressee}：")
        };
        // "主送机关…居左顶格，回行时仍顶格"
        let spec = c.body_spec(0.0);
        for line in c.lines(FontRole::Body, &text, &spec) {
            let run = c.run(RunKind::Addressee, FontRole::Body, BODY_SIZE, line);
            c.put(run);
        }
    }

    let paragraphs: Vec<(RunKind, FontRole, String)> = doc
        .body
        .iter()
        .flat_map(|p| {
            let (kind, role, text) = match p {
                Paragraph::Text(t) => (RunKind::Body, FontRole::Body, t),
                Paragraph::Heading1(t) => (RunKind::Heading1, FontRole::Heading1, t),
                Paragraph::Heading2(t) => (RunKind::Heading2, FontRole::Heading2, t),
            };
            // A pasted paragraph with line breaks is several paragraphs.
            text.split('\n')
                .map(move |part| (kind, role, clean(part)))
                .collect::<Vec<_>>()
        })
        .chain(
            doc.closing
                .iter()
                .map(|t| (RunKind::Closing, FontRole::Body, clean(t))),
        )
        .collect();
    let count = paragraphs.len();
    for (i, (kind, role, text)) in paragraphs.iter().enumerate() {
        let heading = matches!(kind, RunKind::Heading1 | RunKind::Heading2);
        c.paragraph(*kind, *role, text, heading && i + 1 < count);
    }

    c.attachments(&doc.attachments);
    c.signature(&doc.office_name, doc.date);
    c.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every wide character one em, everything else half an em, like 仿宋_GB2312.
    struct Fixed;

    impl Metrics for Fixed {
        fn advance(&self, _: FontRole, ch: char) -> f32 {
            if is_east_asian_wide(ch) || is_ambiguous_cjk(ch) {
                1.0
            } else {
                0.5
            }
        }
    }

    fn body_lines(text: &str) -> Vec<String> {
        let g = Geometry::GB9704;
        let spec = LineSpec {
            width: g.block_width,
            first_indent: 2.0 * g.cell(),
            rest_indent: 0.0,
            size: BODY_SIZE,
            cell: Some(g.cell()),
            justify: true,
        };
        break_paragraph(text, &spec, &|ch| Fixed.advance(FontRole::Body, ch))
            .iter()
            .map(BrokenLine::text)
            .collect()
    }

    fn han(n: usize) -> String {
        "信访事项办理情况答复意见书"
            .chars()
            .cycle()
            .take(n)
            .collect()
    }

    #[test]
    fn full_lines_hold_28_cells_and_the_first_26() {
        let lines = body_lines(&han(26 + 28 + 5));
        assert_eq!(
            lines.iter().map(|l| l.chars().count()).collect::<Vec<_>>(),
            [26, 28, 5]
        );
    }

    #[test]
    fn closing_punctuation_pulls_the_previous_character_down() {
        // 26 characters fill the indented first line exactly; the comma would start line 2.
        let text = format!("{}，{}", han(26), han(10));
        let lines = body_lines(&text);
        assert_eq!(lines[0].chars().count(), 25);
        assert!(lines[1].starts_with(&format!("{}，", han(26).chars().last().unwrap())));
        for line in &lines {
            let first = line.chars().next().unwrap();
            assert!(!NO_LINE_START.contains(&first), "{line}");
        }
    }

    #[test]
    fn several_closing_marks_travel_together() {
        let text = format!("{}。”{}", han(26), han(5));
        let lines = body_lines(&text);
        assert!(lines[1].starts_with(&format!("{}。”", han(26).chars().last().unwrap())));
    }

    #[test]
    fn opening_marks_never_end_a_line() {
        // The 《 would be the 26th character, the last on the first line.
        let text = format!("{}《信访工作条例》{}", han(25), han(10));
        let lines = body_lines(&text);
        assert!(lines[0].ends_with(&han(25)[han(25).len() - 3..]));
        assert!(lines[1].starts_with('《'));
        for line in &lines {
            let last = line.chars().last().unwrap();
            assert!(!NO_LINE_END.contains(&last), "{line}");
        }
    }

    #[test]
    fn dashes_and_ellipses_stay_in_one_piece() {
        let text = format!("{}——{}", han(25), han(5));
        let lines = body_lines(&text);
        assert!(!lines[0].ends_with('—'), "{lines:?}");
        assert!(lines[1].starts_with("——") || lines[1].contains("——"));
        let text = format!("{}……{}", han(25), han(5));
        let lines = body_lines(&text);
        assert!(!lines[0].ends_with('…'), "{lines:?}");
    }

    #[test]
    fn latin_words_and_numbers_are_not_split_and_fit() {
        let text = format!("{}2026-11-28 ABCDEFG 12345.67元", han(22));
        let lines = body_lines(&text);
        assert!(lines.iter().any(|l| l.contains("2026-11-28")), "{lines:?}");
        assert!(lines.iter().any(|l| l.contains("12345.67")), "{lines:?}");
        // An ID number moves down whole.
        let ids = body_lines(&format!("{}44520219800101123X号", han(20)));
        assert!(ids[1].starts_with("44520219800101123X"), "{ids:?}");
        let g = Geometry::GB9704;
        let spec = LineSpec {
            width: g.block_width,
            first_indent: 2.0 * g.cell(),
            rest_indent: 0.0,
            size: BODY_SIZE,
            cell: Some(g.cell()),
            justify: true,
        };
        let lines = break_paragraph(&text.repeat(5), &spec, &|ch| {
            Fixed.advance(FontRole::Body, ch)
        });
        for line in &lines {
            let last = line.glyphs.last().unwrap();
            assert!(
                last.x + last.advance <= g.block_width + 0.5,
                "{}",
                line.text()
            );
        }
    }

    #[test]
    fn justified_lines_end_flush_and_the_last_line_does_not() {
        let g = Geometry::GB9704;
        let text = format!("{}ABC{}，{}", han(20), han(5), han(40));
        let spec = LineSpec {
            width: g.block_width,
            first_indent: 2.0 * g.cell(),
            rest_indent: 0.0,
            size: BODY_SIZE,
            cell: Some(g.cell()),
            justify: true,
        };
        let lines = break_paragraph(&text, &spec, &|ch| Fixed.advance(FontRole::Body, ch));
        for line in &lines[..lines.len() - 1] {
            assert!((line.end - g.block_width).abs() < 0.05, "{}", line.end);
        }
        assert!(lines.last().unwrap().end < g.block_width - 1.0);
    }

    #[test]
    fn an_overlong_unit_is_broken_rather_than_overflowing() {
        let text = "h".repeat(200);
        let lines = body_lines(&text);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), text);
    }

    #[test]
    fn an_overlong_word_starts_where_it_is_and_no_line_is_spaced_out() {
        let g = Geometry::GB9704;
        let url = "https://www.jieyang.gov.cn/xfj/index.html";
        let text = format!("{}网址{url}，请查阅。", han(20));
        let spec = LineSpec {
            width: g.block_width,
            first_indent: 2.0 * g.cell(),
            rest_indent: 0.0,
            size: BODY_SIZE,
            cell: Some(g.cell()),
            justify: true,
        };
        let lines = break_paragraph(&text, &spec, &|ch| Fixed.advance(FontRole::Body, ch));
        // The URL begins on the first line instead of leaving it short by a third.
        assert!(lines[0].text().contains("网址h"), "{:?}", lines[0].text());
        for line in &lines {
            for pair in line.glyphs.windows(2) {
                let gap = pair[1].x - pair[0].x - pair[0].advance;
                assert!(gap < g.cell(), "{}: gap {gap}", line.text());
            }
            let last = line.glyphs.last().unwrap();
            assert!(last.x + last.advance <= g.block_width + 0.5);
        }
    }

    #[test]
    fn centred_titles_wrap_into_even_lines() {
        let g = Geometry::GB9704;
        let spec = LineSpec {
            width: g.block_width,
            first_indent: 0.0,
            rest_indent: 0.0,
            size: TITLE_SIZE,
            cell: None,
            justify: false,
        };
        let title = format!("关于{}的处理意见书", han(20));
        let lines = break_centred(&title, &spec, &|ch| Fixed.advance(FontRole::Title, ch));
        assert_eq!(lines.len(), 2);
        let counts: Vec<usize> = lines.iter().map(|l| l.glyphs.len()).collect();
        assert!(counts[0].abs_diff(counts[1]) <= 1, "{counts:?}");
        for l in &lines {
            let left = l.glyphs[0].x;
            let right = g.block_width - l.end;
            assert!((left - right).abs() < 0.5, "{left} {right}");
        }
    }

    fn doc(paragraphs: usize) -> OfficialDocument {
        OfficialDocument {
            banner: None,
            doc_no: "揭信访〔2026〕12号".into(),
            title: "信访事项处理意见书".into(),
            addressee: "张三".into(),
            body: (0..paragraphs)
                .map(|i| Paragraph::Text(format!("第{i}段。{}", han(80))))
                .collect(),
            closing: Some("特此告知。".into()),
            attachments: vec![],
            office_name: "揭阳市信访局".into(),
            date: chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap(),
        }
    }

    #[test]
    fn pages_after_the_first_hold_22_lines() {
        let layout = compose(&doc(30), &Fixed);
        assert!(layout.pages.len() >= 4);
        // The last two pages may be short: the signature can take two lines along.
        for page in &layout.pages[1..layout.pages.len() - 2] {
            assert_eq!(page.flow_lines(), 22, "page {}", page.number);
        }
        let g = Geometry::GB9704;
        for page in &layout.pages {
            for run in page.runs.iter().filter(|r| r.kind != RunKind::PageNumber) {
                assert!(run.baseline > g.top && run.baseline < g.bottom(), "{run:?}");
            }
        }
    }

    #[test]
    fn title_and_number_only_on_page_one() {
        let layout = compose(&doc(30), &Fixed);
        for page in &layout.pages[1..] {
            assert!(page
                .runs
                .iter()
                .all(|r| !matches!(r.kind, RunKind::Title | RunKind::DocNo | RunKind::Banner)));
        }
    }

    #[test]
    fn date_is_four_cells_from_the_right_with_the_office_centred_over_it() {
        let layout = compose(&doc(1), &Fixed);
        let g = Geometry::GB9704;
        let runs = &layout.pages[0].runs;
        let date = runs.iter().find(|r| r.kind == RunKind::Date).unwrap();
        assert_eq!(date.text(), "2026年11月28日");
        let (dl, dr) = date.extent().unwrap();
        assert!((g.right() - 4.0 * g.cell() - dr).abs() < 0.5, "{dr}");
        let office = runs.iter().find(|r| r.kind == RunKind::OfficeName).unwrap();
        let (ol, or) = office.extent().unwrap();
        assert!(((ol + or) / 2.0 - (dl + dr) / 2.0).abs() < 0.5);
        assert!(office.baseline < date.baseline);
    }

    #[test]
    fn signature_never_stands_alone_on_a_page() {
        // Paragraphs of 1–3 lines, with and without an attachment note, so the text ends
        // on every line of a page somewhere in the loop.
        for n in 0..80 {
            let mut d = doc(0);
            d.body = (0..n)
                .map(|j| Paragraph::Text(han(10 + (j * 13) % 60)))
                .collect();
            if n % 2 == 1 {
                d.attachments = vec!["信访事项办理流程".into()];
            }
            let layout = compose(&d, &Fixed);
            let last = layout.pages.last().unwrap();
            assert!(
                last.runs.iter().any(|r| r.kind.is_text()),
                "{n} paragraphs: the signature page has no text"
            );
            let date = last.runs.iter().find(|r| r.kind == RunKind::Date).unwrap();
            let office = last
                .runs
                .iter()
                .find(|r| r.kind == RunKind::OfficeName)
                .unwrap();
            let pitch = Geometry::GB9704.line_pitch();
            assert!((date.baseline - office.baseline - pitch).abs() < 0.01);
            let text_end = last
                .runs
                .iter()
                .filter(|r| r.kind.is_flow())
                .map(|r| r.baseline)
                .fold(0.0, f32::max);
            // Two blank lines between the text and the office name.
            assert!(
                (office.baseline - text_end - 3.0 * pitch).abs() < 0.01,
                "{n}"
            );
            for page in &layout.pages {
                let mut baselines: Vec<f32> = page
                    .runs
                    .iter()
                    .filter(|r| r.kind != RunKind::PageNumber && r.kind != RunKind::Banner)
                    .map(|r| r.baseline)
                    .collect();
                let count = baselines.len();
                baselines.dedup_by(|a, b| (*a - *b).abs() < 1.0);
                assert_eq!(baselines.len(), count, "{n}: two lines on one grid line");
                assert!(count <= 22, "{n}: page {} has {count} lines", page.number);
                assert!(baselines.iter().all(|b| *b < Geometry::GB9704.bottom()));
                // The attachment note is one blank line below the text.
                let runs = &page.runs;
                for pair in runs.windows(2) {
                    if pair[1].kind == RunKind::Attachment && pair[0].kind.is_text() {
                        assert!((pair[1].baseline - pair[0].baseline - 2.0 * pitch).abs() < 0.01);
                    }
                }
            }
        }
    }

    #[test]
    fn page_numbers_alternate_sides() {
        let layout = compose(&doc(30), &Fixed);
        let g = Geometry::GB9704;
        for page in &layout.pages {
            let run = page
                .runs
                .iter()
                .find(|r| r.kind == RunKind::PageNumber)
                .unwrap();
            assert_eq!(run.text(), format!("— {} —", page.number));
            let (l, r) = run.extent().unwrap();
            if page.number % 2 == 1 {
                assert!((g.right() - PAGE_NUMBER_SIZE - r).abs() < 0.1);
            } else {
                assert!((l - g.left - PAGE_NUMBER_SIZE).abs() < 0.1);
            }
            assert!(run.baseline > g.bottom() + mm(7.0));
        }
    }

    #[test]
    fn banner_doc_no_rule_and_title_follow_the_standard_order() {
        let mut d = doc(2);
        d.banner = Some("揭阳市信访局".into());
        let layout = compose(&d, &Fixed);
        let page = &layout.pages[0];
        let banner = page
            .runs
            .iter()
            .find(|r| r.kind == RunKind::Banner)
            .unwrap();
        let doc_no = page.runs.iter().find(|r| r.kind == RunKind::DocNo).unwrap();
        let title = page.runs.iter().find(|r| r.kind == RunKind::Title).unwrap();
        let rule = page.rules[0];
        assert_eq!(banner.ink, Ink::Red);
        assert_eq!(rule.ink, Ink::Red);
        assert!(banner.baseline < doc_no.baseline);
        assert!(doc_no.baseline < rule.y && rule.y < title.baseline);
        let g = Geometry::GB9704;
        assert!(
            (banner.baseline - (1.0 - EM_DESCENT) * banner.size - g.top - mm(35.0)).abs() < 0.1
        );
        assert!((rule.width - g.block_width).abs() < 0.01);
    }

    #[test]
    fn no_two_lines_share_a_grid_line_even_with_a_wrapping_doc_no() {
        for banner in [None, Some("揭阳市信访局".to_string())] {
            let mut d = doc(3);
            d.banner = banner;
            d.doc_no = format!("揭信访〔2026〕{}号", "1".repeat(80));
            let layout = compose(&d, &Fixed);
            let page = &layout.pages[0];
            let mut baselines: Vec<f32> = page
                .runs
                .iter()
                .filter(|r| r.kind != RunKind::Banner && r.kind != RunKind::PageNumber)
                .map(|r| r.baseline)
                .collect();
            let n = baselines.len();
            baselines.dedup_by(|a, b| (*a - *b).abs() < 1.0);
            assert_eq!(baselines.len(), n);
            let last_no = page
                .runs
                .iter()
                .filter(|r| r.kind == RunKind::DocNo)
                .map(|r| r.baseline)
                .fold(0.0, f32::max);
            let title = page.runs.iter().find(|r| r.kind == RunKind::Title).unwrap();
            assert!(title.baseline > last_no + Geometry::GB9704.line_pitch());
            if let Some(rule) = page.rules.first() {
                assert!(rule.y > last_no && rule.y < title.baseline);
            }
        }
    }

    #[test]
    fn attachments_are_numbered_and_wrapped_names_align() {
        let mut d = doc(1);
        d.attachments = vec!["信访事项受理告知书".into(), format!("{}。", han(40))];
        let layout = compose(&d, &Fixed);
        let runs: Vec<&TextRun> = layout
            .pages
            .iter()
            .flat_map(|p| &p.runs)
            .filter(|r| r.kind == RunKind::Attachment)
            .collect();
        assert!(runs[0].text().starts_with("附件：1.信访"));
        assert!(runs[1].text().starts_with("2."));
        assert!(!runs.last().unwrap().text().ends_with('。'));
        // The wrapped line of attachment 2 starts under the first character of its name.
        // (The first line is justified, so its name may start up to one gap's stretch later.)
        let name_x = runs[1].glyphs[2].x;
        assert!((runs[2].glyphs[0].x - name_x).abs() < 1.0);
    }

    #[test]
    fn hand_typed_indents_and_empty_fields_are_harmless() {
        let mut d = doc(0);
        d.body = vec![
            Paragraph::Text("\u{3000}\u{3000}已经缩进的段落。".into()),
            Paragraph::Text(String::new()),
            Paragraph::Heading1("一、基本情况".into()),
        ];
        d.doc_no.clear();
        d.addressee = "张三：".into();
        let layout = compose(&d, &Fixed);
        let runs = &layout.pages[0].runs;
        let addressee = runs.iter().find(|r| r.kind == RunKind::Addressee).unwrap();
        assert_eq!(addressee.text(), "张三：");
        let body = runs.iter().find(|r| r.kind == RunKind::Body).unwrap();
        assert_eq!(body.text(), "已经缩进的段落。");
        let g = Geometry::GB9704;
        assert!((body.glyphs[0].x - g.left - 2.0 * g.cell()).abs() < 0.5);
    }
}
