//! A distributed Map's `ItemReader`: the items read from an S3 object (or
//! a listing) as AWS documents it ("ItemReader (Map)"): a JSON array,
//! JSON Lines, or CSV rows as objects of strings keyed by the header
//! (`CSVHeaderLocation` `FIRST_ROW` or `GIVEN` with `CSVHeaders`,
//! `CSVDelimiter`), at most `MaxItems`.

use serde_json::{Map, Value};

/// How an object is read (`ReaderConfig`).
#[derive(Clone, Debug, Default)]
pub struct ReaderConfig {
    /// `JSON`, `JSONL`, `CSV`, `MANIFEST`, `PARQUET`; `JSON` when absent.
    pub input_type: Option<String>,
    pub headers: Option<Vec<String>>,
    /// `FIRST_ROW` (default) or `GIVEN`.
    pub header_location: Option<String>,
    /// `COMMA` (default), `PIPE`, `SEMICOLON`, `SPACE`, `TAB`.
    pub delimiter: Option<String>,
    pub max_items: Option<usize>,
}

/// The items of an object's bytes, or why they cannot be read (the cause
/// of a `States.ItemReaderFailed`).
pub fn read_items(bytes: &[u8], config: &ReaderConfig) -> Result<Vec<Value>, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "the object is not UTF-8 text".to_string())?;
    let input_type = config.input_type.as_deref().unwrap_or("JSON");
    let mut items = match input_type {
        "JSON" => match serde_json::from_str::<Value>(text) {
            Ok(Value::Array(items)) => items,
            Ok(_) => return Err("the JSON object does not hold an array".into()),
            Err(e) => return Err(format!("the object is not JSON: {e}")),
        },
        "JSONL" => text
            .lines()
            .filter(|line| !line.trim().is_empty())
            .enumerate()
            .map(|(i, line)| serde_json::from_str(line).map_err(|e| format!("line {} is not JSON: {e}", i + 1)))
            .collect::<Result<_, _>>()?,
        "CSV" => csv_rows(text, config)?,
        other => return Err(format!("asl-ls cannot read `InputType` {other} (it reads JSON, JSONL and CSV)")),
    };
    if let Some(max) = config.max_items {
        items.truncate(max);
    }
    Ok(items)
}

fn csv_rows(text: &str, config: &ReaderConfig) -> Result<Vec<Value>, String> {
    let delimiter = match config.delimiter.as_deref().unwrap_or("COMMA") {
        "COMMA" => b',',
        "PIPE" => b'|',
        "SEMICOLON" => b';',
        "SPACE" => b' ',
        "TAB" => b'\t',
        other => return Err(format!("`CSVDelimiter` {other} is not one AWS offers")),
    };
    let given = config.header_location.as_deref() == Some("GIVEN");
    let mut reader =
        csv::ReaderBuilder::new().delimiter(delimiter).has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut records = reader.records();
    let headers: Vec<String> = if given {
        config.headers.clone().ok_or("`CSVHeaderLocation` is GIVEN but there are no `CSVHeaders`")?
    } else {
        match records.next() {
            Some(row) => {
                row.map_err(|e| format!("the CSV header row cannot be read: {e}"))?.iter().map(str::to_string).collect()
            }
            None => return Ok(Vec::new()),
        }
    };
    let mut items = Vec::new();
    for (i, row) in records.enumerate() {
        let row = row.map_err(|e| format!("CSV row {} cannot be read: {e}", i + 1))?;
        let mut item = Map::new();
        for (name, field) in headers.iter().zip(row.iter()) {
            item.insert(name.clone(), Value::String(field.to_string()));
        }
        items.push(Value::Object(item));
    }
    Ok(items)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn config(input_type: &str) -> ReaderConfig {
        ReaderConfig { input_type: Some(input_type.into()), ..ReaderConfig::default() }
    }

    /// AWS, "ItemReader (Map)": a JSON file holds an array; JSON Lines one value per line;
    /// CSV rows become objects whose values are strings, keyed by the first row or by `CSVHeaders`.
    #[test]
    fn each_input_type_reads_as_aws_documents() {
        assert_eq!(read_items(br#"[{"a": 1}, 2]"#, &config("JSON")), Ok(vec![json!({"a": 1}), json!(2)]));
        assert!(read_items(br#"{"a": 1}"#, &config("JSON")).is_err());
        assert_eq!(read_items(b"{\"a\":1}\n\n[2]\n", &config("JSONL")), Ok(vec![json!({"a": 1}), json!([2])]));
        let csv = b"id,name\n1,\"Doe, Jane\"\n2,\"say \"\"hi\"\"\"\n";
        assert_eq!(
            read_items(csv, &config("CSV")),
            Ok(vec![json!({"id": "1", "name": "Doe, Jane"}), json!({"id": "2", "name": "say \"hi\""})])
        );
        let given = ReaderConfig {
            headers: Some(vec!["x".into(), "y".into()]),
            header_location: Some("GIVEN".into()),
            delimiter: Some("PIPE".into()),
            max_items: Some(1),
            ..config("CSV")
        };
        assert_eq!(read_items(b"1|2\n3|4\n", &given), Ok(vec![json!({"x": "1", "y": "2"})]));
        assert!(read_items(b"PAR1", &config("PARQUET")).unwrap_err().contains("PARQUET"));
        assert!(read_items(&[0xff, 0xfe], &config("CSV")).is_err());
    }
}
