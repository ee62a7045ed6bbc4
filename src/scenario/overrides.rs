//! `--set KEY=VALUE`: override a scalar of a scenario from the command line.
//!
//! Overrides edit the TOML text itself (comments and layout kept), so the
//! effective scenario is an ordinary scenario: it is validated like any
//! file, written to `scenario.toml` and hashed, and a merge of shards
//! re-reads exactly what ran. Service lines are addressed by id
//! (`service_line.voice.price_usd_per_hour=9`) and `[[workforce.team]]`s by
//! name; `*` stands for every line (or team):
//! `service_line.*.volume.monthly_growth=0.034`. A path that matches nothing
//! is an error.

use toml_edit::{DocumentMut, InlineTable, Item, Table, Value};

use super::reader::suggestion;
use crate::error::BadInput;

/// One `KEY=VALUE` override.
#[derive(Clone, Debug, PartialEq)]
pub struct Override {
    /// Dotted path, e.g. `education.placement_rate`.
    pub path: String,
    /// The value as written (TOML syntax; bare words are taken as strings).
    pub value: String,
}

impl std::str::FromStr for Override {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let (path, value) = s.split_once('=').ok_or_else(|| {
            format!("expected KEY=VALUE (e.g. education.placement_rate=0.4), found \"{s}\"")
        })?;
        let path = path.trim();
        if s.contains(['\n', '\r']) {
            return Err(format!(
                "\"{}\" holds a line break: give one KEY=VALUE per --set",
                s.escape_debug()
            ));
        }
        if path.is_empty() || path.split('.').any(str::is_empty) {
            return Err(format!(
                "\"{path}\" is not a dotted key path such as education.placement_rate"
            ));
        }
        Ok(Override {
            path: path.to_string(),
            value: value.trim().to_string(),
        })
    }
}

fn parse_value(text: &str) -> Value {
    format!("v = {text}")
        .parse::<DocumentMut>()
        .ok()
        .and_then(|doc| doc.get("v").and_then(Item::as_value).cloned())
        .unwrap_or_else(|| Value::from(text))
}

/// Optional tables that `--set` may create where the scenario leaves them out
/// (the values the capacity plan recommends must be applicable as given).
const CREATABLE: [&str; 5] = [
    "workforce.extra_hires_per_month",
    "workforce.skill_mix",
    "workforce.language_mix",
    "workforce.initial_headcount",
    "workforce.wage_usd_month",
];

/// The dotted path of `part` when `rest` is what follows it in `path`.
fn path_to(path: &str, part: &str, rest: &[&str]) -> String {
    let all: Vec<&str> = path.split('.').collect();
    let at = all.len() - rest.len() - 1;
    let mut prefix: Vec<&str> = all[..at].to_vec();
    prefix.push(part);
    prefix.join(".")
}

fn unknown(path: &str, part: &str, allowed: Vec<&str>) -> BadInput {
    BadInput::new(format!(
        "--set {path}: no `{part}` here; {}",
        suggestion(part, &allowed)
    ))
}

fn not_a_table(path: &str, part: &str) -> BadInput {
    BadInput::new(format!("--set {path}: `{part}` is a value, not a table"))
}

/// Sets `parts` (relative to `table`) to `value`.
fn set_path(table: &mut Table, parts: &[&str], path: &str, value: Value) -> Result<(), BadInput> {
    match parts {
        [] => Err(BadInput::new("empty --set path")),
        [last] => {
            if table
                .get(last)
                .is_some_and(|item| item.is_table_like() || item.is_array_of_tables())
            {
                return Err(BadInput::new(format!(
                    "--set {path}: `{last}` is a table; set one of its values, e.g. {path}.<key>=..."
                )));
            }
            table[last] = Item::Value(value);
            Ok(())
        }
        [array @ ("service_line" | "team"), id, rest @ ..] => {
            let what = if *array == "team" {
                "team"
            } else {
                "service line"
            };
            let key = if *array == "team" { "name" } else { "id" };
            let items = table
                .get_mut(array)
                .and_then(Item::as_array_of_tables_mut)
                .ok_or_else(|| {
                    BadInput::new(format!("--set {path}: the scenario has no [[{array}]]"))
                })?;
            let ids: Vec<String> = items
                .iter()
                .filter_map(|t| t.get(key).and_then(Item::as_str).map(str::to_string))
                .collect();
            if rest.is_empty() {
                return Err(BadInput::new(format!(
                    "--set {path}: name a key of the {what}, e.g. {array}.{id}.price_usd=7"
                )));
            }
            // An id sets the key in that element; `*` in every element that
            // has the path (an error only if none has it).
            let mut matched = 0;
            let mut first_error = None;
            for item in items.iter_mut() {
                if *id == "*" || item.get(key).and_then(Item::as_str) == Some(id) {
                    match set_path(item, rest, path, value.clone()) {
                        Ok(()) => matched += 1,
                        Err(e) if *id == "*" => {
                            first_error.get_or_insert(e);
                        }
                        Err(e) => return Err(e),
                    }
                }
            }
            if let (0, Some(e)) = (matched, first_error) {
                return Err(e);
            }
            if matched == 0 {
                return Err(BadInput::new(format!(
                    "--set {path}: no {what} with {key} \"{id}\"; {}",
                    suggestion(id, &ids.iter().map(String::as_str).collect::<Vec<_>>())
                )));
            }
            Ok(())
        }
        [part, rest @ ..] => {
            let allowed: Vec<String> = table.iter().map(|(k, _)| k.to_string()).collect();
            let creatable = CREATABLE.contains(&path_to(path, part, rest).as_str());
            if table.get(part).is_none() && creatable {
                table[part] = Item::Value(Value::InlineTable(InlineTable::new()));
            }
            match table.get_mut(part) {
                Some(Item::Table(t)) => set_path(t, rest, path, value),
                Some(Item::Value(Value::InlineTable(t))) => set_inline(t, rest, path, value),
                Some(_) => Err(not_a_table(path, part)),
                None => Err(unknown(
                    path,
                    part,
                    allowed.iter().map(String::as_str).collect(),
                )),
            }
        }
    }
}

/// Sets `parts` inside an inline table (`{ a = 1 }`), keeping it inline.
fn set_inline(
    table: &mut InlineTable,
    parts: &[&str],
    path: &str,
    value: Value,
) -> Result<(), BadInput> {
    match parts {
        [] => Err(BadInput::new("empty --set path")),
        [last] => {
            if table.get(last).is_some_and(|v| v.is_inline_table()) {
                return Err(BadInput::new(format!(
                    "--set {path}: `{last}` is a table; set one of its values"
                )));
            }
            table.insert(*last, value);
            Ok(())
        }
        [part, rest @ ..] => {
            let allowed: Vec<String> = table.iter().map(|(k, _)| k.to_string()).collect();
            match table.get_mut(part) {
                Some(Value::InlineTable(t)) => set_inline(t, rest, path, value),
                Some(_) => Err(not_a_table(path, part)),
                None => Err(unknown(
                    path,
                    part,
                    allowed.iter().map(String::as_str).collect(),
                )),
            }
        }
    }
}

/// The value at `path` in scenario text (for `*`, the first line or team
/// that has it), if there is one.
pub fn lookup(text: &str, path: &str) -> Option<toml::Value> {
    fn find<'a>(value: &'a toml::Value, parts: &[&str]) -> Option<&'a toml::Value> {
        match parts {
            [] => Some(value),
            [array @ ("service_line" | "team"), id, rest @ ..] => {
                let key = if *array == "team" { "name" } else { "id" };
                value
                    .get(array)?
                    .as_array()?
                    .iter()
                    .filter(|t| *id == "*" || t.get(key).and_then(toml::Value::as_str) == Some(id))
                    .find_map(|t| find(t, rest))
            }
            [part, rest @ ..] => find(value.get(part)?, rest),
        }
    }
    let doc: toml::Value = toml::from_str::<toml::Table>(text).ok()?.into();
    let parts: Vec<&str> = path.split('.').collect();
    find(&doc, &parts).cloned()
}

/// Applies overrides to scenario text, returning the effective text.
pub fn apply(text: &str, overrides: &[Override]) -> Result<String, BadInput> {
    if overrides.is_empty() {
        return Ok(text.to_string());
    }
    let mut doc: DocumentMut = text.parse().map_err(|e| {
        BadInput::new(format!(
            "cannot apply --set: the scenario is not valid TOML: {e}"
        ))
    })?;
    for o in overrides {
        let parts: Vec<&str> = o.path.split('.').collect();
        set_path(doc.as_table_mut(), &parts, &o.path, parse_value(&o.value))?;
    }
    Ok(doc.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(text: &str, o: &str) -> Result<String, BadInput> {
        apply(text, &[o.parse().unwrap()])
    }

    const TEXT: &str = "[scenario]\nseed = 1 # the seed\n[[service_line]]\nid = \"voice\"\nprice_usd = 8\n[workforce]\nlearning_curve = { start_multiplier = 1.6, weeks_to_proficiency = 13 }\n";

    #[test]
    fn sets_scalars_by_path_and_line_id() {
        let out = set(TEXT, "scenario.seed=42").unwrap();
        assert!(out.contains("seed = 42"), "{out}");
        let out = set(TEXT, "service_line.voice.price_usd=9.5").unwrap();
        assert!(out.contains("price_usd = 9.5"), "{out}");
        let out = set(TEXT, "workforce.learning_curve.start_multiplier=2").unwrap();
        let doc: toml::Table = toml::from_str(&out).unwrap();
        assert_eq!(
            doc["workforce"]["learning_curve"]["start_multiplier"].as_integer(),
            Some(2)
        );
    }

    #[test]
    fn a_star_sets_every_service_line() {
        let text = "[[service_line]]\nid = \"a\"\nvolume = { per_day = 1, monthly_growth = 0.01 }\n\n\
                    [[service_line]]\nid = \"b\"\nvolume = { per_day = 2, monthly_growth = 0.02 }\n";
        let out = set(text, "service_line.*.volume.monthly_growth=0.034").unwrap();
        assert_eq!(out.matches("monthly_growth = 0.034").count(), 2, "{out}");
        assert!(set(text, "service_line.*.nothing.here=1").is_err());
        assert!("scenario.seed=7\n[evil]\nx=1".parse::<Override>().is_err());
    }

    #[test]
    fn unknown_paths_are_errors_with_a_suggestion() {
        let e = set(TEXT, "scenari.seed=1").unwrap_err().to_string();
        assert!(e.contains("did you mean `scenario`"), "{e}");
        let e = set(TEXT, "service_line.vocie.price_usd=1")
            .unwrap_err()
            .to_string();
        assert!(e.contains("did you mean `voice`"), "{e}");
        assert!("noequals".parse::<Override>().is_err());
        assert!("a..b=1".parse::<Override>().is_err());
    }
}
