//! A walker over a spanned TOML tree that collects *every* problem at once.
//!
//! serde's `deny_unknown_fields` stops at the first mistake; analysts need the
//! whole list, each with file, line, column, key path, what was found, what is
//! allowed and a did-you-mean. Each getter marks its key as known; `finish`
//! reports the keys nobody asked for.

use std::cell::RefCell;
use std::fmt;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

/// One problem in a scenario file.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    /// Dotted key path, e.g. `service_line[2].handle_time.mean_s`.
    pub path: String,
    /// Byte range in the source text (empty for problems of the whole file).
    pub span: Range<usize>,
    /// What is wrong: what was found and what is allowed.
    pub message: String,
    /// A did-you-mean or a hint on how to fix it.
    pub help: Option<String>,
}

/// All problems of one file, renderable with line, column and the offending line.
#[derive(Clone, Debug)]
pub struct Diagnostics {
    /// File name as the user gave it.
    pub file: String,
    /// The file's text (for line/column and the excerpt).
    pub source: String,
    /// The problems, in source order.
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Line and column (both 1-based) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.source.len());
        let before = &self.source[..floor_char_boundary(&self.source, offset)];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = before[line_start..].chars().count() + 1;
        (line, col)
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (n, d) in self.items.iter().enumerate() {
            if n > 0 {
                writeln!(f)?;
            }
            if d.span.start == usize::MAX {
                writeln!(f, "error: {}: {}: {}", self.file, d.path, d.message)?;
            } else {
                let (line, col) = self.line_col(d.span.start);
                let key = if d.path.is_empty() {
                    String::new()
                } else {
                    format!(" {}:", d.path)
                };
                writeln!(f, "error: {}:{line}:{col}:{key} {}", self.file, d.message)?;
                if let Some(text) = self.source.lines().nth(line - 1) {
                    let width = line.to_string().len();
                    let underline_len = self.source[d.span.start.min(self.source.len())
                        ..d.span.end.min(self.source.len()).max(d.span.start)]
                        .lines()
                        .next()
                        .map_or(1, |s| s.chars().count().max(1));
                    writeln!(f, "{:width$} |", "")?;
                    writeln!(f, "{line} | {text}")?;
                    writeln!(
                        f,
                        "{:width$} | {}{}",
                        "",
                        " ".repeat(col - 1),
                        "^".repeat(underline_len)
                    )?;
                }
            }
            if let Some(help) = &d.help {
                writeln!(f, "  = help: {help}")?;
            }
        }
        let n = self.items.len();
        write!(
            f,
            "{} problem{} in {}",
            n,
            if n == 1 { "" } else { "s" },
            self.file
        )
    }
}

/// Span used for values that did not come from the file (e.g. `--set`).
pub const NO_SPAN: Range<usize> = usize::MAX..usize::MAX;

/// Collects diagnostics while a scenario is read.
#[derive(Default)]
pub struct Sink {
    items: RefCell<Vec<Diagnostic>>,
}

impl Sink {
    /// Records a problem.
    pub fn error(
        &self,
        path: &str,
        span: Range<usize>,
        message: impl Into<String>,
        help: Option<String>,
    ) {
        self.items.borrow_mut().push(Diagnostic {
            path: path.to_string(),
            span,
            message: message.into(),
            help,
        });
    }

    /// True when nothing has been recorded.
    pub fn is_empty(&self) -> bool {
        self.items.borrow().is_empty()
    }

    /// The problems in source order.
    pub fn into_items(self) -> Vec<Diagnostic> {
        let mut items = self.items.into_inner();
        items.sort_by_key(|d| d.span.start);
        items.dedup();
        items
    }
}

/// The closest candidate to `word` if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = word.to_ascii_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&lower, &c.to_ascii_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// "did you mean `x`?" or the list of allowed names.
pub fn suggestion(word: &str, allowed: &[&str]) -> String {
    match did_you_mean(word, allowed.iter().copied()) {
        Some(best) => format!("did you mean `{best}`? allowed: {}", allowed.join(", ")),
        None => format!("allowed: {}", allowed.join(", ")),
    }
}

/// Describes a TOML value for messages: its type and, for scalars, its text.
pub fn describe(value: &DeValue<'_>) -> String {
    match value {
        DeValue::String(s) => format!("the string \"{s}\""),
        DeValue::Integer(i) => format!("the integer {i}"),
        DeValue::Float(x) => format!("the number {x}"),
        DeValue::Boolean(b) => format!("the boolean {b}"),
        DeValue::Datetime(d) => format!("the date {d}"),
        DeValue::Array(_) => "an array".to_string(),
        DeValue::Table(_) => "a table".to_string(),
    }
}

/// A value with its location and key path.
#[derive(Clone)]
pub struct Node<'p, 'a, 'i> {
    /// The path of this value, for messages.
    pub path: &'p str,
    /// The parsed value.
    pub value: &'a DeValue<'i>,
    /// Where it is in the source.
    pub span: Range<usize>,
}

/// Number from a TOML value; integers are accepted where numbers are expected.
pub fn as_number(value: &DeValue<'_>) -> Option<f64> {
    match value {
        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
            .ok()
            .map(|v| v as f64),
        DeValue::Float(x) => x.as_str().replace('_', "").parse::<f64>().ok(),
        _ => None,
    }
}

impl<'a, 'i> Node<'_, 'a, 'i> {
    /// Reports a problem at this node.
    pub fn error(&self, sink: &Sink, message: impl Into<String>, help: Option<String>) {
        sink.error(self.path, self.span.clone(), message, help);
    }

    /// A finite number, or an error naming what was found.
    pub fn number(&self, sink: &Sink) -> Option<f64> {
        match as_number(self.value) {
            Some(x) if x.is_finite() => Some(x),
            Some(x) => {
                self.error(
                    sink,
                    format!("found {x}, but only finite numbers are allowed"),
                    None,
                );
                None
            }
            None => {
                let help = match self.value {
                    DeValue::String(s) if s.replace([',', '_', ' '], "").parse::<f64>().is_ok() => {
                        Some(format!(
                            "write numbers without quotes or thousands separators: {}",
                            s.replace([',', ' '], "")
                        ))
                    }
                    _ => None,
                };
                self.error(
                    sink,
                    format!("expected a number, found {}", describe(self.value)),
                    help,
                );
                None
            }
        }
    }

    /// A finite number within `lo..=hi`; `what` names the allowed range in the message.
    pub fn number_in(&self, sink: &Sink, lo: f64, hi: f64, what: &str) -> Option<f64> {
        let x = self.number(sink)?;
        if x < lo || x > hi {
            let key = self.path.rsplit('.').next().unwrap_or(self.path);
            let help = (what.contains("0 to 1") && x > 1.0 && x <= 100.0)
                .then(|| format!("shares are written 0–1: {} for {x}%", x / 100.0));
            self.error(sink, format!("found {x}, but `{key}` must be {what}"), help);
            return None;
        }
        Some(x)
    }

    /// A whole number within `lo..=hi`.
    pub fn whole_in(&self, sink: &Sink, lo: i64, hi: i64) -> Option<i64> {
        let x = self.number(sink)?;
        if x.fract() != 0.0 || x < lo as f64 || x > hi as f64 {
            let key = self.path.rsplit('.').next().unwrap_or(self.path);
            self.error(
                sink,
                format!("found {x}, but `{key}` must be a whole number from {lo} to {hi}"),
                None,
            );
            return None;
        }
        Some(x as i64)
    }

    /// A non-negative whole number.
    /// A whole number over the full 64-bit unsigned range, read exactly (a seed).
    pub fn whole_u64(&self, sink: &Sink) -> Option<u64> {
        let exact = match self.value {
            DeValue::Integer(i) => {
                u64::from_str_radix(&i.as_str().replace('_', ""), i.radix()).ok()
            }
            _ => None,
        };
        if exact.is_none() {
            self.error(
                sink,
                format!(
                    "found {}, but a whole number from 0 to {} is required",
                    describe(self.value),
                    u64::MAX
                ),
                None,
            );
        }
        exact
    }

    pub fn count(&self, sink: &Sink) -> Option<u64> {
        let x = self.number(sink)?;
        if x < 0.0 || x.fract() != 0.0 || x > 9.0e15 {
            self.error(
                sink,
                format!(
                    "found {x}, but a whole number from 0 to 9,000,000,000,000,000 is required"
                ),
                None,
            );
            return None;
        }
        Some(x as u64)
    }

    /// A string.
    pub fn string(&self, sink: &Sink) -> Option<&'a str> {
        match self.value {
            DeValue::String(s) => Some(s.as_ref()),
            other => {
                self.error(
                    sink,
                    format!("expected a string, found {}", describe(other)),
                    None,
                );
                None
            }
        }
    }

    /// A boolean.
    pub fn boolean(&self, sink: &Sink) -> Option<bool> {
        match self.value {
            DeValue::Boolean(b) => Some(*b),
            other => {
                self.error(
                    sink,
                    format!("expected true or false, found {}", describe(other)),
                    None,
                );
                None
            }
        }
    }

    /// One of a fixed set of names, with a did-you-mean.
    pub fn choice(&self, sink: &Sink, allowed: &[&str]) -> Option<&'a str> {
        let s = self.string(sink)?;
        if allowed.contains(&s) {
            Some(s)
        } else {
            self.error(
                sink,
                format!("unknown value \"{s}\""),
                Some(suggestion(s, allowed)),
            );
            None
        }
    }

    /// The elements of an array.
    pub fn array(&self, sink: &Sink) -> Option<&'a DeArray<'i>> {
        match self.value {
            DeValue::Array(a) => Some(a),
            other => {
                self.error(
                    sink,
                    format!("expected an array, found {}", describe(other)),
                    None,
                );
                None
            }
        }
    }

    /// An array of finite numbers.
    pub fn numbers(&self, sink: &Sink) -> Option<Vec<f64>> {
        let array = self.array(sink)?;
        let mut out = Vec::with_capacity(array.len());
        let mut ok = true;
        for (i, item) in array.iter().enumerate() {
            let path = format!("{}[{i}]", self.path);
            let node = Node {
                path: &path,
                value: item.get_ref(),
                span: item.span(),
            };
            match node.number(sink) {
                Some(x) => out.push(x),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    /// The tables of an array (`[[x]]` or `[{...}, ...]`): one entry per
    /// element, `None` (reported) where an element is not a table.
    pub fn tables(&self, sink: &Sink) -> Option<Vec<Option<TableReader<'a, 'i>>>> {
        let array = self.array(sink)?;
        Some(
            array
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    let path = format!("{}[{i}]", self.path);
                    Node {
                        path: &path,
                        value: item.get_ref(),
                        span: item.span(),
                    }
                    .table(sink)
                })
                .collect(),
        )
    }

    /// The node as a table reader.
    pub fn table(&self, sink: &Sink) -> Option<TableReader<'a, 'i>> {
        match self.value {
            DeValue::Table(t) => Some(TableReader::new(
                self.path.to_string(),
                t,
                self.span.clone(),
            )),
            other => {
                self.error(
                    sink,
                    format!("expected a table, found {}", describe(other)),
                    None,
                );
                None
            }
        }
    }
}

/// Reads one TOML table; remembers which keys were asked for.
pub struct TableReader<'a, 'i> {
    path: String,
    table: &'a DeTable<'i>,
    span: Range<usize>,
    known: RefCell<Vec<&'static str>>,
}

/// Owned (path, value, span) triple handed out by `TableReader::get`.
pub struct Entry<'a, 'i> {
    path: String,
    value: &'a DeValue<'i>,
    span: Range<usize>,
}

impl<'a, 'i> Entry<'a, 'i> {
    /// Borrow as a node.
    pub fn node(&self) -> Node<'_, 'a, 'i> {
        Node {
            path: &self.path,
            value: self.value,
            span: self.span.clone(),
        }
    }
}

impl<'a, 'i> TableReader<'a, 'i> {
    /// A reader of `table`, found at `path`.
    pub fn new(path: String, table: &'a DeTable<'i>, span: Range<usize>) -> Self {
        Self {
            path,
            table,
            span,
            known: RefCell::new(Vec::new()),
        }
    }

    /// Path of this table.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Span of this table.
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    /// Path of a key in this table.
    pub fn key_path(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    /// The value of `key`, if present; marks the key as known.
    pub fn get(&self, key: &'static str) -> Option<Entry<'a, 'i>> {
        self.known.borrow_mut().push(key);
        self.table
            .iter()
            .find(|(k, _)| k.get_ref().as_ref() == key)
            .map(|(_, v)| Entry {
                path: self.key_path(key),
                value: v.get_ref(),
                span: v.span(),
            })
    }

    /// Marks keys as known without reading them (read elsewhere).
    pub fn allow(&self, keys: &[&'static str]) {
        self.known.borrow_mut().extend_from_slice(keys);
    }

    /// The value of a required key, or an error saying it is missing.
    pub fn required(&self, key: &'static str, sink: &Sink, what: &str) -> Option<Entry<'a, 'i>> {
        let entry = self.get(key);
        if entry.is_none() {
            sink.error(
                &self.key_path(key),
                self.span.clone(),
                format!("missing key `{key}` ({what})"),
                None,
            );
        }
        entry
    }

    /// All keys present, with their spans (for maps such as `on_duty`).
    pub fn entries(&self) -> Vec<(&'a str, Entry<'a, 'i>)> {
        self.table
            .iter()
            .map(|(k, v)| {
                (
                    k.get_ref().as_ref(),
                    Entry {
                        path: self.key_path(k.get_ref()),
                        value: v.get_ref(),
                        span: v.span(),
                    },
                )
            })
            .collect()
    }

    /// Reports every key that no getter asked for, with a did-you-mean.
    pub fn finish(&self, sink: &Sink) {
        let known = self.known.borrow().clone();
        for (key, _) in self.table.iter() {
            let name: &str = key.get_ref();
            if !known.contains(&name) {
                let mut allowed: Vec<&str> = known.clone();
                allowed.sort_unstable();
                allowed.dedup();
                sink.error(
                    &self.key_path(name),
                    key.span(),
                    format!("unknown key `{name}`"),
                    Some(suggestion(name, &allowed)),
                );
            }
        }
    }
}

/// Parses TOML text into a spanned tree, turning syntax errors into diagnostics.
pub fn parse(source: &str) -> Result<Spanned<DeTable<'_>>, Diagnostic> {
    DeTable::parse(source).map_err(|e| Diagnostic {
        path: String::new(),
        span: e.span().unwrap_or(0..0),
        message: format!("invalid TOML: {}", e.message().trim_end()),
        help: None,
    })
}
