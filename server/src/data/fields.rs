//! Allowed fields per state type and per nested structure (spec: states.json).

/// The query language a field belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ql {
    Both,
    JsonPath,
    Jsonata,
}

/// What a field's value must look like. In JSONata states the scalar shapes
/// also accept a `{% %}` expression string.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Shape {
    Any,
    String,
    Boolean,
    Object,
    Array,
    /// The name of a state in the same `States` object.
    StateName,
    /// Integer ≥ min (and ≤ max).
    Integer {
        min: i64,
        max: i64,
    },
    /// Number ≥ min (and ≤ max).
    Number {
        min: f64,
        max: f64,
    },
    /// One of the listed strings.
    Enum(&'static [&'static str]),
    /// A JSONPath `Path`; `null` allowed when `nullable`.
    Path {
        nullable: bool,
    },
    /// A reference path (one node); `null` allowed when `nullable`.
    ReferencePath {
        nullable: bool,
    },
    /// A reference path or a string-returning intrinsic (Fail `ErrorPath`).
    PathOrIntrinsic,
    /// An RFC 3339 timestamp string.
    Timestamp,
    /// A nested structure with its own field table.
    Structure(Structure),
    /// An array of nested structures.
    ArrayOf(Structure),
}

/// Nested objects with a field table of their own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Structure {
    Retrier,
    Catcher,
    ProcessorConfig,
    ItemReader,
    ReaderConfig,
    ItemBatcher,
    ResultWriter,
    WriterConfig,
    Credentials,
    /// Parallel `Branches` elements and Map `ItemProcessor`/`Iterator`:
    /// checked as machines of their own.
    Machine,
    /// Choice `Choices` elements: checked by the choice rules.
    ChoiceRule,
}

#[derive(Clone, Copy, Debug)]
pub struct Field {
    pub name: &'static str,
    pub ql: Ql,
    pub shape: Shape,
    pub required: bool,
    /// One line for messages and hover.
    pub doc: &'static str,
}

const fn f(name: &'static str, ql: Ql, shape: Shape, doc: &'static str) -> Field {
    Field { name, ql, shape, required: false, doc }
}

const fn req(name: &'static str, ql: Ql, shape: Shape, doc: &'static str) -> Field {
    Field { name, ql, shape, required: true, doc }
}

use Ql::{Both, JsonPath, Jsonata};

/// Largest timeout/interval AWS takes (spec: limits.md).
const MAX_SECONDS: i64 = 99_999_999;
const POSITIVE_SECONDS: Shape = Shape::Integer { min: 1, max: MAX_SECONDS };

pub const STATE_TYPES: &[&str] = &["Task", "Pass", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map"];

const TYPE: Field = req("Type", Both, Shape::Enum(STATE_TYPES), "The state's type.");
const COMMENT: Field = f("Comment", Both, Shape::String, "A human-readable description.");
const QUERY_LANGUAGE: Field =
    f("QueryLanguage", Both, Shape::Enum(&["JSONPath", "JSONata"]), "The state's query language.");
const NEXT: Field = f("Next", Both, Shape::StateName, "The state to run next.");
const END: Field = f("End", Both, Shape::Boolean, "`true` ends the execution (or branch) after this state.");
const INPUT_PATH: Field = f("InputPath", JsonPath, Shape::Path { nullable: true }, "Selects part of the state input.");
const OUTPUT_PATH: Field =
    f("OutputPath", JsonPath, Shape::Path { nullable: true }, "Selects part of the state output.");
const OUTPUT: Field = f("Output", Jsonata, Shape::Any, "The state output (JSONata).");
const ASSIGN: Field = f("Assign", Both, Shape::Object, "Variables to assign.");
const PARAMETERS: Field = f("Parameters", JsonPath, Shape::Any, "Payload template for the effective input.");
const ARGUMENTS: Field = f("Arguments", Jsonata, Shape::Any, "The task or branch input (JSONata).");
const RESULT_SELECTOR: Field = f("ResultSelector", JsonPath, Shape::Object, "Payload template applied to the result.");
const RESULT_PATH: Field =
    f("ResultPath", JsonPath, Shape::ReferencePath { nullable: true }, "Where the result goes in the state input.");
const RETRY: Field = f("Retry", Both, Shape::ArrayOf(Structure::Retrier), "Retry policies.");
const CATCH: Field = f("Catch", Both, Shape::ArrayOf(Structure::Catcher), "Fallback transitions on error.");

const PASS: &[Field] = &[
    TYPE,
    COMMENT,
    QUERY_LANGUAGE,
    NEXT,
    END,
    INPUT_PATH,
    OUTPUT_PATH,
    OUTPUT,
    ASSIGN,
    PARAMETERS,
    f("Result", JsonPath, Shape::Any, "A fixed result, passed on as is."),
    RESULT_PATH,
];

const TASK: &[Field] = &[
    TYPE,
    COMMENT,
    QUERY_LANGUAGE,
    NEXT,
    END,
    INPUT_PATH,
    OUTPUT_PATH,
    OUTPUT,
    ASSIGN,
    RESULT_SELECTOR,
    RESULT_PATH,
    RETRY,
    CATCH,
    req("Resource", Both, Shape::String, "The ARN of the work to run."),
    PARAMETERS,
    ARGUMENTS,
    f("TimeoutSeconds", Both, POSITIVE_SECONDS, "Maximum run time in seconds."),
    f("TimeoutSecondsPath", JsonPath, Shape::ReferencePath { nullable: false }, "Timeout from the input."),
    f("HeartbeatSeconds", Both, POSITIVE_SECONDS, "Maximum time between heartbeats."),
    f("HeartbeatSecondsPath", JsonPath, Shape::ReferencePath { nullable: false }, "Heartbeat from the input."),
    f("Credentials", Both, Shape::Structure(Structure::Credentials), "A role to assume for the call."),
];

const CHOICE: &[Field] = &[
    TYPE,
    COMMENT,
    QUERY_LANGUAGE,
    INPUT_PATH,
    OUTPUT_PATH,
    OUTPUT,
    ASSIGN,
    req("Choices", Both, Shape::ArrayOf(Structure::ChoiceRule), "Rules tried in order."),
    f("Default", Both, Shape::StateName, "The state to run when no rule matches."),
];

const WAIT: &[Field] = &[
    TYPE,
    COMMENT,
    QUERY_LANGUAGE,
    NEXT,
    END,
    INPUT_PATH,
    OUTPUT_PATH,
    OUTPUT,
    ASSIGN,
    f("Seconds", Both, Shape::Integer { min: 0, max: MAX_SECONDS }, "Seconds to wait."),
    f("Timestamp", Both, Shape::Timestamp, "Wait until this RFC 3339 time."),
    f("SecondsPath", JsonPath, Shape::ReferencePath { nullable: false }, "Seconds to wait, from the input."),
    f("TimestampPath", JsonPath, Shape::ReferencePath { nullable: false }, "Time to wait until, from the input."),
];

const SUCCEED: &[Field] = &[TYPE, COMMENT, QUERY_LANGUAGE, INPUT_PATH, OUTPUT_PATH, OUTPUT];

const FAIL: &[Field] = &[
    TYPE,
    COMMENT,
    QUERY_LANGUAGE,
    f("Error", Both, Shape::String, "The error name."),
    f("ErrorPath", JsonPath, Shape::PathOrIntrinsic, "The error name, from the input or an intrinsic."),
    f("Cause", Both, Shape::String, "A human-readable cause."),
    f("CausePath", JsonPath, Shape::PathOrIntrinsic, "The cause, from the input or an intrinsic."),
];

const PARALLEL: &[Field] = &[
    TYPE,
    COMMENT,
    QUERY_LANGUAGE,
    NEXT,
    END,
    INPUT_PATH,
    OUTPUT_PATH,
    OUTPUT,
    ASSIGN,
    RESULT_SELECTOR,
    RESULT_PATH,
    RETRY,
    CATCH,
    req("Branches", Both, Shape::ArrayOf(Structure::Machine), "The branches, run in parallel."),
    PARAMETERS,
    ARGUMENTS,
];

const MAP: &[Field] = &[
    TYPE,
    COMMENT,
    QUERY_LANGUAGE,
    NEXT,
    END,
    INPUT_PATH,
    OUTPUT_PATH,
    OUTPUT,
    ASSIGN,
    RESULT_SELECTOR,
    RESULT_PATH,
    RETRY,
    CATCH,
    f("ItemProcessor", Both, Shape::Structure(Structure::Machine), "The machine run for each item."),
    f("Iterator", Both, Shape::Structure(Structure::Machine), "Deprecated name of `ItemProcessor`."),
    f("ItemsPath", JsonPath, Shape::ReferencePath { nullable: false }, "Where the items are in the input."),
    f("Items", Jsonata, Shape::Any, "The items (JSONata)."),
    f("ItemSelector", Both, Shape::Any, "Template building each item's input."),
    PARAMETERS,
    f("MaxConcurrency", Both, Shape::Integer { min: 0, max: i64::MAX }, "Parallel iterations; 0 = no limit."),
    f("MaxConcurrencyPath", JsonPath, Shape::ReferencePath { nullable: false }, "Concurrency from the input."),
    f("ItemReader", Both, Shape::Structure(Structure::ItemReader), "Reads items from S3 (distributed)."),
    f("ItemBatcher", Both, Shape::Structure(Structure::ItemBatcher), "Groups items into batches (distributed)."),
    f("ResultWriter", Both, Shape::Structure(Structure::ResultWriter), "Writes results to S3 (distributed)."),
    f(
        "ToleratedFailurePercentage",
        Both,
        Shape::Number { min: 0.0, max: 100.0 },
        "Failed items tolerated, in percent (distributed).",
    ),
    f("ToleratedFailurePercentagePath", JsonPath, Shape::ReferencePath { nullable: false }, "From the input."),
    f("ToleratedFailureCount", Both, Shape::Integer { min: 0, max: i64::MAX }, "Failed items tolerated (distributed)."),
    f("ToleratedFailureCountPath", JsonPath, Shape::ReferencePath { nullable: false }, "From the input."),
    f("Label", Both, Shape::String, "Names the Map Run (distributed)."),
];

/// The field table of a state type, or `None` for an unknown type.
pub fn state_fields(state_type: &str) -> Option<&'static [Field]> {
    Some(match state_type {
        "Pass" => PASS,
        "Task" => TASK,
        "Choice" => CHOICE,
        "Wait" => WAIT,
        "Succeed" => SUCCEED,
        "Fail" => FAIL,
        "Parallel" => PARALLEL,
        "Map" => MAP,
        _ => return None,
    })
}

const RETRIER: &[Field] = &[
    req("ErrorEquals", Both, Shape::Array, "Error names this retrier handles."),
    f("IntervalSeconds", Both, POSITIVE_SECONDS, "Seconds before the first retry (default 1)."),
    f("MaxAttempts", Both, Shape::Integer { min: 0, max: MAX_SECONDS }, "Retries at most (default 3)."),
    f("BackoffRate", Both, Shape::Number { min: 1.0, max: f64::MAX }, "Interval multiplier (default 2.0)."),
    f("MaxDelaySeconds", Both, Shape::Integer { min: 1, max: 31_622_401 }, "Cap on the retry interval."),
    f("JitterStrategy", Both, Shape::Enum(&["FULL", "NONE"]), "Randomizes retry intervals."),
    COMMENT,
];

const CATCHER: &[Field] = &[
    req("ErrorEquals", Both, Shape::Array, "Error names this catcher handles."),
    req("Next", Both, Shape::StateName, "The state to run on a match."),
    RESULT_PATH,
    OUTPUT,
    ASSIGN,
    COMMENT,
];

const PROCESSOR_CONFIG: &[Field] = &[
    f("Mode", Both, Shape::Enum(&["INLINE", "DISTRIBUTED"]), "Inline or distributed processing."),
    f("ExecutionType", Both, Shape::Enum(&["STANDARD", "EXPRESS"]), "Child workflow type (distributed)."),
];

const ITEM_READER: &[Field] = &[
    req("Resource", Both, Shape::String, "The S3 API that reads the items."),
    PARAMETERS,
    ARGUMENTS,
    f("ReaderConfig", Both, Shape::Structure(Structure::ReaderConfig), "How to read the items."),
];

const READER_CONFIG: &[Field] = &[
    f("InputType", Both, Shape::Enum(&["CSV", "JSON", "JSONL", "PARQUET", "MANIFEST"]), "The file format."),
    f("Transformation", Both, Shape::Enum(&["NONE", "LOAD_AND_FLATTEN"]), "Read object contents."),
    f("ManifestType", Both, Shape::Enum(&["ATHENA_DATA", "S3_INVENTORY"]), "The manifest format."),
    f("CSVDelimiter", Both, Shape::Enum(&["COMMA", "PIPE", "SEMICOLON", "SPACE", "TAB"]), "CSV separator."),
    f("CSVHeaderLocation", Both, Shape::Enum(&["FIRST_ROW", "GIVEN"]), "Where the CSV header is."),
    f("CSVHeaders", Both, Shape::Array, "Column names when the header is GIVEN."),
    f("ItemsPointer", Both, Shape::String, "JSON Pointer to the items in a JSON file."),
    f("MaxItems", Both, Shape::Integer { min: 0, max: 100_000_000 }, "Read at most this many items (0: no limit)."),
    f("MaxItemsPath", JsonPath, Shape::ReferencePath { nullable: false }, "MaxItems from the input."),
];

const ITEM_BATCHER: &[Field] = &[
    f("MaxItemsPerBatch", Both, Shape::Integer { min: 1, max: i64::MAX }, "Items per batch."),
    f("MaxItemsPerBatchPath", JsonPath, Shape::ReferencePath { nullable: false }, "From the input."),
    f("MaxInputBytesPerBatch", Both, Shape::Integer { min: 1, max: 262_144 }, "Bytes per batch (≤ 256 KiB)."),
    f("MaxInputBytesPerBatchPath", JsonPath, Shape::ReferencePath { nullable: false }, "From the input."),
    f("BatchInput", Both, Shape::Object, "Fixed input added to each batch."),
];

const RESULT_WRITER: &[Field] = &[
    // Checked in `ide/diagnostics/map.rs`: any partition, and a region and account, are AWS's too.
    f("Resource", Both, Shape::String, "The S3 API that writes results."),
    PARAMETERS,
    ARGUMENTS,
    f("WriterConfig", Both, Shape::Structure(Structure::WriterConfig), "How to write the results."),
];

const WRITER_CONFIG: &[Field] = &[
    f("Transformation", Both, Shape::Enum(&["NONE", "COMPACT", "FLATTEN"]), "What to write."),
    f("OutputType", Both, Shape::Enum(&["JSON", "JSONL"]), "The file format."),
];

/// Top-level machine fields.
pub const TOP_LEVEL: &[Field] = &[
    req("StartAt", Both, Shape::StateName, "The first state."),
    req("States", Both, Shape::Object, "The states, by name."),
    COMMENT,
    f("Version", Both, Shape::String, "The language version (\"1.0\")."),
    f("TimeoutSeconds", Both, Shape::Integer { min: 1, max: i64::MAX }, "Execution timeout in seconds."),
    QUERY_LANGUAGE,
];

/// A Parallel branch.
pub const BRANCH: &[Field] = &[
    req("StartAt", Both, Shape::StateName, "The first state."),
    req("States", Both, Shape::Object, "The states, by name."),
    COMMENT,
];

/// A Map `ItemProcessor` / `Iterator`.
pub const PROCESSOR: &[Field] = &[
    req("StartAt", Both, Shape::StateName, "The first state."),
    req("States", Both, Shape::Object, "The states, by name."),
    COMMENT,
    f("ProcessorConfig", Both, Shape::Structure(Structure::ProcessorConfig), "Inline or distributed."),
];

/// The field table of a nested structure (machines and choice rules have
/// their own checks and tables).
pub fn structure_fields(structure: Structure) -> &'static [Field] {
    match structure {
        Structure::Retrier => RETRIER,
        Structure::Catcher => CATCHER,
        Structure::ProcessorConfig => PROCESSOR_CONFIG,
        Structure::ItemReader => ITEM_READER,
        Structure::ReaderConfig => READER_CONFIG,
        Structure::ItemBatcher => ITEM_BATCHER,
        Structure::ResultWriter => RESULT_WRITER,
        Structure::WriterConfig => WRITER_CONFIG,
        Structure::Credentials => &[],
        Structure::Machine => BRANCH,
        Structure::ChoiceRule => &[],
    }
}

/// The operand a JSONPath choice comparison takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operand {
    String,
    /// A `StringMatches` pattern (a string with `*` wildcards).
    Pattern,
    Number,
    Boolean,
    Timestamp,
    /// A reference path to the value to compare against (`…Path` operators).
    Path,
    /// `true`/`false` for the type tests (`IsNull`, `IsPresent`, …).
    TypeTest,
}

/// Every JSONPath choice-rule comparison operator with its operand.
pub const CHOICE_OPERATORS: &[(&str, Operand)] = &[
    ("StringEquals", Operand::String),
    ("StringEqualsPath", Operand::Path),
    ("StringLessThan", Operand::String),
    ("StringLessThanPath", Operand::Path),
    ("StringGreaterThan", Operand::String),
    ("StringGreaterThanPath", Operand::Path),
    ("StringLessThanEquals", Operand::String),
    ("StringLessThanEqualsPath", Operand::Path),
    ("StringGreaterThanEquals", Operand::String),
    ("StringGreaterThanEqualsPath", Operand::Path),
    ("StringMatches", Operand::Pattern),
    ("NumericEquals", Operand::Number),
    ("NumericEqualsPath", Operand::Path),
    ("NumericLessThan", Operand::Number),
    ("NumericLessThanPath", Operand::Path),
    ("NumericGreaterThan", Operand::Number),
    ("NumericGreaterThanPath", Operand::Path),
    ("NumericLessThanEquals", Operand::Number),
    ("NumericLessThanEqualsPath", Operand::Path),
    ("NumericGreaterThanEquals", Operand::Number),
    ("NumericGreaterThanEqualsPath", Operand::Path),
    ("BooleanEquals", Operand::Boolean),
    ("BooleanEqualsPath", Operand::Path),
    ("TimestampEquals", Operand::Timestamp),
    ("TimestampEqualsPath", Operand::Path),
    ("TimestampLessThan", Operand::Timestamp),
    ("TimestampLessThanPath", Operand::Path),
    ("TimestampGreaterThan", Operand::Timestamp),
    ("TimestampGreaterThanPath", Operand::Path),
    ("TimestampLessThanEquals", Operand::Timestamp),
    ("TimestampLessThanEqualsPath", Operand::Path),
    ("TimestampGreaterThanEquals", Operand::Timestamp),
    ("TimestampGreaterThanEqualsPath", Operand::Path),
    ("IsNull", Operand::TypeTest),
    ("IsPresent", Operand::TypeTest),
    ("IsNumeric", Operand::TypeTest),
    ("IsString", Operand::TypeTest),
    ("IsBoolean", Operand::TypeTest),
    ("IsTimestamp", Operand::TypeTest),
];
