//! Renders a finished [`Layout`] with printpdf.
//!
//! Every glyph is placed where the layout put it: each line is one text-matrix move plus a
//! `TJ` array whose kerns turn the font's own advances into the layout's grid pitch. Glyph
//! ids go in directly (`TextItem::GlyphIds`), so printpdf never repeats the slow cmap
//! lookups the [`FontSet`] has already cached; the ToUnicode map still gets each character,
//! so the text can be searched and copied. Fonts are subset on save.

use std::collections::HashMap;

use printpdf::{
    Codepoint, Color, FontId, Mm, Op, PaintMode, PdfDocument, PdfFontHandle, PdfPage,
    PdfParseErrorSeverity, PdfSaveOptions, Pt, Rect, Rgb, TextItem, TextMatrix,
};

use super::fonts::{FontSet, Glyph};
use super::layout::{self, mm, Ink, Layout, PlacedGlyph, TextRun};
use super::ledger::{self, Ledger};
use super::{DocumentError, OfficialDocument};

/// Lays out `doc` per GB/T 9704-2012 and returns the PDF bytes.
pub fn render_pdf(doc: &OfficialDocument, fonts: &FontSet) -> Result<Vec<u8>, DocumentError> {
    if doc.title.trim().is_empty() {
        return Err(DocumentError::MissingField("标题"));
    }
    if doc.office_name.trim().is_empty() {
        return Err(DocumentError::MissingField("发文机关署名"));
    }
    let layout = layout::compose(doc, fonts);
    render_layout(&layout, doc.title.trim(), fonts)
}

/// A ledger (登记簿, 台账) as a landscape PDF.
pub fn render_ledger(ledger: &Ledger, fonts: &FontSet) -> Result<Vec<u8>, DocumentError> {
    let layout = ledger::compose(ledger, fonts)?;
    render_layout(&layout, ledger.title.trim(), fonts)
}

fn color(ink: Ink) -> Color {
    match ink {
        Ink::Black => Color::Rgb(Rgb::new(0.0, 0.0, 0.0, None)),
        Ink::Red => Color::Rgb(Rgb::new(1.0, 0.0, 0.0, None)),
    }
}

/// Draws `layout`; separate from [`render_pdf`] so a caller that already has a layout (a
/// preview that counts pages, say) does not lay out twice.
pub fn render_layout(
    layout: &Layout,
    title: &str,
    fonts: &FontSet,
) -> Result<Vec<u8>, DocumentError> {
    let (width_mm, height_mm) = layout.page_mm();
    let page_height = mm(height_mm);
    let mut pdf = PdfDocument::new(title);
    pdf.metadata.info.creator = "信访案件办理桌面端".to_string();
    let mut font_ids: HashMap<usize, FontId> = HashMap::new();
    let mut pages = Vec::with_capacity(layout.pages.len());

    for page in &layout.pages {
        let mut ops = Vec::new();
        for rule in &page.rules {
            ops.push(Op::SetFillColor {
                col: color(rule.ink),
            });
            ops.push(Op::DrawRectangle {
                rectangle: Rect {
                    x: Pt(rule.x),
                    y: Pt(page_height - rule.y - rule.height),
                    width: Pt(rule.width),
                    height: Pt(rule.height),
                    mode: Some(PaintMode::Fill),
                    winding_order: None,
                },
            });
        }

        ops.push(Op::StartTextSection);
        let mut font_state: Option<(usize, f32)> = None;
        let mut ink_state: Option<Ink> = None;
        for run in &page.runs {
            if ink_state != Some(run.ink) {
                ops.push(Op::SetFillColor {
                    col: color(run.ink),
                });
                ink_state = Some(run.ink);
            }
            let resolved = resolve_run(run, fonts)?;
            // A character the role's font lacks comes from the coverage font: one text
            // segment per stretch of the same face.
            for segment in resolved.chunk_by(|a, b| a.0 == b.0) {
                let face = segment[0].0;
                let id = font_ids
                    .entry(face)
                    .or_insert_with(|| pdf.add_font(&fonts.face(face).font))
                    .clone();
                if font_state != Some((face, run.size)) {
                    ops.push(Op::SetFont {
                        font: PdfFontHandle::External(id),
                        size: Pt(run.size),
                    });
                    font_state = Some((face, run.size));
                }
                let x = segment[0].2.x;
                let y = page_height - run.baseline;
                ops.push(Op::SetTextMatrix {
                    matrix: if run.h_scale == 1.0 {
                        TextMatrix::Translate(Pt(x), Pt(y))
                    } else {
                        TextMatrix::Raw([run.h_scale, 0.0, 0.0, 1.0, x, y])
                    },
                });
                ops.push(Op::ShowText {
                    items: vec![TextItem::GlyphIds(codepoints(run, segment))],
                });
            }
        }
        ops.push(Op::EndTextSection);
        pages.push(PdfPage::new(Mm(width_mm), Mm(height_mm), ops));
    }

    pdf.with_pages(pages);
    let options = PdfSaveOptions {
        subset_fonts: true,
        ..PdfSaveOptions::default()
    };
    let mut warnings = Vec::new();
    let bytes = pdf.save(&options, &mut warnings);
    // printpdf reports, rather than fails on, problems like a font it could not subset;
    // a document with a broken font must not reach the archive.
    if let Some(w) = warnings
        .iter()
        .find(|w| w.severity == PdfParseErrorSeverity::Error)
    {
        return Err(DocumentError::Pdf(w.msg.clone()));
    }
    Ok(bytes)
}

fn resolve_run<'r>(
    run: &'r TextRun,
    fonts: &FontSet,
) -> Result<Vec<(usize, Glyph, &'r PlacedGlyph)>, DocumentError> {
    let mut out = Vec::with_capacity(run.glyphs.len());
    for placed in &run.glyphs {
        match fonts.resolve(run.role, placed.ch) {
            Some((face, glyph)) => out.push((face, glyph, placed)),
            // A space the font cannot draw is still a gap: the next glyph's position
            // carries it.
            None if placed.ch.is_whitespace() => {}
            None => {
                return Err(DocumentError::MissingGlyph {
                    ch: placed.ch,
                    role: run.role,
                })
            }
        }
    }
    Ok(out)
}

/// Glyph ids with the kern after each glyph that moves the pen from where the font's
/// advance leaves it to where the layout put the next glyph. A `TJ` number n moves the pen
/// back by n/1000 em (scaled by the text matrix), so n = advance − distance·1000/size.
fn codepoints(run: &TextRun, segment: &[(usize, Glyph, &PlacedGlyph)]) -> Vec<Codepoint> {
    let em = run.size * run.h_scale;
    // Kerns are rounded to 1/1000 em to keep the content stream short; measuring from
    // where the pen really is stops the rounding from adding up along the line.
    let mut pen = segment.first().map_or(0.0, |(_, _, p)| p.x);
    segment
        .iter()
        .enumerate()
        .map(|(i, (_, glyph, placed))| {
            let advance = f32::from(glyph.advance);
            let offset = match segment.get(i + 1) {
                Some((_, _, next)) => (advance - (next.x - pen) * 1000.0 / em).round(),
                None => 0.0,
            };
            pen += (advance - offset) * em / 1000.0;
            Codepoint::with_cid(glyph.gid, offset, placed.ch.to_string())
        })
        .collect()
}
