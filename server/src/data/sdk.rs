//! The AWS SDK services Step Functions integrates with (`aws-sdk:SERVICE:ACTION`),
//! their operations and input parameters, generated from botocore's models
//! by `tools/sdk/generate.py` into `server/data/sdk.bin` (format in that
//! script). Each service's data is inflated the first time it is asked for,
//! and each operation read from it the first time it is asked for: a
//! definition calls a few of a service's hundreds of operations.

use std::sync::OnceLock;

static DATA: &[u8] = include_bytes!("../../data/sdk.bin");
const MAGIC: &[u8] = b"ASLSDK2\n";

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
    /// Its place in the index (what its operations' documentation is found by).
    index: usize,
    chunk: Option<(usize, usize)>,
    operations: OnceLock<Chunk>,
    /// Where its documentation is stored, and once read: per operation,
    /// its sentence and its parameters'.
    docs_chunk: Option<(usize, usize)>,
    docs: OnceLock<Vec<(String, Vec<String>)>>,
}

/// A service's inflated data, its operations found but not read yet.
#[derive(Debug, Default)]
struct Chunk {
    json: Box<str>,
    operations: Vec<LazyOperation>,
    /// Where each list of enum values lies in `json`.
    enums: Vec<std::ops::Range<usize>>,
}

#[derive(Debug)]
struct LazyOperation {
    name: String,
    /// Where the operation's record lies in the chunk's `json`.
    at: std::ops::Range<usize>,
    read: OnceLock<Operation>,
}

#[derive(Debug)]
pub struct Operation {
    /// camelCase, as in the resource: `putItem`.
    pub name: String,
    pub deprecated: bool,
    /// Streams its input or output: Step Functions cannot call it.
    pub streaming: bool,
    pub unsupported: bool,
    pub params: Vec<Param>,
    /// Error shape names (`ConditionalCheckFailedException`).
    pub errors: Vec<String>,
    /// Where its documentation is: the service's and its own index.
    at: (usize, usize),
}

#[derive(Debug)]
pub struct Param {
    /// PascalCase, as botocore names it: `DBInstanceIdentifier`.
    pub name: String,
    pub kind: ParamKind,
    pub required: bool,
    pub enum_values: Vec<String>,
    /// Where its documentation is: the service's, the operation's and its own index.
    at: (usize, usize, usize),
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

    fn chunk(&self) -> &Chunk {
        self.operations.get_or_init(|| self.chunk.and_then(read_chunk).unwrap_or_default())
    }

    /// Its operations' names, in botocore's order (no operation is read).
    pub fn operation_names(&self) -> impl Iterator<Item = &str> {
        self.chunk().operations.iter().map(|o| o.name.as_str())
    }

    /// Its operations (each read on first use; none without a model).
    pub fn operations(&self) -> impl Iterator<Item = &Operation> {
        let chunk = self.chunk();
        (0..chunk.operations.len()).filter_map(move |i| chunk.read(self.index, i))
    }

    pub fn operation(&self, name: &str) -> Option<&Operation> {
        let chunk = self.chunk();
        chunk.read(self.index, chunk.operations.iter().position(|o| o.name == name)?)
    }

    /// Per operation, its documentation sentence and its parameters' (read
    /// on first use: only hover and completion show them).
    fn docs(&self) -> &[(String, Vec<String>)] {
        self.docs.get_or_init(|| {
            let read = |(start, length): (usize, usize)| {
                let raw = miniz_oxide::inflate::decompress_to_vec(DATA.get(start..start + length)?).ok()?;
                serde_json::from_slice(&raw).ok()
            };
            self.docs_chunk.and_then(read).unwrap_or_default()
        })
    }
}

/// The documentation of an operation or parameter, by its place.
fn doc_at(service: usize, operation: usize, param: Option<usize>) -> &'static str {
    let Some((doc, params)) = sdk().services.get(service).and_then(|s| s.docs().get(operation)) else { return "" };
    match param {
        None => doc,
        Some(i) => params.get(i).map_or("", String::as_str),
    }
}

impl Param {
    /// The first sentence of botocore's documentation of the parameter.
    pub fn doc(&self) -> &'static str {
        doc_at(self.at.0, self.at.1, Some(self.at.2))
    }
}

impl Operation {
    /// The first sentence of botocore's documentation of the operation.
    pub fn doc(&self) -> &'static str {
        doc_at(self.at.0, self.at.1, None)
    }

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

/// The index as stored (typed: read on the first SDK question of every run).
#[derive(serde::Deserialize)]
struct RawIndex {
    botocore: String,
    deprecated: Vec<String>,
    services: Vec<RawService>,
}

#[derive(serde::Deserialize)]
struct RawService {
    name: String,
    prefix: String,
    botocore: String,
    #[serde(default)]
    unsupported: Vec<String>,
    /// Offsets (after the index) and lengths.
    chunk: Option<(usize, usize)>,
    docs: Option<(usize, usize)>,
}

fn read_index() -> Option<SdkIndex> {
    let rest = DATA.strip_prefix(MAGIC)?;
    let length = u32::from_le_bytes(rest.get(..4)?.try_into().ok()?) as usize;
    let index: RawIndex = serde_json::from_slice(rest.get(4..4 + length)?).ok()?;
    let base = MAGIC.len() + 4 + length;
    let services = index
        .services
        .into_iter()
        .enumerate()
        .map(|(index, s)| SdkService {
            name: s.name,
            prefix: s.prefix,
            botocore: s.botocore,
            unsupported: s.unsupported,
            index,
            chunk: s.chunk.map(|(offset, length)| (base + offset, length)),
            operations: OnceLock::new(),
            docs_chunk: s.docs.map(|(offset, length)| (base + offset, length)),
            docs: OnceLock::new(),
        })
        .collect();
    Some(SdkIndex { botocore: index.botocore, deprecated: index.deprecated, services })
}

/// A service's chunk as stored: `{"ops": [[name, flags, [[param, kind,
/// required, enum index], …], [error, …]], …], "enums": [[value, …], …]}`.
/// Read first with each operation and enum list left as raw JSON.
#[derive(serde::Deserialize)]
struct RawChunk<'a> {
    #[serde(borrow)]
    ops: Vec<RawOperationHead<'a>>,
    #[serde(borrow)]
    enums: Vec<&'a serde_json::value::RawValue>,
}

/// An operation's name, and the whole record as raw JSON.
struct RawOperationHead<'a> {
    name: String,
    json: &'a str,
}

impl<'de: 'a, 'a> serde::Deserialize<'de> for RawOperationHead<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = <&'a serde_json::value::RawValue>::deserialize(deserializer)?;
        let json = raw.get();
        // The name comes first and is a plain identifier: no need to read the rest.
        let plain = json.strip_prefix("[\"").and_then(|rest| rest.split_once('"')).map(|(name, _)| name);
        let name = match plain.filter(|name| !name.contains('\\')) {
            Some(name) => name.to_string(),
            None => {
                use serde::de::IgnoredAny as Skip;
                serde_json::from_str::<(String, Skip, Skip, Skip)>(json).map_err(serde::de::Error::custom)?.0
            }
        };
        Ok(RawOperationHead { name, json })
    }
}

#[derive(serde::Deserialize)]
struct RawOperation(String, String, Option<Vec<RawParam>>, Option<Vec<String>>);

#[derive(serde::Deserialize)]
struct RawParam(String, String, u64, i64);

/// Inflates a service's chunk and finds its operations, without reading them.
fn read_chunk((start, length): (usize, usize)) -> Option<Chunk> {
    let compressed = DATA.get(start..start + length)?;
    let json: Box<str> = String::from_utf8(miniz_oxide::inflate::decompress_to_vec(compressed).ok()?).ok()?.into();
    let raw: RawChunk = serde_json::from_str(&json).ok()?;
    let offset = |part: &str| part.as_ptr() as usize - json.as_ptr() as usize;
    let range = |part: &str| offset(part)..offset(part) + part.len();
    let operations = raw
        .ops
        .iter()
        .map(|op| LazyOperation { name: op.name.clone(), at: range(op.json), read: OnceLock::new() })
        .collect();
    let enums = raw.enums.iter().map(|e| range(e.get())).collect();
    drop(raw);
    Some(Chunk { json, operations, enums })
}

impl Chunk {
    /// The `index`th operation (of the `service`th service), read from its
    /// record on first use.
    fn read(&self, service: usize, index: usize) -> Option<&Operation> {
        let operation = self.operations.get(index)?;
        if let Some(read) = operation.read.get() {
            return Some(read);
        }
        let json = self.json.get(operation.at.clone())?;
        let RawOperation(name, flags, params, errors) = serde_json::from_str(json).ok()?;
        let enum_values = |index: i64| -> Vec<String> {
            let at = usize::try_from(index).ok().and_then(|i| self.enums.get(i));
            at.and_then(|at| serde_json::from_str(self.json.get(at.clone())?).ok()).unwrap_or_default()
        };
        let read = Operation {
            name,
            deprecated: flags.contains('d'),
            streaming: flags.contains('s'),
            unsupported: flags.contains('u'),
            params: params
                .unwrap_or_default()
                .into_iter()
                .enumerate()
                .map(|(i, RawParam(name, kind, required, enum_index))| Param {
                    name,
                    kind: ParamKind::from_code(&kind),
                    required: required == 1,
                    enum_values: enum_values(enum_index),
                    at: (service, index, i),
                })
                .collect(),
            errors: errors.unwrap_or_default(),
            at: (service, index),
        };
        Some(operation.read.get_or_init(|| read))
    }
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
        // Documentation comes from its own chunk, read on first use.
        assert!(put.doc().starts_with("Creates a new item"), "{}", put.doc());
        assert!(table.doc().contains("table"), "{}", table.doc());
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
            .filter(|s| {
                s.chunk.is_some_and(|c| {
                    read_chunk(c).is_none_or(|chunk| {
                        chunk.operations.is_empty()
                            || (0..chunk.operations.len()).any(|i| chunk.read(s.index, i).is_none())
                    })
                })
            })
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
