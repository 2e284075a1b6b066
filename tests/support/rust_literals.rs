//! The string literals of Rust sources, outside comments and `#[cfg(test)]` code: what
//! `no_region_names.rs` and `no_english_literals.rs` scan. A small lexer, not a parser:
//! it knows comments, plain, byte and raw strings, char literals and brace depth.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

pub fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Files that are test code as a whole: `#[cfg(test)] mod x;` declares `x.rs` or `x/mod.rs`.
pub fn test_only_files(files: &[PathBuf]) -> BTreeSet<PathBuf> {
    let mut out = BTreeSet::new();
    for f in files {
        let text = std::fs::read_to_string(f).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for w in lines.windows(2) {
            if w[0].trim() != "#[cfg(test)]" {
                continue;
            }
            let decl = w[1].trim();
            let Some(name) = decl
                .strip_suffix(';')
                .and_then(|d| d.rsplit(' ').next())
                .filter(|_| decl.contains("mod "))
            else {
                continue;
            };
            let base = if f
                .file_name()
                .is_some_and(|n| n == "mod.rs" || n == "lib.rs")
            {
                f.parent().unwrap().to_path_buf()
            } else {
                f.with_extension("")
            };
            out.insert(base.join(format!("{name}.rs")));
            out.insert(base.join(name).join("mod.rs"));
        }
    }
    out
}

/// A string literal: its line and contents.
#[allow(dead_code)] // each test binary that includes this reads only some fields
pub struct Literal {
    pub line: usize,
    /// Byte offset of the literal's contents in the source.
    pub offset: usize,
    pub text: String,
}

/// The string literals of `src`, outside comments and `#[cfg(test)]` blocks.
pub fn literals(src: &str) -> Vec<Literal> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut line = 1;
    // Brace depth at which a `#[cfg(test)]` item started, while inside it.
    let mut depth = 0usize;
    let mut test_from: Option<usize> = None;
    let mut pending_test = false;
    while i < b.len() {
        let c = b[i];
        if c == b'\n' {
            line += 1;
            i += 1;
            continue;
        }
        if b[i..].starts_with(b"//") {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        if b[i..].starts_with(b"/*") {
            let mut nest = 0;
            while i < b.len() {
                if b[i..].starts_with(b"/*") {
                    nest += 1;
                    i += 2;
                } else if b[i..].starts_with(b"*/") {
                    nest -= 1;
                    i += 2;
                    if nest == 0 {
                        break;
                    }
                } else {
                    if b[i] == b'\n' {
                        line += 1;
                    }
                    i += 1;
                }
            }
            continue;
        }
        if b[i..].starts_with(b"#[cfg(test)]") {
            pending_test = true;
            i += "#[cfg(test)]".len();
            continue;
        }
        // Raw strings r"…", r#"…"#, br"…".
        let raw_start = if b[i..].starts_with(b"br") {
            Some(i + 2)
        } else if c == b'r' && (i == 0 || !b[i - 1].is_ascii_alphanumeric() && b[i - 1] != b'_') {
            Some(i + 1)
        } else {
            None
        };
        if let Some(mut j) = raw_start {
            let mut hashes = 0;
            while j < b.len() && b[j] == b'#' {
                hashes += 1;
                j += 1;
            }
            if j < b.len() && b[j] == b'"' {
                let close: Vec<u8> = std::iter::once(b'"')
                    .chain(std::iter::repeat_n(b'#', hashes))
                    .collect();
                let start = j + 1;
                let end = start + find(&b[start..], &close).unwrap_or(b.len() - start);
                let text = &src[start..end];
                if test_from.is_none() {
                    out.push(Literal {
                        line,
                        offset: start,
                        text: text.to_string(),
                    });
                }
                line += text.matches('\n').count();
                i = end + close.len();
                continue;
            }
        }
        if c == b'\'' {
            // A char literal ('"', '\'', '\\') or a lifetime.
            if b[i..].starts_with(b"'\\") {
                i += 2;
                while i < b.len() && b[i] != b'\'' {
                    i += 1;
                }
                i += 1;
                continue;
            }
            if i + 2 < b.len() && b[i + 2] == b'\'' {
                i += 3;
                continue;
            }
            i += 1;
            continue;
        }
        if c == b'"' {
            let start = i + 1;
            let mut j = start;
            while j < b.len() && b[j] != b'"' {
                if b[j] == b'\\' {
                    j += 1;
                }
                j += 1;
            }
            let text = &src[start..j.min(b.len())];
            if test_from.is_none() {
                out.push(Literal {
                    line,
                    offset: start,
                    text: text.to_string(),
                });
            }
            line += text.matches('\n').count();
            i = j + 1;
            continue;
        }
        match c {
            b'{' => {
                if pending_test && test_from.is_none() {
                    test_from = Some(depth);
                }
                pending_test = false;
                depth += 1;
            }
            b'}' => {
                depth -= 1;
                if test_from == Some(depth) {
                    test_from = None;
                }
            }
            // `#[cfg(test)] use …;` or `mod x;`: the attribute ends with the item.
            b';' if test_from.is_none() => pending_test = false,
            _ => {}
        }
        i += 1;
    }
    out
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Fails when `found` (file, line, literal) holds a literal not in `known` (file, literal), or
/// when a `known` entry no longer occurs: the allow-list of a "no X in src/" test only shrinks.
/// `what` names the kind of literal and `fix` says where it belongs.
#[allow(dead_code)] // each test crate includes this file; not all of them check an allow-list
pub fn assert_only_known(
    found: &[(String, usize, String)],
    known: &[(&str, &str)],
    what: &str,
    fix: &str,
) {
    let unexpected: Vec<_> = found
        .iter()
        .filter(|(file, _, lit)| !known.contains(&(file.as_str(), lit.as_str())))
        .collect();
    assert!(
        unexpected.is_empty(),
        "{what} in src/ ({fix}):\n{}",
        unexpected
            .iter()
            .map(|(file, line, lit)| format!("  {file}:{line}: {lit:?}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    for (file, lit) in known {
        assert!(
            found.iter().any(|(f, _, l)| f == file && l == lit),
            "{file} no longer holds {lit:?}: remove it from KNOWN_OFFENDERS"
        );
    }
}
