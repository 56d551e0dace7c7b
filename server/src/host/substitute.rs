//! Reading an embedded definition's tree as its host deploys it: intrinsic
//! functions become `${…}` placeholders (values known at deploy time, never
//! a false error), literal substitutions are put in place, and each
//! placeholder nothing supplies is found.

use super::extract::{is_intrinsic, placeholder};
use super::names::PSEUDO_PARAMETERS;
use super::{Embedding, Rule};
use crate::syntax::{source_range, Parse, Value, ValueKind};
use crate::text::TextRange;
use compact_str::CompactString;

/// What [`prepare`] found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Findings {
    /// `${name}` that nothing supplies: where it is in the definition text,
    /// the name, the rule it breaks, and whether the template has a
    /// parameter or resource of that name (not substituted there).
    pub unresolved: Vec<(TextRange, String, Rule, bool)>,
    /// The substitutions the definition uses, by name.
    pub used: Vec<String>,
}

/// Rewrites `parse`'s tree for `embedding` and reports its placeholders.
pub fn prepare(text: &str, parse: &mut Parse, embedding: &Embedding) -> Findings {
    let mut findings = Findings::default();
    if let Some(root) = parse.root.as_mut() {
        let mut walk = Walk { text, embedding, findings: &mut findings };
        walk.value(root, embedding.rule, &[], 0);
    }
    findings.used.sort();
    findings.used.dedup();
    findings
}

struct Walk<'a> {
    text: &'a str,
    embedding: &'a Embedding,
    findings: &'a mut Findings,
}

/// `${…}` placeholders of a string: byte range of each (braces included) and its name.
fn placeholders(s: &str) -> impl Iterator<Item = (usize, usize, &str)> {
    let mut from = 0;
    std::iter::from_fn(move || {
        let start = from + s.get(from..)?.find("${")?;
        let end = start + 2 + s[start + 2..].find('}')?;
        from = end + 1;
        Some((start, end + 1, &s[start + 2..end]))
    })
}

impl Walk<'_> {
    fn value(&mut self, value: &mut Value, rule: Rule, variables: &[(String, Option<String>)], depth: usize) {
        if depth > crate::syntax::MAX_DEPTH + 8 {
            return;
        }
        if self.embedding.cfn && is_intrinsic(value) {
            self.intrinsic(value);
            return;
        }
        let range = value.range;
        match &mut value.kind {
            ValueKind::Object(object) => {
                for member in &mut object.members {
                    let key = member.key.clone();
                    self.scan(&key, member.key_range, rule, variables);
                    self.value(&mut member.value, rule, variables, depth + 1);
                }
            }
            ValueKind::Array(items) => items.iter_mut().for_each(|v| self.value(v, rule, variables, depth + 1)),
            ValueKind::String(s) if s.contains("${") => {
                if let Some(replaced) = self.scan(&s.clone(), range, rule, variables) {
                    *s = replaced;
                }
            }
            _ => {}
        }
    }

    /// `{"Fn::Sub": …}` becomes its string, checked under the `Fn::Sub`
    /// rule; any other intrinsic a placeholder.
    fn intrinsic(&mut self, value: &mut Value) {
        let Some(member) = value.as_object().and_then(|o| o.members.first()) else { return };
        let sub = match (member.key.as_str(), &member.value.kind) {
            ("Fn::Sub", ValueKind::String(_)) => Some((&member.value, Vec::new())),
            ("Fn::Sub", ValueKind::Array(items)) if items.first().is_some_and(|v| v.as_str().is_some()) => {
                let variables = items.get(1).and_then(Value::as_object).map_or_else(Vec::new, |o| {
                    o.members.iter().map(|m| (m.key.to_string(), m.value.as_str().map(str::to_string))).collect()
                });
                Some((&items[0], variables))
            }
            _ => None,
        };
        let replaced = match sub {
            Some((string, variables)) => {
                let (s, range) = (string.as_str().unwrap_or("").to_string(), string.range);
                let replaced = self.scan(&s, range, Rule::Sub, &variables);
                replaced.map_or(s, |r| r.to_string())
            }
            None => placeholder(value, &self.embedding.template),
        };
        value.kind = ValueKind::String(replaced.into());
    }

    /// Reports the placeholders of `s` (the string or key at `range`) that
    /// nothing supplies; returns `s` with literal substitutions made, when
    /// any is.
    fn scan(
        &mut self,
        s: &str,
        range: TextRange,
        rule: Rule,
        variables: &[(String, Option<String>)],
    ) -> Option<CompactString> {
        if !s.contains("${") {
            return None;
        }
        let mut out = String::new();
        let mut copied = 0;
        for (start, end, name) in placeholders(s) {
            let mut trimmed = name.trim();
            // A template's interpolation names a variable by its root
            // (`arns.lambda`, `arns["x"]`); a function call is Terraform's.
            if rule == Rule::Vars {
                if trimmed.contains('(') {
                    continue;
                }
                let root = trimmed.split(['.', '[', ' ']).next().unwrap_or(trimmed);
                if root != trimmed {
                    if let Some(sub) = self.embedding.substitutions.iter().find(|s| s.name == root) {
                        self.findings.used.push(sub.name.clone());
                        continue;
                    }
                    trimmed = root;
                }
            }
            // `${!Name}` in `Fn::Sub` is the literal text `${Name}`.
            if let Some(literal) = trimmed.strip_prefix('!').filter(|_| rule == Rule::Sub) {
                out.push_str(&s[copied..start]);
                out.push_str(&format!("${{{literal}}}"));
                copied = end;
                continue;
            }
            // An intrinsic's value is known at deploy time.
            let literal: Option<Option<&str>> = if super::extract::is_intrinsic_placeholder(trimmed) {
                None
            } else if let Some((_, value)) = variables.iter().find(|(n, _)| n == trimmed) {
                Some(value.as_deref())
            } else if let Some(sub) = self.embedding.substitutions.iter().find(|s| s.name == trimmed) {
                self.findings.used.push(sub.name.clone());
                Some(sub.literal.as_deref())
            } else if let Some((_, value)) = PSEUDO_PARAMETERS.iter().find(|(p, _)| *p == trimmed) {
                if rule == Rule::Sub {
                    Some(*value)
                } else {
                    self.unresolved(s, range, start, end, trimmed, rule);
                    None
                }
            } else {
                let known = match rule {
                    Rule::Any => true,
                    Rule::Sub => self.embedding.template.knows(trimmed),
                    Rule::Listed | Rule::Vars => false,
                };
                if !known {
                    self.unresolved(s, range, start, end, trimmed, rule);
                }
                None
            };
            if let Some(Some(value)) = literal {
                out.push_str(&s[copied..start]);
                out.push_str(value);
                copied = end;
            }
        }
        if copied == 0 {
            return None;
        }
        out.push_str(&s[copied..]);
        Some(out.into())
    }

    fn unresolved(&mut self, s: &str, range: TextRange, start: usize, end: usize, name: &str, rule: Rule) {
        let _ = s;
        let at = source_range(self.text, range, start, end);
        // A key or string whose source cannot be located: the whole of it.
        let at = if range.contains_range(at) { at } else { range };
        let known = self.embedding.template.knows(name);
        self.findings.unresolved.push((at, name.to_string(), rule, known));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::Substitution;

    fn prepared(text: &str, embedding: &Embedding) -> (Findings, Parse) {
        let mut parse = crate::syntax::parse_yaml_cfn(text);
        let findings = prepare(text, &mut parse, embedding);
        (findings, parse)
    }

    fn string_at<'p>(parse: &'p Parse, key: &str) -> &'p str {
        parse.root.as_ref().unwrap().as_object().unwrap().value(key).unwrap().as_str().unwrap()
    }

    #[test]
    fn intrinsics_become_placeholders_and_literals_are_substituted() {
        let embedding = Embedding {
            cfn: true,
            rule: Rule::Listed,
            substitutions: vec![
                Substitution { name: "Table".into(), key_range: TextRange::empty(0), literal: Some("orders".into()) },
                Substitution { name: "Unused".into(), key_range: TextRange::empty(0), literal: None },
            ],
            ..Embedding::default()
        };
        let text = "A: !GetAtt Fn.Arn\nB: ${Table}-x\nC: ${Missing}\nD: !Sub arn:${AWS::Partition}:states:::${Nope}\n";
        let (findings, parse) = prepared(text, &embedding);
        assert_eq!(string_at(&parse, "A"), "${GetAtt Fn.Arn}");
        assert_eq!(string_at(&parse, "B"), "orders-x");
        assert_eq!(string_at(&parse, "D"), "arn:aws:states:::${Nope}");
        let names: Vec<_> = findings.unresolved.iter().map(|(r, n, ..)| (&text[r.as_usize()], n.as_str())).collect();
        assert_eq!(names, [("${Missing}", "Missing"), ("${Nope}", "Nope")]);
        assert_eq!(findings.used, ["Table"]);
    }
}
