//! The AWS SDK services Step Functions integrates with (`aws-sdk:SERVICE:ACTION`),
//! their operations and input parameters, generated from botocore's models
//! by `tools/sdk/generate.py` into `server/data/sdk.bin` (format in that
//! script). Each service's data is inflated the first time it is asked for.

use serde_json::Value;
use std::sync::OnceLock;

static DATA: &[u8] = include_bytes!("../../data/sdk.bin");
const MAGIC: &[u8] = b"ASLSDK1\n";

/// A service of the index: what is known without inflating its data.
#[derive(Debug)]
pub struct SdkService {
    /// The integration name: `sfn`, `dynamodb`, `cloudwatchlogs`.
    pub name: String,
    /// The error-name prefix: `DynamoDb` in `DynamoDb.ConditionalCheckFailedException`.
    pub prefix: String,
    /// botocore's directory name; empty when the service has no model.
    pub botocore: String,
    /// Operations Step Functions does not support, in camelCase.
    pub unsupported: Vec<String>,
    chunk: Option<(usize, usize)>,
    operations: OnceLock<Vec<Operation>>,
}

#[derive(Debug)]
pub struct Operation {
    /// camelCase, as in the resource: `putItem`.
    pub name: String,
    pub doc: String,
    pub deprecated: bool,
    /// Streams its input or output: Step Functions cannot call it.
    pub streaming: bool,
    pub unsupported: bool,
    pub params: Vec<Param>,
    /// Error shape names (`ConditionalCheckFailedException`).
    pub errors: Vec<String>,
}

#[derive(Debug)]
pub struct Param {
    /// PascalCase, as botocore names it: `DBInstanceIdentifier`.
    pub name: String,
    pub kind: ParamKind,
    pub required: bool,
    pub enum_values: Vec<String>,
    pub doc: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamKind {
    String,
    Integer,
    Number,
    Boolean,
    List,
    Map,
    Structure,
    Timestamp,
    Blob,
    Any,
}

impl ParamKind {
    fn from_code(code: &str) -> Self {
        match code {
            "s" => ParamKind::String,
            "i" => ParamKind::Integer,
            "n" => ParamKind::Number,
            "b" => ParamKind::Boolean,
            "l" => ParamKind::List,
            "m" => ParamKind::Map,
            "o" => ParamKind::Structure,
            "t" => ParamKind::Timestamp,
            "B" => ParamKind::Blob,
            _ => ParamKind::Any,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            ParamKind::String => "a string",
            ParamKind::Integer => "an integer",
            ParamKind::Number => "a number",
            ParamKind::Boolean => "a boolean",
            ParamKind::List => "an array",
            ParamKind::Map => "an object (map)",
            ParamKind::Structure => "an object",
            ParamKind::Timestamp => "a timestamp",
            ParamKind::Blob => "binary data (a base64 string)",
            ParamKind::Any => "any value",
        }
    }
}

pub struct SdkIndex {
    /// The botocore version the data was generated from.
    pub botocore: String,
    /// Integrations AWS has retired (`mobile`, `macie`).
    pub deprecated: Vec<String>,
    pub services: Vec<SdkService>,
}

/// The index of every SDK service name Step Functions accepts.
pub fn sdk() -> &'static SdkIndex {
    static INDEX: OnceLock<SdkIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        read_index().unwrap_or(SdkIndex { botocore: String::new(), deprecated: Vec::new(), services: Vec::new() })
    })
}

impl SdkIndex {
    pub fn service(&self, name: &str) -> Option<&SdkService> {
        self.services.iter().find(|s| s.name == name)
    }

    /// The service whose error names start with `prefix` (`DynamoDb`).
    pub fn by_prefix(&self, prefix: &str) -> Option<&SdkService> {
        self.services.iter().find(|s| s.prefix == prefix)
    }
}

impl SdkService {
    /// Whether botocore has a model for it (retired services have none).
    pub fn has_model(&self) -> bool {
        self.chunk.is_some()
    }

    /// Its operations (inflated on first use; empty without a model).
    pub fn operations(&self) -> &[Operation] {
        self.operations.get_or_init(|| self.chunk.and_then(read_chunk).unwrap_or_default())
    }

    pub fn operation(&self, name: &str) -> Option<&Operation> {
        self.operations().iter().find(|o| o.name == name)
    }
}

impl Operation {
    /// The full error names a Retry or Catch can match: `Prefix.NameException`.
    pub fn error_names<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = String> + 'a {
        self.errors.iter().map(move |e| {
            if e.ends_with("Exception") {
                format!("{prefix}.{e}")
            } else {
                format!("{prefix}.{e}Exception")
            }
        })
    }

    /// The parameter named `name`, in botocore's spelling or in the Java SDK
    /// v2 spelling Step Functions serializes with (`DbInstanceIdentifier`).
    pub fn param(&self, name: &str) -> Option<&Param> {
        self.params.iter().find(|p| is_java_v2_or_same(&p.name, name))
    }
}

/// The Java SDK v2 member name: runs of capitals collapse to one capital
/// and lowercase (`DBInstanceIdentifier` → `DbInstanceIdentifier`,
/// `SSEKMSKeyId` → `SsekmsKeyId`); a capital before a lowercase letter
/// starts the next word.
/// Whether `candidate` is `name` or its [`java_v2_name`], without building
/// the latter for the names that differ by more than case (nearly all).
pub fn is_java_v2_or_same(name: &str, candidate: &str) -> bool {
    if name == candidate {
        return true;
    }
    if name.is_ascii() && !name.eq_ignore_ascii_case(candidate) {
        return false; // the Java name only changes case
    }
    java_v2_name(name) == candidate
}

pub fn java_v2_name(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len());
    for (i, &c) in chars.iter().enumerate() {
        let previous_upper = i > 0 && chars[i - 1].is_uppercase();
        let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
        if c.is_uppercase() && previous_upper && !next_lower {
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

fn header() -> Option<(Value, usize)> {
    let rest = DATA.strip_prefix(MAGIC)?;
    let length = u32::from_le_bytes(rest.get(..4)?.try_into().ok()?) as usize;
    let index = serde_json::from_slice(rest.get(4..4 + length)?).ok()?;
    Some((index, MAGIC.len() + 4 + length))
}

fn read_index() -> Option<SdkIndex> {
    let (index, base) = header()?;
    let strings = |v: &Value| -> Vec<String> {
        v.as_array().map(|a| a.iter().filter_map(|s| s.as_str().map(str::to_string)).collect()).unwrap_or_default()
    };
    let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
    let services = index["services"]
        .as_array()?
        .iter()
        .map(|s| SdkService {
            name: text(&s["name"]),
            prefix: text(&s["prefix"]),
            botocore: text(&s["botocore"]),
            unsupported: strings(&s["unsupported"]),
            chunk: s["chunk"].as_array().and_then(|c| {
                let start = base + c.first()?.as_u64()? as usize;
                Some((start, c.get(1)?.as_u64()? as usize))
            }),
            operations: OnceLock::new(),
        })
        .collect();
    Some(SdkIndex { botocore: text(&index["botocore"]), deprecated: strings(&index["deprecated"]), services })
}

/// A service's chunk as stored: `{"ops": [[name, flags, doc, [[param, kind,
/// required, enum index, doc], …], [error, …]], …], "enums": [[value, …], …]}`.
#[derive(serde::Deserialize)]
struct RawChunk {
    ops: Vec<RawOperation>,
    enums: Vec<Vec<String>>,
}

#[derive(serde::Deserialize)]
struct RawOperation(String, String, String, Option<Vec<RawParam>>, Option<Vec<String>>);

#[derive(serde::Deserialize)]
struct RawParam(String, String, u64, i64, String);

/// Read straight into typed records (no intermediate `Value`): the CLI
/// loads a chunk per service its files use.
fn read_chunk((start, length): (usize, usize)) -> Option<Vec<Operation>> {
    let compressed = DATA.get(start..start + length)?;
    let raw = miniz_oxide::inflate::decompress_to_vec(compressed).ok()?;
    let chunk: RawChunk = serde_json::from_slice(&raw).ok()?;
    let enums = chunk.enums;
    let operations = chunk
        .ops
        .into_iter()
        .map(|RawOperation(name, flags, doc, params, errors)| Operation {
            name,
            doc,
            deprecated: flags.contains('d'),
            streaming: flags.contains('s'),
            unsupported: flags.contains('u'),
            params: params
                .unwrap_or_default()
                .into_iter()
                .map(|RawParam(name, kind, required, enum_index, doc)| Param {
                    name,
                    kind: ParamKind::from_code(&kind),
                    required: required == 1,
                    enum_values: usize::try_from(enum_index)
                        .ok()
                        .and_then(|i| enums.get(i).cloned())
                        .unwrap_or_default(),
                    doc,
                })
                .collect(),
            errors: errors.unwrap_or_default(),
        })
        .collect();
    Some(operations)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_services_operations_and_parameters() {
        let index = sdk();
        assert_eq!(index.services.len(), 389);
        let dynamodb = index.service("dynamodb").expect("dynamodb");
        assert_eq!(dynamodb.prefix, "DynamoDb");
        let put = dynamodb.operation("putItem").expect("putItem");
        let table = put.param("TableName").expect("TableName");
        assert!(table.required && table.kind == ParamKind::String);
        assert_eq!(put.param("ReturnValues").expect("ReturnValues").enum_values[..2], ["NONE", "ALL_OLD"]);
        assert!(put.error_names("DynamoDb").any(|e| e == "DynamoDb.ConditionalCheckFailedException"));
        let lambda = index.service("lambda").expect("lambda");
        assert!(lambda.operation("invokeWithResponseStream").is_some_and(|o| o.unsupported));
        assert!(index
            .service("sfn")
            .is_some_and(|s| s.botocore == "stepfunctions" && s.operation("startExecution").is_some()));
        assert!(index.service("robomaker").is_some_and(|s| !s.has_model()));
        let rds = index.service("rds").expect("rds").operation("describeDBInstances").expect("op");
        assert!(rds.param("DbInstanceIdentifier").is_some() && rds.param("DBInstanceIdentifier").is_some());
    }

    #[test]
    fn every_chunk_reads() {
        let unread: Vec<&str> = sdk()
            .services
            .iter()
            .filter(|s| s.chunk.is_some_and(|c| read_chunk(c).is_none_or(|ops| ops.is_empty())))
            .map(|s| s.name.as_str())
            .collect();
        assert!(unread.is_empty(), "{unread:?}");
    }

    #[test]
    fn java_v2_names_collapse_capital_runs() {
        assert_eq!(java_v2_name("DBInstanceIdentifier"), "DbInstanceIdentifier");
        assert_eq!(java_v2_name("SSEKMSKeyId"), "SsekmsKeyId");
        assert_eq!(java_v2_name("TableName"), "TableName");
        assert_eq!(java_v2_name("VPCId"), "VpcId");
    }
}
