//! Report files: optional `key: value` header lines, a blank line, the body.
//! Also JSON Lines, one `{"text", "date", "source", "title"}` object a line.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// One news report, as given. Offsets elsewhere in the pipeline index into `text`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Report {
    /// The whole input, header included: mention offsets index into this.
    pub text: String,
    /// Byte offset where the body starts (0 without a header).
    pub body_start: usize,
    /// The date the report describes.
    pub date: Option<NaiveDate>,
    pub source: Option<String>,
    pub title: Option<String>,
}

/// What is wrong with a report, and where.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("{file}: cannot read: {source}")]
    Io {
        file: String,
        source: std::io::Error,
    },
    #[error("{file}: is a directory, not a report file")]
    IsDir { file: String },
    #[error("{file}: not UTF-8 text (invalid byte at offset {offset})")]
    NotUtf8 { file: String, offset: usize },
    #[error("{file}: empty report (no text)")]
    Empty { file: String },
    #[error("{file}:{line}: bad date {value:?} (expected YYYY-MM-DD)")]
    BadDate {
        file: String,
        line: usize,
        value: String,
    },
    #[error("{file}:{line}: {msg}")]
    BadLine {
        file: String,
        line: usize,
        msg: String,
    },
}

/// Parses a date given as YYYY-MM-DD.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

impl Report {
    /// A report whose whole text is the body.
    pub fn from_body(text: impl Into<String>, date: Option<NaiveDate>) -> Report {
        Report {
            text: text.into(),
            body_start: 0,
            date,
            source: None,
            title: None,
        }
    }

    /// Parses a plain-text report: header lines (`date`, `source`, `title`)
    /// before the first blank line are read only when every one of them is a
    /// known `key: value` pair; otherwise the whole text is the body.
    pub fn parse_text(file: &str, text: String) -> Result<Report, ReportError> {
        if text.trim().is_empty() {
            return Err(ReportError::Empty { file: file.into() });
        }
        let mut report = Report::from_body(String::new(), None);
        let mut offset = 0;
        let mut header_end = None;
        let mut fields: Vec<(usize, &str, &str)> = Vec::new();
        for (n, line) in text.split_inclusive('\n').enumerate() {
            let content = line.trim_end_matches(['\n', '\r']);
            if content.trim().is_empty() {
                header_end = Some(offset + line.len());
                break;
            }
            match content.split_once(':') {
                Some((k, v))
                    if matches!(
                        k.trim().to_ascii_lowercase().as_str(),
                        "date" | "source" | "title"
                    ) =>
                {
                    fields.push((n + 1, k.trim(), v.trim()))
                }
                _ => break,
            }
            offset += line.len();
        }
        if let (Some(end), false) = (header_end, fields.is_empty()) {
            for (line, k, v) in fields {
                match k.to_ascii_lowercase().as_str() {
                    "date" => {
                        report.date = Some(parse_date(v).ok_or_else(|| ReportError::BadDate {
                            file: file.into(),
                            line,
                            value: v.into(),
                        })?)
                    }
                    "source" => report.source = Some(v.to_string()),
                    _ => report.title = Some(v.to_string()),
                }
            }
            report.body_start = end;
            if text[end..].trim().is_empty() {
                return Err(ReportError::Empty { file: file.into() });
            }
        }
        report.text = text;
        Ok(report)
    }

    /// Reads one report file (`-` for standard input). `.jsonl` files go through
    /// [`Report::parse_jsonl`] and must hold exactly one report here.
    pub fn read_file(path: &str) -> Result<Vec<Report>, ReportError> {
        let bytes = if path == "-" {
            let mut buf = Vec::new();
            std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf).map_err(|source| {
                ReportError::Io {
                    file: "<stdin>".into(),
                    source,
                }
            })?;
            buf
        } else {
            if Path::new(path).is_dir() {
                return Err(ReportError::IsDir { file: path.into() });
            }
            std::fs::read(path).map_err(|source| ReportError::Io {
                file: path.into(),
                source,
            })?
        };
        let name = if path == "-" { "<stdin>" } else { path };
        let text = String::from_utf8(bytes).map_err(|e| ReportError::NotUtf8 {
            file: name.into(),
            offset: e.utf8_error().valid_up_to(),
        })?;
        if path.ends_with(".jsonl") {
            Report::parse_jsonl(name, &text)
        } else {
            Ok(vec![Report::parse_text(name, text)?])
        }
    }

    /// Parses JSON Lines; a bad line is an error naming its line number.
    pub fn parse_jsonl(file: &str, text: &str) -> Result<Vec<Report>, ReportError> {
        #[derive(Deserialize)]
        struct Line {
            text: String,
            date: Option<String>,
            source: Option<String>,
            title: Option<String>,
        }
        let mut out = Vec::new();
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let l: Line = serde_json::from_str(line).map_err(|e| ReportError::BadLine {
                file: file.into(),
                line: n + 1,
                msg: e.to_string(),
            })?;
            if l.text.trim().is_empty() {
                return Err(ReportError::BadLine {
                    file: file.into(),
                    line: n + 1,
                    msg: "\"text\" is empty".into(),
                });
            }
            let date = match l.date.as_deref() {
                None => None,
                Some(d) => Some(parse_date(d).ok_or_else(|| ReportError::BadDate {
                    file: file.into(),
                    line: n + 1,
                    value: d.into(),
                })?),
            };
            out.push(Report {
                text: l.text,
                body_start: 0,
                date,
                source: l.source,
                title: l.title,
            });
        }
        if out.is_empty() {
            return Err(ReportError::Empty { file: file.into() });
        }
        Ok(out)
    }

    pub fn body(&self) -> &str {
        &self.text[self.body_start..]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_is_read_and_offsets_cover_whole_file() {
        let r = Report::parse_text("t", "date: 2016-02-03\nsource: wire\n\nAleppo fell.".into())
            .unwrap();
        assert_eq!(r.date, parse_date("2016-02-03"));
        assert_eq!(r.source.as_deref(), Some("wire"));
        assert_eq!(r.body(), "Aleppo fell.");
    }

    #[test]
    fn text_without_header_is_all_body() {
        let r = Report::parse_text("t", "Rebels: we hold Azaz.\n\nMore.".into()).unwrap();
        assert_eq!(r.body_start, 0);
        assert_eq!(r.date, None);
    }

    #[test]
    fn bad_date_names_the_line() {
        let e =
            Report::parse_text("f.txt", "source: x\ndate: 2016-13-45\n\nbody".into()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "f.txt:2: bad date \"2016-13-45\" (expected YYYY-MM-DD)"
        );
    }

    #[test]
    fn empty_is_an_error() {
        assert!(matches!(
            Report::parse_text("f", " \n".into()),
            Err(ReportError::Empty { .. })
        ));
    }

    #[test]
    fn jsonl_bad_line_names_line() {
        let e = Report::parse_jsonl("r.jsonl", "{\"text\":\"a\"}\n{oops}\n").unwrap_err();
        assert!(e.to_string().starts_with("r.jsonl:2:"), "{e}");
    }
}
