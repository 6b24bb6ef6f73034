//! Canonical JSON: the exact bytes a ledger record's hash covers. UTF-8,
//! object keys sorted by their bytes, no whitespace, integers only (amounts
//! are cents, rates are parts per 100,000), strings escaped as JSON requires
//! and nothing more. Written here rather than trusted to a serializer's
//! settings, so the bytes cannot change with a dependency's feature flags.

use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CanonicalError {
    NotAnInteger(String),
    Json(String),
}

impl From<serde_json::Error> for CanonicalError {
    fn from(e: serde_json::Error) -> CanonicalError {
        CanonicalError::Json(e.to_string())
    }
}

pub fn to_canonical(value: &Value) -> Result<String, CanonicalError> {
    // A sale's record is about a kilobyte: one allocation for most.
    let mut out = String::with_capacity(2048);
    write(value, &mut out)?;
    Ok(out)
}

fn write(value: &Value, out: &mut String) -> Result<(), CanonicalError> {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => {
            use std::fmt::Write as _;
            // Writing to a String cannot fail.
            if let Some(i) = n.as_i64() {
                let _ = write!(out, "{i}");
            } else if let Some(u) = n.as_u64() {
                let _ = write!(out, "{u}");
            } else {
                return Err(CanonicalError::NotAnInteger(n.to_string()));
            }
        }
        Value::String(s) => write_string(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(item, out)?;
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            // serde_json keeps keys sorted (its map is a BTreeMap) unless a
            // dependency turns on its `preserve_order`: sort only then.
            if map.keys().is_sorted_by(|a, b| a.as_bytes() <= b.as_bytes()) {
                write_entries(map.iter(), out)?;
            } else {
                let mut entries: Vec<(&String, &Value)> = map.iter().collect();
                entries.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
                write_entries(entries.into_iter(), out)?;
            }
            out.push('}');
        }
    }
    Ok(())
}

fn write_entries<'a>(
    entries: impl Iterator<Item = (&'a String, &'a Value)>,
    out: &mut String,
) -> Result<(), CanonicalError> {
    for (i, (key, item)) in entries.enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_string(key, out);
        out.push(':');
        write(item, out)?;
    }
    Ok(())
}

/// JSON string escaping: quote, backslash and control characters only;
/// everything else is written as UTF-8.
fn write_string(s: &str, out: &mut String) {
    out.push('"');
    if !s.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20) {
        out.push_str(s);
        out.push('"');
        return;
    }
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sorts_keys_and_drops_whitespace() {
        let v =
            json!({"b": 1, "a": {"z": [1, -2, true, null], "é": "Théâtre « x »"}, "A": "q\"\n"});
        assert_eq!(
            to_canonical(&v).unwrap(),
            r#"{"A":"q\"\n","a":{"z":[1,-2,true,null],"é":"Théâtre « x »"},"b":1}"#
        );
    }

    #[test]
    fn round_trips_through_a_parser() {
        let v = json!({"amount": 1250, "label": "Cyrano\u{1}", "lines": [{"qty": 2}]});
        let text = to_canonical(&v).unwrap();
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, v);
        assert_eq!(to_canonical(&back).unwrap(), text);
    }

    #[test]
    fn refuses_floats() {
        assert_eq!(
            to_canonical(&json!({"amount": 12.5})),
            Err(CanonicalError::NotAnInteger("12.5".into()))
        );
    }
}
