//! Task states: the request, the service call (a mock) on the simulated
//! clock with its timeouts, Retry and Catch, and the result's processing.

use super::super::numbers;
use super::*;

/// A Task's `TimeoutSeconds` when it has none (AWS: 99999999 s).
const DEFAULT_TASK_TIMEOUT: f64 = 99_999_999.0;

/// A task's time limits.
#[derive(Clone, Copy)]
pub(super) struct Limits {
    timeout: f64,
    heartbeat: Option<f64>,
}

impl Limits {
    /// The limit a call of `timing` reaches first, with its error; `None`
    /// when it ends in time.
    fn expiry(self, timing: Timing) -> Option<(f64, &'static str)> {
        let silence = timing.heartbeat_every.unwrap_or(timing.seconds).min(timing.seconds);
        let heartbeat = self.heartbeat.filter(|h| silence > *h);
        match heartbeat {
            Some(h) if h < self.timeout => Some((h, "States.HeartbeatTimeout")),
            _ if timing.seconds > self.timeout => Some((self.timeout, "States.Timeout")),
            _ => None,
        }
    }
}

impl Runner<'_, '_> {
    /// Calls the task's service (a mock), with the state's Retry. Each call
    /// takes the mock's time on the simulated clock; one that takes longer
    /// than `TimeoutSeconds`, or goes longer than `HeartbeatSeconds` without
    /// a heartbeat, fails with `States.Timeout` / `States.HeartbeatTimeout`
    /// (no cause, as AWS records it) when that limit is reached.
    pub(super) fn call(&mut self, cx: &Cx<'_>, request: &Value, limits: Limits) -> Result<Value, Failure> {
        self.retried(cx, |this, attempt| {
            this.events += 2; // …Scheduled, …Started
            let answer = this.mocks.answer(cx.name, request, attempt);
            let timing = this.mocks.timing(cx.name, attempt);
            this.events += 1; // …Succeeded / …Failed / …TimedOut
            if let Some((limit, error)) = limits.expiry(timing) {
                this.clock += limit;
                this.states[cx.record].notes.push(format!("{error} after {limit} s (simulated)"));
                let heartbeat = error == "States.HeartbeatTimeout";
                return Err(Failure { error: Some("States.Timeout".into()), cause: None, heartbeat });
            }
            this.clock += timing.seconds;
            match answer {
                Some(Answer::Return(value)) => Ok(value),
                None => {
                    this.notices.push(format!("task `{}` has no mock: it returned its input", cx.name));
                    this.states[cx.record].notes.push("no mock: returned its input".into());
                    Ok(request.clone())
                }
                Some(Answer::Throw { error, cause }) => Err(Failure::raised(error, cause)),
            }
        })
    }

    /// `TimeoutSeconds(Path)` and `HeartbeatSeconds(Path)`, read and checked.
    fn limits(
        &self,
        cx: &Cx<'_>,
        states: &Value,
        effective: &Value,
        context: &Value,
        vars: &Rc<Vars>,
    ) -> Result<Limits, Failure> {
        let read = |name: &str| -> Result<Option<f64>, Failure> {
            let path_field_name = format!("{name}Path");
            if cx.jsonata {
                return match cx.object.value(name) {
                    Some(node) if node.as_str().is_some() => {
                        let value = self.jsonata_field(Some(node), states, vars, name)?.unwrap_or(Value::Null);
                        numbers::jsonata_seconds(name, node.as_str().unwrap_or_default(), &value).map(Some)
                    }
                    Some(node) => Ok(node.as_number().map(|n| n.value)),
                    None => Ok(None),
                };
            }
            if let Some(path) = cx.object.value(&path_field_name).and_then(Node::as_str) {
                let value = with_roots(effective, context, vars, |roots| path_field(path, roots))?;
                return numbers::path_seconds(&path_field_name, path, &value).map(Some);
            }
            Ok(cx.object.value(name).and_then(Node::as_number).map(|n| n.value))
        };
        Ok(Limits {
            timeout: read("TimeoutSeconds")?.unwrap_or(DEFAULT_TASK_TIMEOUT),
            heartbeat: read("HeartbeatSeconds")?,
        })
    }

    pub(super) fn task(&mut self, cx: &Cx<'_>, input: Value, vars: &Rc<Vars>) -> Result<Flow, Failure> {
        let resource = cx.object.value("Resource").and_then(Node::as_str).unwrap_or_default();
        let token = resource.ends_with(".waitForTaskToken").then(|| Value::String(self.random.uuid()));
        let context = self.context(cx.name, Some(0), token.map(|t| ("Task", json!({"Token": t}))));
        let outcome = self.task_inner(cx, &input, &context, vars);
        match outcome {
            Ok(output) => Ok(self.transition(cx.object, output)),
            Err(failure) => self.catch(cx, &input, vars, failure),
        }
    }

    pub(super) fn task_inner(
        &mut self,
        cx: &Cx<'_>,
        input: &Value,
        context: &Value,
        vars: &Rc<Vars>,
    ) -> Result<Value, Failure> {
        if cx.jsonata {
            let states = self.states_var(input, context);
            let request =
                self.jsonata_field(cx.object.value("Arguments"), &states, vars, "Arguments")?.unwrap_or(input.clone());
            let limits = self.limits(cx, &states, input, context, vars)?;
            let result = self.call(cx, &request, limits)?;
            let states = json!({"input": input, "context": context, "result": result});
            return self.jsonata_finish(cx.object, &states, vars, result.clone(), "");
        }
        let effective = self.input_path(cx.object, input, context, vars)?;
        let limits = self.limits(cx, &Value::Null, &effective, context, vars)?;
        let request = self.payload(cx.object.value("Parameters"), &effective, context, vars)?.unwrap_or(effective);
        let result = self.call(cx, &request, limits)?;
        self.finish_jsonpath(cx, input, result, context, vars)
    }

    /// ResultSelector → ResultPath → OutputPath, then Assign on the raw result.
    pub(super) fn finish_jsonpath(
        &mut self,
        cx: &Cx<'_>,
        input: &Value,
        result: Value,
        context: &Value,
        vars: &Rc<Vars>,
    ) -> Result<Value, Failure> {
        let selected =
            self.payload(cx.object.value("ResultSelector"), &result, context, vars)?.unwrap_or(result.clone());
        let output = self.result_path(cx.object, input.clone(), selected)?;
        let output = self.output_path(cx.object, output, context, vars)?;
        self.assign_jsonpath(cx.object.value("Assign"), &result, context, vars)?;
        Ok(output)
    }
}
