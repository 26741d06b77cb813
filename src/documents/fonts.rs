//! Finding, parsing and querying the typefaces for each [`FontRole`].
//!
//! Parsing a CJK font is slow and large (docs/performance.md, Documents), so a [`FontSet`] is
//! built once and shared (it is `Send + Sync`; keep it in an `Arc`). Each distinct face is parsed
//! once even when several roles use it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::RwLock;

use printpdf::ParsedFont;

use super::{DocumentError, FontRole};

/// Which face a role ended up with, for the settings page and for support calls
/// ("why does my notice not look like the county's?").
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FontRoleInfo {
    pub role: FontRole,
    pub family: String,
    pub path: PathBuf,
    /// Face inside a `.ttc` collection; 0 for a plain font file.
    pub face_index: usize,
    /// True when this is the typeface GB/T 9704 names (仿宋_GB2312, 方正小标宋, SimHei, …)
    /// rather than a free stand-in.
    pub official: bool,
}

/// A glyph as the PDF will see it: the advance is in thousandths of an em, truncated the
/// way printpdf writes the `/W` array, so the layout and the viewer agree to the unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Glyph {
    pub gid: u16,
    pub advance: u16,
}

pub(crate) struct Face {
    pub font: ParsedFont,
    path: PathBuf,
    index: usize,
    units_per_em: f32,
    // cmap lookups in the big CJK fonts are a linear scan, and a document looks up the same
    // characters over and over (docs/performance.md, Documents).
    glyphs: RwLock<HashMap<char, Option<Glyph>>>,
}

impl Face {
    pub(crate) fn glyph(&self, ch: char) -> Option<Glyph> {
        if let Ok(cache) = self.glyphs.read() {
            if let Some(hit) = cache.get(&ch) {
                return *hit;
            }
        }
        let found = self.font.lookup_glyph_index(u32::from(ch)).map(|gid| {
            // Same source and truncation as printpdf's `/W` entries.
            let raw = self
                .font
                .get_or_decode_glyph(gid)
                .map(|g| f32::from(g.horz_advance))
                .unwrap_or(self.units_per_em);
            let advance = (raw * 1000.0 / self.units_per_em) as u16;
            Glyph { gid, advance }
        });
        // A `.notdef` mapping is as good as missing: it would print a box.
        let found = found.filter(|g| g.gid != 0);
        if let Ok(mut cache) = self.glyphs.write() {
            cache.insert(ch, found);
        }
        found
    }
}

/// The parsed fonts per role, plus one wide-coverage face for characters a role's font
/// lacks (仿宋_GB2312 has only the 6,763 GB2312 characters; names often need more).
pub struct FontSet {
    faces: Vec<Face>,
    roles: [RoleChoice; 5],
    fallback: Option<usize>,
}

#[derive(Clone, Copy)]
struct RoleChoice {
    face: usize,
    family: &'static str,
    official: bool,
}

// The whole point of FontSet is to be parsed once and shared between threads.
const _: () = {
    const fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<FontSet>();
};

impl std::fmt::Debug for FontSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.roles()).finish()
    }
}

struct Candidate {
    /// Lower-case file name, matched anywhere under the font directories.
    file: &'static str,
    face: usize,
    family: &'static str,
    official: bool,
    /// Substring of the PostScript name the face must have, to catch a collection whose
    /// face order differs from the one we know (Noto CJK: JP, KR, SC, TC, HK).
    name_hint: Option<&'static str>,
}

const fn official(file: &'static str, face: usize, family: &'static str) -> Candidate {
    Candidate {
        file,
        face,
        family,
        official: true,
        name_hint: None,
    }
}

const fn free(
    file: &'static str,
    face: usize,
    family: &'static str,
    name_hint: Option<&'static str>,
) -> Candidate {
    Candidate {
        file,
        face,
        family,
        official: false,
        name_hint,
    }
}

// Stand-ins are ordered by how close they look to the official face, then by coverage.
const SERIF_STAND_INS: &[Candidate] = &[
    free(
        "notoserifcjk-regular.ttc",
        2,
        "Noto Serif CJK SC",
        Some("sc"),
    ),
    free("notoserifcjksc-regular.otf", 0, "Noto Serif CJK SC", None),
    free("notoserifsc-regular.otf", 0, "Noto Serif SC", None),
    free("notoserifsc-regular.ttf", 0, "Noto Serif SC", None),
    free("gbsn00lp.ttf", 0, "AR PL SungtiL GB", None),
    free("uming.ttc", 0, "AR PL UMing CN", None),
];

const BODY: &[Candidate] = &[
    official("仿宋_gb2312.ttf", 0, "仿宋_GB2312"),
    official("fangsong_gb2312.ttf", 0, "仿宋_GB2312"),
    official("fs_gb2312.ttf", 0, "仿宋_GB2312"),
    official("simfang.ttf", 0, "仿宋"),
    official("仿宋.ttf", 0, "仿宋"),
    official("stfangso.ttf", 0, "华文仿宋"),
];

const TITLE: &[Candidate] = &[
    official("方正小标宋简体.ttf", 0, "方正小标宋简体"),
    official("fzxbsjw.ttf", 0, "方正小标宋简体"),
    official("fzxbsjw--gb1-0.ttf", 0, "方正小标宋简体"),
    official("方正小标宋_gbk.ttf", 0, "方正小标宋_GBK"),
    official("fzxbsk.ttf", 0, "方正小标宋_GBK"),
    // A heavy Song is what 小标宋 is; the regular weight would read as body text.
    free(
        "notoserifcjk-bold.ttc",
        2,
        "Noto Serif CJK SC Bold",
        Some("sc"),
    ),
    free("notoserifcjksc-bold.otf", 0, "Noto Serif CJK SC Bold", None),
    free("notoserifsc-bold.otf", 0, "Noto Serif SC Bold", None),
    free("notoserifsc-bold.ttf", 0, "Noto Serif SC Bold", None),
];

const HEADING1: &[Candidate] = &[
    official("simhei.ttf", 0, "黑体"),
    official("黑体.ttf", 0, "黑体"),
    free("notosanscjk-regular.ttc", 2, "Noto Sans CJK SC", Some("sc")),
    free("notosanscjksc-regular.otf", 0, "Noto Sans CJK SC", None),
    free("notosanssc-regular.otf", 0, "Noto Sans SC", None),
    free("notosanssc-regular.ttf", 0, "Noto Sans SC", None),
    free("wqy-microhei.ttc", 0, "WenQuanYi Micro Hei", None),
    free("wqy-zenhei.ttc", 0, "WenQuanYi Zen Hei", None),
    free("droidsansfallbackfull.ttf", 0, "Droid Sans Fallback", None),
];

const HEADING2: &[Candidate] = &[
    official("simkai.ttf", 0, "楷体"),
    official("楷体_gb2312.ttf", 0, "楷体_GB2312"),
    official("kaiti_gb2312.ttf", 0, "楷体_GB2312"),
    official("楷体.ttf", 0, "楷体"),
    official("stkaiti.ttf", 0, "华文楷体"),
    // WenKai matches the body's size and weight; UKai and KaitiM are closer to 楷体_GB2312
    // in style but draw small and thin next to a 16 pt serif.
    free("lxgwwenkai-regular.ttf", 0, "LXGW WenKai", None),
    free("ukai.ttc", 0, "AR PL UKai CN", None),
    free("gkai00mp.ttf", 0, "AR PL KaitiM GB", None),
];

const PAGE_NUMBER: &[Candidate] = &[
    official("simsun.ttc", 0, "宋体"),
    official("simsun.ttf", 0, "宋体"),
    official("宋体.ttf", 0, "宋体"),
];

/// Wide-coverage faces for characters missing from a role's font.
const COVERAGE: &[Candidate] = &[
    free(
        "notoserifcjk-regular.ttc",
        2,
        "Noto Serif CJK SC",
        Some("sc"),
    ),
    free("notoserifcjksc-regular.otf", 0, "Noto Serif CJK SC", None),
    free("notosanscjk-regular.ttc", 2, "Noto Sans CJK SC", Some("sc")),
    free("notosanscjksc-regular.otf", 0, "Noto Sans CJK SC", None),
    free("simsun.ttc", 0, "宋体", None),
    free("lxgwwenkai-regular.ttf", 0, "LXGW WenKai", None),
    free("droidsansfallbackfull.ttf", 0, "Droid Sans Fallback", None),
    free("uming.ttc", 0, "AR PL UMing CN", None),
];

/// Candidates for a role, best first. When none of a role's own faces exists, any CJK face
/// beats refusing to print: the serif stand-ins come last for every role.
fn candidates(role: FontRole) -> Vec<&'static Candidate> {
    let own: &[&[Candidate]] = match role {
        FontRole::Body => &[BODY, SERIF_STAND_INS],
        FontRole::Title => &[TITLE],
        FontRole::Heading1 => &[HEADING1],
        FontRole::Heading2 => &[HEADING2],
        FontRole::PageNumber => &[PAGE_NUMBER, SERIF_STAND_INS],
    };
    own.iter()
        .chain([SERIF_STAND_INS, HEADING1, HEADING2].iter())
        .flat_map(|list| list.iter())
        .collect()
}

impl FontSet {
    /// Searches the usual font directories of Windows, macOS and Linux (and the
    /// directories in `XINFANG_FONT_DIRS`, separated like `PATH`, first).
    pub fn discover() -> Result<FontSet, DocumentError> {
        FontSet::discover_in(&font_dirs())
    }

    /// Like [`FontSet::discover`] but only in `dirs` (searched recursively, earlier first).
    pub fn discover_in(dirs: &[PathBuf]) -> Result<FontSet, DocumentError> {
        let files = index_font_files(dirs);
        let mut loader = Loader::default();
        let mut roles = [RoleChoice {
            face: 0,
            family: "",
            official: false,
        }; 5];
        for role in FontRole::ALL {
            let found = candidates(role)
                .into_iter()
                .find_map(|c| files.get(c.file).map(|p| (c, p)));
            let Some((candidate, path)) = found else {
                return Err(DocumentError::FontNotFound {
                    role,
                    searched: dirs
                        .iter()
                        .map(|d| d.display().to_string())
                        .collect::<Vec<_>>()
                        .join("、"),
                });
            };
            roles[role_slot(role)] = RoleChoice {
                face: loader.load(candidate, path)?,
                family: candidate.family,
                official: candidate.official,
            };
        }
        let fallback = match COVERAGE
            .iter()
            .find_map(|c| files.get(c.file).map(|p| (c, p)))
        {
            Some((candidate, path)) => Some(loader.load(candidate, path)?),
            None => None,
        };
        Ok(FontSet {
            faces: loader.faces,
            roles,
            fallback,
        })
    }

    /// The face chosen for each role, in [`FontRole::ALL`] order.
    pub fn roles(&self) -> Vec<FontRoleInfo> {
        FontRole::ALL
            .iter()
            .map(|role| {
                let choice = self.roles[role_slot(*role)];
                let face = &self.faces[choice.face];
                FontRoleInfo {
                    role: *role,
                    family: choice.family.to_string(),
                    path: face.path.clone(),
                    face_index: face.index,
                    official: choice.official,
                }
            })
            .collect()
    }

    pub(crate) fn face(&self, index: usize) -> &Face {
        &self.faces[index]
    }

    /// The face and glyph that will print `ch` in `role`: the role's own font when it has
    /// the character, else the coverage font.
    pub(crate) fn resolve(&self, role: FontRole, ch: char) -> Option<(usize, Glyph)> {
        let own = self.roles[role_slot(role)].face;
        if let Some(g) = self.faces[own].glyph(ch) {
            return Some((own, g));
        }
        let fallback = self.fallback.filter(|f| *f != own)?;
        self.faces[fallback].glyph(ch).map(|g| (fallback, g))
    }
}

impl super::layout::Metrics for FontSet {
    fn advance(&self, role: FontRole, ch: char) -> f32 {
        // Unprintable characters are reported by the renderer; for measuring, a full cell
        // keeps the layout sane until then.
        self.resolve(role, ch)
            .map_or(1.0, |(_, g)| f32::from(g.advance) / 1000.0)
    }
}

fn role_slot(role: FontRole) -> usize {
    match role {
        FontRole::Body => 0,
        FontRole::Title => 1,
        FontRole::Heading1 => 2,
        FontRole::Heading2 => 3,
        FontRole::PageNumber => 4,
    }
}

/// Parses each (file, face) once, however many roles want it.
#[derive(Default)]
struct Loader {
    faces: Vec<Face>,
    loaded: HashMap<(PathBuf, usize), usize>,
}

impl Loader {
    fn load(&mut self, candidate: &Candidate, path: &Path) -> Result<usize, DocumentError> {
        if let Some(i) = self.loaded.get(&(path.to_path_buf(), candidate.face)) {
            return Ok(*i);
        }
        let bytes = std::fs::read(path).map_err(|source| DocumentError::FontRead {
            path: path.to_path_buf(),
            source,
        })?;
        let (index, font) = parse_face(&bytes, candidate.face, candidate.name_hint).ok_or(
            DocumentError::FontParse {
                path: path.to_path_buf(),
                index: candidate.face,
            },
        )?;
        let units_per_em = match font.pdf_font_metrics.units_per_em {
            0 => 1000.0,
            upm => f32::from(upm),
        };
        self.faces.push(Face {
            font,
            path: path.to_path_buf(),
            index,
            units_per_em,
            glyphs: RwLock::new(HashMap::new()),
        });
        let i = self.faces.len() - 1;
        self.loaded.insert((path.to_path_buf(), candidate.face), i);
        Ok(i)
    }
}

/// Parses face `preferred` of `bytes`; if its PostScript name lacks `name_hint`, tries the
/// collection's other faces for one that has it.
fn parse_face(
    bytes: &[u8],
    preferred: usize,
    name_hint: Option<&str>,
) -> Option<(usize, ParsedFont)> {
    let parse = |i: usize| ParsedFont::from_bytes(bytes, i, &mut Vec::new());
    let matches = |f: &ParsedFont| match (name_hint, &f.font_name) {
        (Some(hint), Some(name)) => name.to_ascii_lowercase().contains(hint),
        _ => true,
    };
    let first = parse(preferred);
    if let Some(font) = &first {
        if matches(font) {
            return first.map(|f| (preferred, f));
        }
    }
    (0..collection_size(bytes))
        .filter(|i| *i != preferred)
        .find_map(|i| parse(i).filter(|f| matches(f)).map(|f| (i, f)))
        .or_else(|| first.map(|f| (preferred, f)))
}

/// Number of faces in a TrueType/OpenType collection (`ttcf` header), 1 for a plain font.
fn collection_size(bytes: &[u8]) -> usize {
    if bytes.len() >= 12 && &bytes[0..4] == b"ttcf" {
        u32::from_be_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]).min(64) as usize
    } else {
        1
    }
}

/// Where operating systems and users keep fonts. Missing directories are fine.
pub fn font_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = Vec::new();
    if let Some(extra) = std::env::var_os("XINFANG_FONT_DIRS") {
        dirs.extend(std::env::split_paths(&extra));
    }
    if let Some(windir) = std::env::var_os("WINDIR") {
        dirs.push(PathBuf::from(windir).join("Fonts"));
    }
    if let Some(local) = dirs::data_local_dir() {
        // Per-user installs on Windows 10+ land here, not in C:\Windows\Fonts.
        dirs.push(local.join("Microsoft").join("Windows").join("Fonts"));
    }
    if let Some(home) = dirs::home_dir() {
        dirs.push(home.join(".fonts"));
        dirs.push(home.join(".local").join("share").join("fonts"));
        dirs.push(home.join("Library").join("Fonts"));
    }
    for system in [
        "/usr/share/fonts",
        "/usr/local/share/fonts",
        "/Library/Fonts",
        "/System/Library/Fonts",
    ] {
        dirs.push(PathBuf::from(system));
    }
    dirs
}

/// Lower-case file name → first path with that name, walking `dirs` in order.
fn index_font_files(dirs: &[PathBuf]) -> HashMap<String, PathBuf> {
    let mut files = HashMap::new();
    for dir in dirs {
        walk(dir, 0, &mut files);
    }
    files
}

fn walk(dir: &Path, depth: usize, files: &mut HashMap<String, PathBuf>) {
    // Font trees are shallow; the limit only guards against symlink loops.
    if depth > 6 {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    // read_dir order is unspecified; sorting keeps the choice stable between runs.
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(&path, depth + 1, files);
        } else if let Some(name) = path.file_name().and_then(|n| n.to_str()) {
            let lower = name.to_lowercase();
            if lower.ends_with(".ttf") || lower.ends_with(".ttc") || lower.ends_with(".otf") {
                files.entry(lower).or_insert(path);
            }
        }
    }
}
