//! The scenario as written, for the report's table of assumptions: every
//! input with its key path, its value as spelled in the file and the
//! comments that state its source.
//!
//! Read with `toml_edit`, which keeps comments and spellings. Plain data
//! out; like all of `scenario`, imports nothing above it.

use serde::Serialize;
use toml_edit::{Array, Document, InlineTable, Key, RawString, Table, Value};

/// Every input of a scenario file.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Inputs {
    /// The comment block at the top of the file; paragraphs are separated
    /// by a blank line, the lines of a paragraph by a newline.
    pub preamble: String,
    /// The top level (when it has inputs), then every `[table]` and every
    /// `[[array]]` element, in file order.
    pub groups: Vec<InputGroup>,
}

/// The inputs under one header of the file, or at its top level.
#[derive(Clone, Debug, Serialize)]
pub struct InputGroup {
    /// The header's key path, dotted (`service_line`, `workforce.pipeline`);
    /// empty for the top level.
    pub path: String,
    /// Whether the header is `[[path]]`: one element of an array of tables.
    pub array: bool,
    /// For an array element: its `id` (or else `name`) as written.
    pub element: Option<String>,
    /// The label of the array element this table belongs to, if any.
    pub parent: Option<String>,
    /// Where the inputs live: `workforce`, `service_line[voice]`,
    /// `service_line[voice]/service_line.extra`; empty for the top level.
    pub label: String,
    /// The comment on the header line.
    pub comment: Option<String>,
    /// The inputs, in file order.
    pub inputs: Vec<Input>,
}

/// One `key = value` of the file.
#[derive(Clone, Debug, Serialize)]
pub struct Input {
    /// The key as written; the parts of a dotted key joined with `.`.
    pub key: String,
    /// The group's label and the key: `service_line[voice].volume`.
    pub path: String,
    /// The value as written.
    pub value: InputValue,
    /// The stated source: the comment lines directly above the key, the
    /// comments inside the value and the comment after it, as one text.
    /// `None` when the file states none.
    pub source: Option<String>,
    /// Whether the source marks the value as an assumption.
    pub assumption: bool,
}

/// A value as written.
#[derive(Clone, Debug, Serialize)]
pub enum InputValue {
    /// A string, decoded.
    Text(String),
    /// A number, boolean or date, spelled as in the file.
    Raw(String),
    /// An array, with the comments of its elements.
    Array(Vec<InputElement>),
    /// An inline table: keys (dotted ones joined) and values, in file order.
    Table(Vec<(String, InputValue)>),
}

/// One element of an array.
#[derive(Clone, Debug, Serialize)]
pub struct InputElement {
    /// The element.
    pub value: InputValue,
    /// The comment lines above it and the comment on its line.
    pub comment: Option<String>,
}

impl Inputs {
    /// The value of the scalar input `key` of table `path`, as written
    /// (digit separators dropped).
    pub fn find(&self, path: &str, key: &str) -> Option<String> {
        self.groups
            .iter()
            .filter(|g| g.path == path)
            .flat_map(|g| &g.inputs)
            .find(|i| i.key == key)
            .and_then(|i| match &i.value {
                InputValue::Raw(r) => Some(r.replace('_', "")),
                InputValue::Text(s) => Some(s.clone()),
                _ => None,
            })
    }
}

/// Reads every input of a scenario text with its comments. Never fails: a
/// text that is not TOML (the loader refuses it before any report) has no
/// inputs.
pub fn read(text: &str) -> Inputs {
    let preamble = preamble(text);
    let Ok(doc) = Document::parse(text) else {
        return Inputs {
            preamble,
            groups: Vec::new(),
        };
    };
    let reader = Reader { text };
    let root = reader.group(doc.as_table(), String::new(), false, None);
    let mut tables = Vec::new();
    reader.tables(doc.as_table(), &mut Vec::new(), None, &mut tables);
    tables.sort_by_key(|(position, _)| *position);
    Inputs {
        preamble,
        groups: (!root.inputs.is_empty())
            .then_some(root)
            .into_iter()
            .chain(tables.into_iter().map(|(_, g)| g))
            .collect(),
    }
}

/// The comment lines before the first key or header, with one empty line
/// between paragraphs (an empty comment or blank line ends a paragraph).
fn preamble(text: &str) -> String {
    let mut lines: Vec<&str> = Vec::new();
    for line in text.trim_start_matches('\u{feff}').lines() {
        let line = line.trim_start_matches([' ', '\t']);
        let comment = line.strip_prefix('#').map(|c| c.trim_end_matches('\r'));
        match comment {
            Some(c) if !c.trim().is_empty() => {
                lines.push(c.strip_prefix(' ').unwrap_or(c).trim_end())
            }
            Some(_) => lines.push(""),
            None if line.trim().is_empty() => {
                if lines.last().is_some_and(|l| !l.is_empty()) {
                    lines.push("");
                }
            }
            None => break,
        }
    }
    lines
        .join("\n")
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Reads values and comments out of a parsed document, slicing the text
/// by the spans `toml_edit` keeps.
struct Reader<'t> {
    text: &'t str,
}

impl Reader<'_> {
    /// The text of whitespace and comments between tokens.
    fn raw<'a>(&'a self, raw: Option<&'a RawString>) -> &'a str {
        raw.and_then(|r| {
            r.as_str()
                .or_else(|| r.span().and_then(|s| self.text.get(s)))
        })
        .unwrap_or_default()
    }

    /// Every table with a header under `table`, with its position in the file.
    fn tables(
        &self,
        table: &Table,
        path: &mut Vec<String>,
        parent: Option<&str>,
        out: &mut Vec<(isize, InputGroup)>,
    ) {
        for (key, item) in table.iter() {
            path.push(key.to_string());
            if let Some(t) = item.as_table().filter(|t| !t.is_dotted()) {
                if !t.is_implicit() {
                    let group = self.group(t, path.join("."), false, parent);
                    out.push((t.position().unwrap_or_default(), group));
                }
                self.tables(t, path, parent, out);
            } else if let Some(elements) = item.as_array_of_tables() {
                for t in elements.iter() {
                    let group = self.group(t, path.join("."), true, parent);
                    let label = group.label.clone();
                    out.push((t.position().unwrap_or_default(), group));
                    self.tables(t, path, Some(&label), out);
                }
            }
            path.pop();
        }
    }

    /// The inputs of one table (its own keys, dotted ones included).
    fn group(&self, table: &Table, path: String, array: bool, parent: Option<&str>) -> InputGroup {
        let mut inputs: Vec<Input> = in_file_order(table.get_values())
            .into_iter()
            .map(|(keys, value)| self.input(&keys, value))
            .collect();
        let element = array
            .then(|| {
                ["id", "name"].iter().find_map(|k| {
                    inputs
                        .iter()
                        .find(|i| i.key == *k)
                        .and_then(|i| match &i.value {
                            InputValue::Text(s) | InputValue::Raw(s) => Some(s.clone()),
                            _ => None,
                        })
                })
            })
            .flatten();
        let own = match &element {
            Some(e) => format!("{path}[{e}]"),
            None => path.clone(),
        };
        let label = match parent {
            Some(p) => format!("{p}/{own}"),
            None => own,
        };
        if !label.is_empty() {
            for input in &mut inputs {
                input.path = format!("{label}.{}", input.key);
            }
        }
        InputGroup {
            comment: comments(self.raw(table.decor().suffix())).next(),
            path,
            array,
            element,
            parent: parent.map(str::to_string),
            label,
            inputs,
        }
    }

    /// One `key = value` with its source: the comment lines above the key
    /// read as one text; comments inside the value and after it follow. Its
    /// path is the key until the group knows its label.
    fn input(&self, keys: &[&Key], value: &Value) -> Input {
        let key = dotted(keys);
        let above = keys
            .last()
            .map(|k| lines_above(self.raw(k.leaf_decor().prefix())))
            .unwrap_or_default();
        let mut notes = Vec::new();
        if !above.is_empty() {
            notes.push(above.join(" "));
        }
        let value_as_written = self.value(value, &mut notes);
        notes.extend(comments(self.raw(value.decor().suffix())));
        let source = notes.into_iter().reduce(|mut a, b| {
            push_note_to(&mut a, &b);
            a
        });
        Input {
            path: key.clone(),
            key,
            value: value_as_written,
            assumption: source
                .as_ref()
                .is_some_and(|s| s.to_lowercase().contains("assumption")),
            source,
        }
    }

    /// A value as written; comments inside it that belong to no array
    /// element go to `notes`.
    fn value(&self, value: &Value, notes: &mut Vec<String>) -> InputValue {
        match value {
            Value::String(s) => InputValue::Text(s.value().clone()),
            Value::Array(a) => self.array(a, notes),
            Value::InlineTable(t) => self.inline_table(t, notes),
            _ => InputValue::Raw(
                value
                    .span()
                    .and_then(|s| self.text.get(s))
                    .unwrap_or_default()
                    .to_string(),
            ),
        }
    }

    /// An array, as its reader sees the comments: one on an element's line
    /// belongs to that element, comment lines above an element to it; a
    /// comment on the opening line or below the last element to `notes`.
    fn array(&self, array: &Array, notes: &mut Vec<String>) -> InputValue {
        let mut elements = ArrayComments {
            items: Vec::new(),
            pending: Vec::new(),
            same_line: true,
        };
        for value in array.iter() {
            elements.gap(self.raw(value.decor().prefix()), notes);
            let element = self.value(value, notes);
            elements.push(element);
            elements.gap(self.raw(value.decor().suffix()), notes);
        }
        elements.gap(self.raw(Some(array.trailing())), notes);
        notes.append(&mut elements.pending);
        InputValue::Array(elements.items)
    }

    /// An inline table; every comment inside it goes to `notes`.
    fn inline_table(&self, table: &InlineTable, notes: &mut Vec<String>) -> InputValue {
        let mut pairs = Vec::new();
        for (keys, value) in in_file_order(table.get_values()) {
            if let Some(leaf) = keys.last() {
                notes.extend(comments(self.raw(leaf.leaf_decor().prefix())));
                notes.extend(comments(self.raw(leaf.leaf_decor().suffix())));
            }
            notes.extend(comments(self.raw(value.decor().prefix())));
            let v = self.value(value, notes);
            notes.extend(comments(self.raw(value.decor().suffix())));
            pairs.push((dotted(&keys), v));
        }
        notes.extend(comments(self.raw(Some(table.trailing()))));
        InputValue::Table(pairs)
    }
}

/// The elements of an array being read, and where its next comment goes.
struct ArrayComments {
    items: Vec<InputElement>,
    /// Comment lines waiting for the element below them.
    pending: Vec<String>,
    /// No newline since the last element (or the opening bracket).
    same_line: bool,
}

impl ArrayComments {
    /// Whitespace and comments between the tokens of the array.
    fn gap(&mut self, text: &str, notes: &mut Vec<String>) {
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                self.same_line = false;
            }
            let Some(c) = comments(line).next() else {
                continue;
            };
            match (self.same_line, self.items.last_mut()) {
                (true, Some(last)) => match &mut last.comment {
                    Some(s) => push_note_to(s, &c),
                    None => last.comment = Some(c),
                },
                (true, None) => notes.push(c),
                (false, _) => self.pending.push(c),
            }
        }
    }

    fn push(&mut self, value: InputValue) {
        let comment = (!self.pending.is_empty()).then(|| self.pending.join(" "));
        self.pending.clear();
        self.items.push(InputElement { value, comment });
        self.same_line = true;
    }
}

/// Key-value pairs in the order of the file (`toml_edit` groups the keys
/// of a dotted table together).
fn in_file_order<'a>(mut values: Vec<(Vec<&'a Key>, &'a Value)>) -> Vec<(Vec<&'a Key>, &'a Value)> {
    values.sort_by_key(|(keys, _)| keys.last().and_then(|k| k.span()).map(|s| s.start));
    values
}

/// The parts of a dotted key joined with `.`.
fn dotted(keys: &[&Key]) -> String {
    keys.iter().map(|k| k.get()).collect::<Vec<_>>().join(".")
}

/// The non-empty comments of a text of whitespace and comments, trimmed.
fn comments(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split('\n').filter_map(|line| {
        let (_, c) = line.split_once('#')?;
        let c = c.trim();
        (!c.is_empty()).then(|| c.to_string())
    })
}

/// The comment lines directly above a key: a blank line ends them.
fn lines_above(prefix: &str) -> Vec<String> {
    let mut above = Vec::new();
    // The last piece is the key's own line, up to the key.
    let mut lines: Vec<&str> = prefix.split('\n').collect();
    lines.pop();
    for line in lines {
        if line.trim().is_empty() {
            above.clear();
        } else {
            above.extend(comments(line));
        }
    }
    above
}

/// Appends a separate comment: after "; " unless the text already ends a clause.
fn push_note_to(s: &mut String, c: &str) {
    if !s.ends_with(['.', ';', ':', ',']) {
        s.push(';');
    }
    s.push(' ');
    s.push_str(c);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_keys_comments_inline_tables_and_arrays() {
        let text = "# Title\n# more\n\n[scenario]\nname = \"a <b> & 'c'\"   # from X\nseed = 12345\n\
                    # above\nstudents = 16_000\n\n[[service_line]]\nid = \"voice\" # desc\nvolume = { per_day = 2400, g = 0.02 } # src\n\
                    classes = [  # open\n  { name = \"P1\", share = 0.5 },\n  # own line\n  { name = \"P2\", share = 0.5 },  # two\n]  # close\n\
                    empty = \"\"\nmulti = \"\"\"\nline1\nline2\"\"\"\n[service_line.sub]\nx = 1\n";
        let inputs = read(text);
        assert_eq!(inputs.preamble, "Title\nmore");
        assert_eq!(inputs.groups.len(), 3);
        let sc = &inputs.groups[0];
        assert_eq!(sc.inputs[0].source.as_deref(), Some("from X"));
        assert_eq!(sc.inputs[1].source, None);
        assert_eq!(sc.inputs[2].source.as_deref(), Some("above"));
        assert!(matches!(&sc.inputs[2].value, InputValue::Raw(r) if r == "16_000"));
        assert_eq!(
            inputs.find("scenario", "students").as_deref(),
            Some("16000")
        );
        let sl = &inputs.groups[1];
        assert_eq!(sl.label, "service_line[voice]");
        assert_eq!(sl.inputs[1].path, "service_line[voice].volume");
        let InputValue::Array(items) = &sl.inputs[2].value else {
            panic!()
        };
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].comment, None);
        assert_eq!(items[1].comment.as_deref(), Some("own line; two"));
        assert_eq!(sl.inputs[2].source.as_deref(), Some("open; close"));
        assert!(matches!(&sl.inputs[4].value, InputValue::Text(s) if s == "line1\nline2"));
        assert_eq!(
            inputs.groups[2].parent.as_deref(),
            Some("service_line[voice]")
        );
        assert_eq!(
            inputs.groups[2].label,
            "service_line[voice]/service_line.sub"
        );
    }

    #[test]
    fn keeps_file_order_of_dotted_keys_and_marks_assumptions() {
        let text = "a.x = 1  # assumption: none\nb = 2\na.y = \"s\"\n[t]\n# lost: above a header\n";
        let inputs = read(text);
        let root = &inputs.groups[0];
        let keys: Vec<_> = root.inputs.iter().map(|i| i.key.as_str()).collect();
        assert_eq!(keys, ["a.x", "b", "a.y"]);
        assert!(root.inputs[0].assumption && !root.inputs[1].assumption);
        assert_eq!(inputs.groups[1].path, "t");
        assert!(inputs.groups[1].inputs.is_empty());
        assert_eq!(inputs.preamble, "");
    }
}
