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
    // The cause is in the message and deliberately not a `source()`: error
    // chains (`{:#}`) would print it twice.
    #[error("{file}: cannot read: {cause}")]
    Io { file: String, cause: std::io::Error },
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
    #[error("{file}:{line}: date {value} is out of range ({range})")]
    DateOutOfRange {
        file: String,
        line: usize,
        value: String,
        range: DateRange,
    },
    #[error(
        "{file}:{line}: a NUL character in the report's {field} at byte offset {offset}: \
         is this a binary file? Reports are plain UTF-8 text"
    )]
    Nul {
        file: String,
        line: usize,
        field: &'static str,
        offset: usize,
    },
    #[error("{file}:{line}: {msg}")]
    BadLine {
        file: String,
        line: usize,
        msg: String,
    },
}

/// Parses a date given as YYYY-MM-DD (any year; see [`check_date`]).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

/// The dates a report, a request or a command-line flag may name: from
/// 1900-01-01 to tomorrow (a report filed in a time zone ahead of the
/// server's). Year 0 or 9999 is a typo, and would stretch every time slider.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DateRange {
    pub earliest: NaiveDate,
    pub latest: NaiveDate,
}

impl DateRange {
    pub fn now() -> DateRange {
        let today = chrono::Utc::now().date_naive();
        DateRange {
            earliest: NaiveDate::from_ymd_opt(1900, 1, 1).expect("valid date"),
            latest: today.succ_opt().unwrap_or(today),
        }
    }

    pub fn contains(&self, d: NaiveDate) -> bool {
        (self.earliest..=self.latest).contains(&d)
    }
}

impl std::fmt::Display for DateRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "dates run from {} to {}", self.earliest, self.latest)
    }
}

/// A date within [`DateRange::now`], or the range it is outside of.
pub fn check_date(d: NaiveDate) -> Result<NaiveDate, DateRange> {
    let range = DateRange::now();
    if range.contains(d) {
        Ok(d)
    } else {
        Err(range)
    }
}

/// A header or JSON Lines date: well-formed and within range.
fn read_date(file: &str, line: usize, v: &str) -> Result<NaiveDate, ReportError> {
    let d = parse_date(v).ok_or_else(|| ReportError::BadDate {
        file: file.into(),
        line,
        value: v.into(),
    })?;
    check_date(d).map_err(|range| ReportError::DateOutOfRange {
        file: file.into(),
        line,
        value: v.trim().into(),
        range,
    })
}

/// Whether a character is a C0 control other than tab, line feed and carriage return.
fn is_stray_control(c: char) -> bool {
    c < ' ' && !matches!(c, '\t' | '\n' | '\r')
}

/// Input text with its stray control characters made spaces, byte for byte so
/// no offset moves: form feeds and vertical tabs come out of PDF and word
/// processor conversions, and XML (KML) and GDAL's CSV reader refuse them.
/// A NUL is refused instead (`Err` holds its byte offset, the text is left as
/// it was): it marks a binary file, and PostgreSQL cannot store it.
pub fn clean_controls(text: &mut String) -> Result<(), usize> {
    if let Some(offset) = text.find('\0') {
        return Err(offset);
    }
    if text.contains(is_stray_control) {
        *text = text
            .chars()
            .map(|c| if is_stray_control(c) { ' ' } else { c })
            .collect();
    }
    Ok(())
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
    pub fn parse_text(file: &str, mut text: String) -> Result<Report, ReportError> {
        clean_controls(&mut text).map_err(|offset| ReportError::Nul {
            file: file.into(),
            line: 1 + text[..offset].matches('\n').count(),
            field: "text",
            offset,
        })?;
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
                    "date" => report.date = Some(read_date(file, line, v)?),
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
            std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf).map_err(|cause| {
                ReportError::Io {
                    file: "<stdin>".into(),
                    cause,
                }
            })?;
            buf
        } else {
            if Path::new(path).is_dir() {
                return Err(ReportError::IsDir { file: path.into() });
            }
            std::fs::read(path).map_err(|cause| ReportError::Io {
                file: path.into(),
                cause,
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
        let mut out = Vec::new();
        for (n, line) in text.lines().enumerate() {
            if let Some(r) = Report::parse_jsonl_line(file, n + 1, line)? {
                out.push(r);
            }
        }
        if out.is_empty() {
            return Err(ReportError::Empty { file: file.into() });
        }
        Ok(out)
    }

    /// One line of a JSON Lines file (`line` counts from 1); `None` for a blank line.
    pub fn parse_jsonl_line(
        file: &str,
        line: usize,
        text: &str,
    ) -> Result<Option<Report>, ReportError> {
        #[derive(Deserialize)]
        struct Line {
            text: String,
            date: Option<String>,
            source: Option<String>,
            title: Option<String>,
        }
        if text.trim().is_empty() {
            return Ok(None);
        }
        let mut l: Line = serde_json::from_str(text).map_err(|e| ReportError::BadLine {
            file: file.into(),
            line,
            msg: e.to_string(),
        })?;
        let fields = [
            ("text", Some(&mut l.text)),
            ("source", l.source.as_mut()),
            ("title", l.title.as_mut()),
        ];
        for (field, value) in fields {
            if let Some(value) = value {
                clean_controls(value).map_err(|offset| ReportError::Nul {
                    file: file.into(),
                    line,
                    field,
                    offset,
                })?;
            }
        }
        if l.text.trim().is_empty() {
            return Err(ReportError::BadLine {
                file: file.into(),
                line,
                msg: "\"text\" is empty".into(),
            });
        }
        let date = match l.date.as_deref() {
            None => None,
            Some(d) => Some(read_date(file, line, d)?),
        };
        Ok(Some(Report {
            text: l.text,
            body_start: 0,
            date,
            source: l.source,
            title: l.title,
        }))
    }

    /// Calls `each` with every report of a file (`-` for standard input), one
    /// at a time: a `.jsonl` file is read line by line, so memory is bounded
    /// by the largest report, not the file. `each` gets the report's number
    /// in the file (from 1). Stops at the first error, of either side.
    pub fn for_each_in_file<E: From<ReportError>>(
        path: &str,
        mut each: impl FnMut(usize, Report) -> Result<(), E>,
    ) -> Result<(), E> {
        use std::io::BufRead;
        if !path.ends_with(".jsonl") {
            for (i, r) in Report::read_file(path)?.into_iter().enumerate() {
                each(i + 1, r)?;
            }
            return Ok(());
        }
        let name = if path == "-" { "<stdin>" } else { path };
        let io = |cause| ReportError::Io {
            file: name.into(),
            cause,
        };
        let input: Box<dyn std::io::Read> = if path == "-" {
            Box::new(std::io::stdin())
        } else {
            if Path::new(path).is_dir() {
                return Err(ReportError::IsDir { file: path.into() }.into());
            }
            Box::new(std::fs::File::open(path).map_err(io)?)
        };
        let mut reader = std::io::BufReader::with_capacity(1 << 16, input);
        let (mut buf, mut line, mut offset, mut count) = (Vec::new(), 0usize, 0usize, 0usize);
        loop {
            buf.clear();
            let n = reader.read_until(b'\n', &mut buf).map_err(io)?;
            if n == 0 {
                break;
            }
            line += 1;
            let text = std::str::from_utf8(&buf).map_err(|e| ReportError::NotUtf8 {
                file: name.into(),
                offset: offset + e.valid_up_to(),
            })?;
            offset += n;
            if let Some(r) = Report::parse_jsonl_line(name, line, text)? {
                count += 1;
                each(count, r)?;
            }
        }
        if count == 0 {
            return Err(ReportError::Empty { file: name.into() }.into());
        }
        Ok(())
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
    fn dates_outside_1900_to_tomorrow_are_refused() {
        for d in ["0000-01-01", "1899-12-31", "9999-12-31"] {
            let e = Report::parse_text("f.txt", format!("date: {d}\n\nbody"))
                .unwrap_err()
                .to_string();
            assert!(
                e.starts_with(&format!(
                    "f.txt:1: date {d} is out of range (dates run from 1900-01-01 to "
                )),
                "{e}"
            );
        }
        let e = Report::parse_jsonl("r.jsonl", "{\"text\":\"a\",\"date\":\"3000-01-01\"}\n")
            .unwrap_err();
        assert!(
            e.to_string()
                .starts_with("r.jsonl:1: date 3000-01-01 is out of range"),
            "{e}"
        );
        let tomorrow = chrono::Utc::now().date_naive().succ_opt().unwrap();
        assert!(check_date(tomorrow).is_ok());
        assert!(check_date(tomorrow.succ_opt().unwrap()).is_err());
        assert!(Report::parse_text("f", "date: 1900-01-01\n\nbody".into()).is_ok());
    }

    #[test]
    fn empty_is_an_error() {
        assert!(matches!(
            Report::parse_text("f", " \n".into()),
            Err(ReportError::Empty { .. })
        ));
    }

    #[test]
    fn jsonl_is_streamed_one_report_at_a_time() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.jsonl");
        std::fs::write(
            &p,
            "{\"text\":\"Azaz\\u00a0fell.\"}\n\n{\"text\":\"b\",\"date\":\"2016-02-03\"}\n{oops}\n",
        )
        .unwrap();
        let mut seen = Vec::new();
        let e = Report::for_each_in_file::<ReportError>(p.to_str().unwrap(), |n, r| {
            seen.push((n, r.text));
            Ok(())
        })
        .unwrap_err();
        assert_eq!(
            seen,
            vec![(1, "Azaz\u{a0}fell.".to_string()), (2, "b".to_string())]
        );
        assert!(e.to_string().contains("r.jsonl:4:"), "{e}");
        std::fs::write(&p, b"{\"text\":\"a\"}\n{\"text\":\"\xff\"}\n").unwrap();
        let e = Report::for_each_in_file::<ReportError>(p.to_str().unwrap(), |_, _| Ok(()))
            .unwrap_err();
        assert!(e.to_string().contains("invalid byte at offset 22"), "{e}");
    }

    #[test]
    fn stray_controls_become_spaces_and_a_nul_is_refused_where_it_is() {
        // (input, cleaned text or the error's message)
        let cases: &[(&str, Result<&str, &str>)] = &[
            ("Rebels hold\x0cAzaz.", Ok("Rebels hold Azaz.")),
            ("A\x0bB\x1bC\tD\r\nE", Ok("A B C\tD\r\nE")),
            ("Azaz fell.", Ok("Azaz fell.")),
            (
                "date: 2016-02-03\n\nAzaz\nfell\0.",
                Err("f.txt:4: a NUL character in the report's text at byte offset 27"),
            ),
        ];
        for (input, want) in cases {
            match (Report::parse_text("f.txt", input.to_string()), want) {
                (Ok(r), Ok(text)) => {
                    assert_eq!(&r.text, text);
                    assert_eq!(r.text.len(), input.len(), "offsets must not move");
                }
                (Err(e), Err(msg)) => assert!(e.to_string().starts_with(msg), "{e}"),
                (got, _) => panic!("{input:?}: {got:?}, expected {want:?}"),
            }
        }
        let line = "{\"text\":\"a\",\"title\":\"x\\u0000\"}";
        let e = Report::parse_jsonl("r.jsonl", line)
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("r.jsonl:1: a NUL character in the report's title at byte offset 1"),
            "{e}"
        );
        let line = "{\"text\":\"Azaz\\ffell.\",\"source\":\"wire\\u000b\"}";
        let r = Report::parse_jsonl("r.jsonl", line).unwrap().remove(0);
        assert_eq!(
            (r.text.as_str(), r.source.as_deref()),
            ("Azaz fell.", Some("wire "))
        );
    }

    #[test]
    fn jsonl_bad_line_names_line() {
        let e = Report::parse_jsonl("r.jsonl", "{\"text\":\"a\"}\n{oops}\n").unwrap_err();
        assert!(e.to_string().starts_with("r.jsonl:2:"), "{e}");
    }
}
