//! Hover for Task integrations: what the `Resource` calls (the API's
//! summary, its parameters, the pattern's behaviour) and what a parameter
//! of `Parameters`/`Arguments` takes.

use crate::data::Pattern;
use crate::ide::completion::param_doc;
use crate::ide::task_api::{param_named, TaskApi};
use crate::lang::resource::{self, Resource};

/// Markdown for a Task `Resource`.
pub(crate) fn resource(text: &str) -> Option<String> {
    let api = TaskApi::resolve(text)?;
    let (service, action, kind) = match resource::parse(text) {
        Resource::Optimized { service, action, .. } => (service.text, action.text, "optimized integration"),
        Resource::Sdk { service, action, .. } => (service.text, action.text, "AWS SDK integration"),
        _ => return None,
    };
    let mut out = format!("**{service}:{action}** · {kind}");
    if let Some(title) = api.integration.map(|i| i.title.as_str()) {
        out.push_str(&format!(" ({title})"));
    }
    if let Some(summary) = api.summary() {
        out.push_str(&format!("\n\n{summary}"));
    }
    if let Some(pattern) = api.pattern {
        out.push_str(&format!("\n\n{}", pattern.doc()));
    }
    let params = api.params();
    if !params.is_empty() {
        let mut shown: Vec<String> = params
            .iter()
            .take(15)
            .map(|p| format!("`{}`{}", p.name, if p.required { " (required)" } else { "" }))
            .collect();
        if params.len() > 15 {
            shown.push(format!("… {} more", params.len() - 15));
        }
        out.push_str(&format!("\n\nParameters: {}", shown.join(", ")));
    }
    if let (Some(prefix), Some(operation)) = (api.error_prefix(), api.operation) {
        let errors: Vec<String> = operation.error_names(prefix).take(6).map(|e| format!("`{e}`")).collect();
        if !errors.is_empty() {
            out.push_str(&format!("\n\nErrors: {}", errors.join(", ")));
        }
    }
    if api.pattern == Some(Pattern::WaitForTaskToken) {
        out.push_str("\n\nPass `$$.Task.Token` (JSONata: `$states.context.Task.Token`) to the worker.");
    }
    Some(out)
}

/// Markdown for a parameter key of the Task whose resource is `text`.
pub(crate) fn parameter(text: &str, key: &str) -> Option<String> {
    let api = TaskApi::resolve(text)?;
    let params = api.params();
    let param = param_named(&params, key)?;
    Some(format!("**{}** · parameter\n\n{}", param.name, param_doc(param)))
}

#[cfg(test)]
mod tests {
    use crate::ide::Analysis;

    fn hover(fixture: &str) -> Option<(String, String)> {
        let offset = fixture.find("$0").expect("fixture has $0") as u32;
        let text = fixture.replacen("$0", "", 1);
        let hover = Analysis::new(text.clone()).hover(offset)?;
        Some((hover.markdown, text[hover.range.as_usize()].to_string()))
    }

    #[test]
    fn resources_and_parameters_explain_themselves() {
        let fixture = r#"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:dynamodb:put$0Item", "Parameters": {"TableName": "t"}, "End": true}}}"#;
        let (markdown, _) = hover(fixture).expect("hover");
        assert!(markdown.starts_with("**dynamodb:putItem** · AWS SDK integration\n\nCreates a new item"), "{markdown}");
        assert!(
            markdown.contains("Parameters: `Item` (required)") || markdown.contains("`TableName` (required)"),
            "{markdown}"
        );
        assert!(markdown.contains("`DynamoDb.ConditionalCheckFailedException`"), "{markdown}");
        let fixture = fixture.replace("put$0Item", "putItem").replace("\"TableName\"", "\"Table$0Name\"");
        let (markdown, covered) = hover(&fixture).expect("hover");
        assert_eq!(covered, "\"TableName\"");
        assert!(markdown.starts_with("**TableName** · parameter\n\na string, required"), "{markdown}");
        let fixture = r#"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitFor$0TaskToken", "End": true}}}"#;
        let (markdown, _) = hover(fixture).expect("hover");
        assert!(markdown.starts_with("**lambda:invoke** · optimized integration (AWS Lambda)"), "{markdown}");
        assert!(markdown.contains("Wait for a callback"), "{markdown}");
    }
}
