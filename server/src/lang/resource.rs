//! Task `Resource` ARNs: optimized integrations
//! (`arn:aws:states:::SERVICE:ACTION[.PATTERN]`), SDK integrations
//! (`arn:aws:states:::aws-sdk:SERVICE:ACTION[.PATTERN]`), Lambda function
//! ARNs and activity ARNs, split into parts with their byte ranges.

use std::ops::Range;

/// One part of a resource and where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part<'a> {
    pub text: &'a str,
    pub range: Range<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resource<'a> {
    /// `arn:aws:states:::lambda:invoke.waitForTaskToken`
    Optimized { partition: Part<'a>, service: Part<'a>, action: Part<'a>, suffix: Part<'a> },
    /// `arn:aws:states:::aws-sdk:dynamodb:putItem`
    Sdk { partition: Part<'a>, service: Part<'a>, action: Part<'a>, suffix: Part<'a> },
    /// `arn:aws:lambda:us-east-1:123456789012:function:name[:qualifier]`
    Lambda { partition: Part<'a>, region: Part<'a>, account: Part<'a>, name: Part<'a> },
    /// `arn:aws:states:us-east-1:123456789012:activity:name`
    Activity { partition: Part<'a>, region: Part<'a>, account: Part<'a>, name: Part<'a> },
    /// Anything else (another ARN, or not an ARN).
    Other,
}

/// Splits `text` at `:` into parts with ranges, at most `limit` parts (the
/// last keeps the rest).
fn split(text: &str, limit: usize) -> Vec<Part<'_>> {
    let mut parts = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c == ':' && parts.len() + 1 < limit {
            parts.push(Part { text: &text[start..i], range: start..i });
            start = i + 1;
        }
    }
    parts.push(Part { text: &text[start..], range: start..text.len() });
    parts
}

/// `ACTION[.PATTERN]` at `offset`: the action and its suffix (`.sync:2`
/// included), the suffix empty when there is none.
fn action_and_suffix(text: &str, offset: usize) -> (Part<'_>, Part<'_>) {
    let cut = text.find('.').unwrap_or(text.len());
    (
        Part { text: &text[..cut], range: offset..offset + cut },
        Part { text: &text[cut..], range: offset + cut..offset + text.len() },
    )
}

pub fn parse(text: &str) -> Resource<'_> {
    let parts = split(text, 7);
    if parts.len() < 6 || parts[0].text != "arn" {
        return Resource::Other;
    }
    let partition = parts[1].clone();
    match (parts[2].text, parts[5].text) {
        ("states", kind)
            if (parts[3].text.is_empty() && parts[4].text.is_empty())
                || (!parts[3].text.is_empty()
                    && !parts[4].text.is_empty()
                    && !matches!(kind, "activity" | "stateMachine" | "execution" | "express" | "mapRun")) =>
        {
            // arn:P:states:::SERVICE:ACTION…, or with a region and an account
            // (which AWS takes too) — parts[5] is the service.
            let rest_start = parts[5].range.start;
            let rest = &text[rest_start..];
            let tail = split(rest, 3);
            if tail[0].text == "aws-sdk" && tail.len() == 3 {
                let service = Part {
                    text: tail[1].text,
                    range: rest_start + tail[1].range.start..rest_start + tail[1].range.end,
                };
                let (action, suffix) = action_and_suffix(tail[2].text, rest_start + tail[2].range.start);
                return Resource::Sdk { partition, service, action, suffix };
            }
            let tail = split(rest, 2);
            if tail.len() < 2 {
                return Resource::Other;
            }
            let service = Part { text: tail[0].text, range: rest_start..rest_start + tail[0].text.len() };
            let (action, suffix) = action_and_suffix(tail[1].text, rest_start + tail[1].range.start);
            Resource::Optimized { partition, service, action, suffix }
        }
        ("states", "activity") if parts.len() == 7 => Resource::Activity {
            partition,
            region: parts[3].clone(),
            account: parts[4].clone(),
            name: parts[6].clone(),
        },
        ("lambda", "function") if parts.len() == 7 => {
            Resource::Lambda { partition, region: parts[3].clone(), account: parts[4].clone(), name: parts[6].clone() }
        }
        _ => Resource::Other,
    }
}

/// Partitions Step Functions runs in.
pub const PARTITIONS: &[&str] =
    &["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"];

/// `us-east-1`, `eu-central-2`, `us-gov-west-1`, `cn-north-1`.
pub fn is_region(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    parts.len() >= 3
        && parts[0].len() == 2
        && parts[0].chars().all(|c| c.is_ascii_lowercase())
        && parts[1..parts.len() - 1].iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase()))
        && parts.last().is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

pub fn is_account(text: &str) -> bool {
    text.len() == 12 && text.chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_each_kind_with_ranges() {
        let r = parse("arn:aws:states:::states:startExecution.sync:2");
        let Resource::Optimized { service, action, suffix, .. } = r else { panic!("{r:?}") };
        assert_eq!((service.text, action.text, suffix.text), ("states", "startExecution", ".sync:2"));
        assert_eq!(action.range, 24..38);
        let r = parse("arn:aws:states:::aws-sdk:dynamodb:putItem.waitForTaskToken");
        let Resource::Sdk { service, action, suffix, .. } = r else { panic!("{r:?}") };
        assert_eq!((service.text, action.text, suffix.text), ("dynamodb", "putItem", ".waitForTaskToken"));
        assert_eq!(service.range, 25..33);
        let r = parse("arn:aws:lambda:us-east-1:123456789012:function:my-fn:prod");
        let Resource::Lambda { name, region, .. } = r else { panic!("{r:?}") };
        assert_eq!((name.text, region.text), ("my-fn:prod", "us-east-1"));
        assert!(matches!(parse("arn:aws:states:eu-west-1:123456789012:activity:work"), Resource::Activity { .. }));
        // With a region and an account: the same parts, ranges in the longer text.
        let r = parse("arn:aws:states:us-east-1:123456789012:aws-sdk:s3:getObject");
        let Resource::Sdk { service, action, .. } = r else { panic!("{r:?}") };
        assert_eq!((service.text, action.text, service.range), ("s3", "getObject", 46..48));
        let r = parse("arn:aws:states:us-east-1:123456789012:lambda:invoke.waitForTaskToken");
        let Resource::Optimized { service, action, suffix, .. } = r else { panic!("{r:?}") };
        assert_eq!((service.text, action.text, suffix.text), ("lambda", "invoke", ".waitForTaskToken"));
        assert_eq!(parse("arn:aws:states:us-east-1:123456789012:stateMachine:m"), Resource::Other);
        assert_eq!(parse("arn:aws:sqs:us-east-1:1:q"), Resource::Other);
        assert_eq!(parse("lambda"), Resource::Other);
        assert!(
            is_region("us-gov-west-1")
                && is_region("eu-central-2")
                && !is_region("useast1")
                && !is_region("${AWS::Region}")
        );
        assert!(is_account("123456789012") && !is_account("1234"));
    }
}
