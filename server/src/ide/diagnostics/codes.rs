//! The one table of diagnostic codes. A code is never renumbered or reused;
//! retired codes stay listed. README's list of diagnostics is this table.

use super::Severity;

macro_rules! codes {
    ($($variant:ident = $id:literal, $name:literal, $severity:ident, $aws:expr, $summary:literal;)*) => {
        /// A stable diagnostic code.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $($variant,)*
        }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable identifier, e.g. `ASL201`.
            pub fn id(self) -> &'static str {
                match self { $(Code::$variant => $id,)* }
            }

            /// A short kebab-case name, e.g. `unknown-state`.
            pub fn name(self) -> &'static str {
                match self { $(Code::$variant => $name,)* }
            }

            pub fn default_severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)* }
            }

            /// The code AWS's `ValidateStateMachineDefinition` gives for the same
            /// problem, when AWS refuses or warns about it.
            pub fn aws_code(self) -> Option<&'static str> {
                match self { $(Code::$variant => $aws,)* }
            }

            /// One sentence for the README and `--explain`.
            pub fn summary(self) -> &'static str {
                match self { $(Code::$variant => $summary,)* }
            }
        }
    };
}

const JSON: Option<&str> = Some("INVALID_JSON_DESCRIPTION");
const SCHEMA: Option<&str> = Some("SCHEMA_VALIDATION_FAILED");
const TARGET: Option<&str> = Some("MISSING_TRANSITION_TARGET");
const UNSUPPORTED_JSONATA: Option<&str> = Some("UNSUPPORTED_JSONATA_EXPRESSION");
const RESOURCE: Option<&str> = Some("INVALID_RESOURCE");

codes! {
    // JSON text
    JsonSyntax = "ASL001", "json-syntax", Error, JSON, "The text is not valid JSON.";
    JsonComment = "ASL002", "json-comment", Error, JSON, "A comment: Step Functions accepts only strict JSON.";
    JsonTrailingComma = "ASL003", "json-trailing-comma", Error, JSON, "A trailing comma: Step Functions accepts only strict JSON.";
    DuplicateKey = "ASL004", "duplicate-key", Error, SCHEMA, "The same key twice in one object; only one of them would take effect.";
    TooDeep = "ASL005", "too-deep", Warning, None, "Nesting deeper than asl-ls reads (128 levels): the content there is not checked.";
    NotAnObject = "ASL006", "not-an-object", Error, SCHEMA, "The definition is not a JSON object.";
    TooLarge = "ASL007", "too-large", Error, SCHEMA, "The definition is larger than the 1,048,576 characters AWS accepts.";
    // YAML text (`*.asl.yaml`, `*.asl.yml`)
    YamlSyntax = "ASL008", "yaml-syntax", Error, None, "The text is not valid YAML.";
    YamlTab = "ASL009", "yaml-tab", Error, None, "A tab in YAML indentation: YAML indents with spaces only.";
    YamlAlias = "ASL010", "yaml-alias", Warning, None, "A YAML alias: converters expand it, CloudFormation templates refuse it.";
    YamlTyping = "ASL011", "yaml-typing", Warning, None, "A plain YAML value that YAML 1.1 and 1.2 loaders read differently (`on`, `yes`, `1e3`, `010`); quote it.";
    // Templates: definitions inside CloudFormation, SAM, Serverless and Terraform files
    TemplateUnresolved = "ASL020", "template-unresolved-placeholder", Warning, None, "A `${Name}` placeholder that nothing supplies: it is deployed as written (an error inside `Fn::Sub` or a `templatefile`, which refuse it).";
    TemplateUnusedSubstitution = "ASL021", "template-unused-substitution", Warning, None, "A substitution that the definition never uses.";
    TemplateDefinitionFile = "ASL022", "template-definition-file", Error, None, "A `DefinitionUri`, `file()` or `templatefile()` path that names no readable definition file.";
    TemplateDefinitionValue = "ASL023", "template-definition-value", Error, None, "A `Definition` or `DefinitionString` of a kind the template cannot hold.";
    HclSyntax = "ASL024", "hcl-syntax", Error, None, "The Terraform file is not valid HCL.";

    // Fields and values
    MissingField = "ASL101", "missing-field", Error, SCHEMA, "A required field is missing.";
    UnknownField = "ASL102", "unknown-field", Error, SCHEMA, "A field this object does not take.";
    WrongType = "ASL103", "wrong-type", Error, SCHEMA, "A value of the wrong JSON type.";
    OutOfRange = "ASL104", "out-of-range", Error, SCHEMA, "A number outside the range AWS accepts.";
    InvalidEnumValue = "ASL105", "invalid-enum-value", Error, SCHEMA, "A value that is not one of the allowed words.";
    UnknownStateType = "ASL106", "unknown-state-type", Error, SCHEMA, "A `Type` that is not a state type.";
    WrongQueryLanguage = "ASL107", "wrong-query-language", Error, SCHEMA, "A field of the other query language (JSONPath vs JSONata).";
    QueryLanguageDowngrade = "ASL108", "query-language-downgrade", Error, SCHEMA, "A state declares JSONPath in a JSONata machine.";
    ExclusiveFields = "ASL109", "exclusive-fields", Error, SCHEMA, "Two fields that cannot be used together.";
    MissingNextOrEnd = "ASL110", "missing-next-or-end", Error, SCHEMA, "A state that needs `Next` or `\"End\": true` has neither.";
    NextAndEnd = "ASL111", "next-and-end", Error, SCHEMA, "A state has both `Next` and `\"End\": true`.";
    EmptyArray = "ASL112", "empty", Error, SCHEMA, "An array or object that must not be empty.";
    InvalidTimestamp = "ASL113", "invalid-timestamp", Error, SCHEMA, "A timestamp not in RFC 3339 form.";
    InvalidPath = "ASL114", "invalid-path", Error, SCHEMA, "A path field whose value is not a JSONPath.";
    InvalidVersion = "ASL115", "unknown-version", Warning, None, "A `Version` other than \"1.0\".";

    // Variables (`Assign`)
    InvalidVariableName = "ASL150", "invalid-variable-name", Error, SCHEMA, "An `Assign` name AWS refuses: `states`, a sub-path (`a.b`, `a[0]`), or longer than 80 characters.";
    VariableNameCharacters = "ASL151", "variable-name-characters", Warning, None, "An `Assign` name that is not an identifier, so no expression can read it.";
    UnassignedVariable = "ASL152", "unassigned-variable", Warning, None, "A variable read that no `Assign` in scope sets: it fails at run time.";
    PossiblyUnassignedVariable = "ASL153", "possibly-unassigned-variable", Warning, None, "A variable read on a path where it may not be assigned yet.";
    UnusedVariable = "ASL154", "unused-variable", Hint, None, "A variable that is assigned but never read.";
    OuterVariableAssigned = "ASL155", "outer-variable-assigned", Warning, None, "A Parallel branch or Map processor assigns a name an outer scope also assigns, which AWS documents as not allowed.";
    OuterVariableInDistributedMap = "ASL156", "outer-variable-in-distributed-map", Warning, None, "A distributed Map iteration reads an outer variable, which it cannot see.";

    // States, names and transitions
    UnknownTarget = "ASL201", "unknown-state", Error, TARGET, "A transition to a state that does not exist in the same scope.";
    TargetOutsideScope = "ASL202", "transition-leaves-scope", Error, TARGET, "A transition to a state of another Parallel branch, Map processor or the outer machine.";
    UnreachableState = "ASL203", "unreachable-state", Error, TARGET, "A state that no transition reaches from `StartAt`.";
    NoTerminalState = "ASL204", "no-terminal-state", Error, Some("MISSING_END_STATE"), "A machine or branch without a Succeed, Fail or `\"End\": true` state.";
    DuplicateStateName = "ASL205", "duplicate-state-name", Error, Some("DUPLICATE_STATE_NAME"), "Two states with the same name anywhere in the definition.";
    StateNameTooLong = "ASL206", "invalid-state-name", Error, Some("INVALID_STATE_NAME"), "A state name that is empty or longer than 80 characters.";
    StateNameCharacters = "ASL207", "state-name-characters", Warning, None, "A state name with control characters.";

    // Choice
    ChoiceRuleNoCondition = "ASL301", "choice-rule-no-condition", Error, SCHEMA, "A choice rule with no comparison, `And`, `Or`, `Not` or `Condition`.";
    ChoiceRuleSeveralConditions = "ASL302", "choice-rule-several-conditions", Error, SCHEMA, "A choice rule with more than one comparison or boolean operator.";
    ChoiceRuleMissingNext = "ASL303", "choice-rule-missing-next", Error, SCHEMA, "A top-level choice rule without `Next`.";
    NestedRuleWithNext = "ASL304", "nested-rule-with-next", Error, SCHEMA, "A rule inside `And`/`Or`/`Not` with `Next` or `Assign`.";
    ChoiceMissingVariable = "ASL305", "choice-missing-variable", Error, SCHEMA, "A comparison without `Variable`, or a `Variable` without comparison.";

    // Wait
    WaitDuration = "ASL401", "wait-duration", Error, SCHEMA, "A Wait state needs exactly one of `Seconds`, `Timestamp`, `SecondsPath`, `TimestampPath`.";

    // Retry and Catch
    StatesAllPosition = "ASL501", "states-all-position", Error, SCHEMA, "`States.ALL` not alone in its `ErrorEquals`, or not in the last retrier/catcher.";
    UnknownStatesError = "ASL502", "unknown-states-error", Warning, None, "An error name with the reserved `States.` prefix that Step Functions does not define.";
    HeartbeatNotBelowTimeout = "ASL503", "heartbeat-timeout", Error, SCHEMA, "`HeartbeatSeconds` not smaller than `TimeoutSeconds`.";
    UnknownServiceError = "ASL505", "unknown-service-error", Hint, None, "A `Service.Error` name in `ErrorEquals` that no API of that service declares.";

    // Parallel and Map
    DistributedOnlyField = "ASL601", "distributed-only-field", Warning, None, "A distributed-Map field on an inline Map, where it has no effect.";
    MissingExecutionType = "ASL602", "missing-execution-type", Error, SCHEMA, "A distributed Map without `ProcessorConfig.ExecutionType`.";
    InvalidLabel = "ASL603", "invalid-label", Warning, None, "A Map `Label` longer than 40 characters or with forbidden characters.";
    EmptyResultWriter = "ASL604", "incomplete-result-writer", Error, SCHEMA, "A `ResultWriter` with neither `WriterConfig` nor `Resource` and parameters.";

    // Resources and machine types
    ExpressUnsupported = "ASL701", "express-unsupported", Error, SCHEMA, "An integration pattern Express workflows do not support (`.sync`, `.waitForTaskToken`).";
    ExpressQuestionable = "ASL702", "express-questionable", Warning, None, "Something Express workflows are documented not to support (activities, distributed Map with Standard children).";
    ResourceNotArn = "ASL703", "resource-not-arn", Warning, None, "A Task `Resource` that does not look like an ARN.";
    InvalidResource = "ASL704", "invalid-resource", Error, Some("INVALID_RESOURCE"), "A Task `Resource` that cannot be valid: an unclosed `${` placeholder, a Lambda ARN with a bad version or alias.";
    UnknownIntegration = "ASL705", "unknown-integration", Error, SCHEMA, "An optimized integration (`arn:aws:states:::SERVICE:ACTION`) that does not exist.";
    UnsupportedPattern = "ASL706", "unsupported-pattern", Error, RESOURCE, "An integration pattern (`.sync`, `.sync:2`, `.waitForTaskToken`) the integration does not support.";
    UnknownSdkService = "ASL707", "unknown-sdk-service", Warning, RESOURCE, "An `aws-sdk:` service name Step Functions does not list (an error when it is a misspelling of one).";
    UnknownSdkAction = "ASL708", "unknown-sdk-action", Warning, RESOURCE, "An `aws-sdk:` action the service's API does not have (an error when it is a misspelling of one).";
    UnsupportedSdkOperation = "ASL709", "unsupported-sdk-operation", Error, RESOURCE, "An SDK operation Step Functions cannot call (streaming, or listed as unsupported).";
    RetiredSdkService = "ASL710", "retired-sdk-service", Warning, None, "An `aws-sdk:` service AWS has retired.";
    ArnShape = "ASL711", "arn-shape", Warning, None, "A partition, region or account in a resource ARN that has the wrong form.";
    UnknownParameter = "ASL712", "unknown-parameter", Warning, None, "A task parameter the integration's API does not take.";
    MissingParameter = "ASL713", "missing-parameter", Warning, None, "A parameter the integration's API requires is missing.";
    ParameterValue = "ASL714", "parameter-value", Warning, None, "A literal task parameter of the wrong type, or not one of its allowed values.";
    TaskTokenNotPassed = "ASL715", "task-token-not-passed", Warning, None, "A `.waitForTaskToken` task that does not pass the task token on.";
    CallbackWithoutHeartbeat = "ASL716", "callback-without-heartbeat", Hint, None, "A `.waitForTaskToken` task without `HeartbeatSeconds`.";

    // Payload templates and paths
    InvalidDollarValue = "ASL801", "invalid-dollar-value", Error, SCHEMA, "A `.$` field whose value is not a JSONPath or an intrinsic function call.";
    DollarAndPlainKey = "ASL802", "dollar-and-plain-key", Error, SCHEMA, "A payload template with both `x` and `x.$`.";
    NoDollar = "ASL803", "no-dollar", Warning, Some("NO_DOLLAR"), "A value that looks like a path under a key without `.$`: it is passed on as a plain string.";
    NoPath = "ASL804", "no-path", Warning, Some("NO_PATH"), "A value that looks like a path in a field without the `Path` suffix.";
    PassResultIsStatic = "ASL805", "pass-result-is-static", Warning, Some("PASS_RESULT_IS_STATIC"), "A path-looking value inside a Pass `Result`, which is never evaluated.";
    NotReferencePath = "ASL806", "not-reference-path", Error, SCHEMA, "A path that can select several values where one is required (`ResultPath`, `ItemsPath`, `Variable`, `…Path` fields).";
    UnknownIntrinsic = "ASL807", "unknown-intrinsic", Error, SCHEMA, "A call of a `States.` function that does not exist.";
    IntrinsicArity = "ASL808", "intrinsic-arity", Warning, None, "An intrinsic call with too few or too many arguments: it fails at run time.";
    IntrinsicArgument = "ASL809", "intrinsic-argument", Warning, None, "An intrinsic argument of the wrong type or value, where that is known before running.";
    FailPathIntrinsic = "ASL810", "fail-path-intrinsic", Error, SCHEMA, "An intrinsic in Fail `ErrorPath`/`CausePath` that does not return a string.";
    UnknownContextField = "ASL811", "unknown-context-field", Warning, None, "A context-object path (`$$.…`, `$states.context.…`) that names no field, or `Map.Item` outside a Map's `ItemSelector`.";
    JsonataInJsonPath = "ASL812", "jsonata-in-jsonpath-state", Warning, None, "A `{% %}` string in a JSONPath state: it is passed on as plain text.";
    DollarKeyInJsonata = "ASL813", "dollar-key-in-jsonata-state", Warning, None, "A key ending in `.$` in a JSONata state: its value is plain text, not a path.";

    // JSONata
    InvalidJsonata = "ASL901", "invalid-jsonata", Error, Some("INVALID_JSONATA_EXPRESSION"), "A `{% %}` expression that is not valid JSONata.";
    JsonataTooDeep = "ASL902", "jsonata-too-deep", Warning, None, "A `{% %}` expression nested too deeply for asl-ls to check.";
    JsonataTopLevelName = "ASL903", "jsonata-top-level-name", Error, UNSUPPORTED_JSONATA, "A field name read from the top level of a JSONata expression (`{% phone %}`): use `$states.input.phone`.";
    JsonataStatesUnavailable = "ASL904", "jsonata-states-unavailable", Error, UNSUPPORTED_JSONATA, "`$states.errorOutput` outside a catcher, or `$states.result` in `Arguments`.";
    JsonataStatesMember = "ASL905", "jsonata-states-member", Warning, None, "A `$states` member that does not exist, or `$states.result` where the state has no result.";
    JsonataRootContext = "ASL906", "jsonata-root-context", Warning, None, "`$` or `$$` at the top level of a JSONata expression: use `$states.input`.";
    JsonataUnknownFunction = "ASL907", "jsonata-unknown-function", Warning, None, "A call of a function JSONata in Step Functions does not have (`$eval`, a misspelt name).";
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_and_names_are_unique_and_errors_carry_aws_codes() {
        let mut ids = HashSet::new();
        let mut names = HashSet::new();
        for &code in Code::ALL {
            assert!(ids.insert(code.id()), "duplicate id {}", code.id());
            assert!(names.insert(code.name()), "duplicate name {}", code.name());
            assert!(code.id().starts_with("ASL") && code.id().len() == 6);
            // AWS never reads YAML: a converter (SAM, the Serverless
            // Framework, the console) refuses it before AWS could.
            // Nor templates: CloudFormation or Terraform refuses those.
            let not_aws = ["yaml-", "template-", "hcl-"].iter().any(|p| code.name().starts_with(p));
            if code.default_severity() == Severity::Error && !not_aws {
                assert!(code.aws_code().is_some(), "{} is an error without an AWS code", code.id());
            }
        }
    }
}
