//! The interpreter: runs scopes state by state on the model, with AWS's
//! processing order, events numbered as in an execution history (for the
//! `entered at the event id #N` of error causes), a simulated clock, and a
//! bound on transitions.

use super::choice;
use super::data::{compact, dollar_value, path_field, template, to_json, Failure};
use super::jsonata::{self, Scope};
use super::mocks::{Answer, Mocks};
use super::paths::Roots;
use super::random::Random;
use super::{Options, Outcome, StateRun, Status};
use crate::model::{Machine, QueryLanguage, ScopeId, StateId, StateKind};
use crate::syntax::{Object, Value as Node};
use serde_json::{json, Map, Value};
use std::cell::RefCell;
use std::rc::Rc;

/// Variables of one scope, and the scope around it.
pub(super) struct Vars {
    own: RefCell<Map<String, Value>>,
    parent: Option<Rc<Vars>>,
}

impl Vars {
    fn root() -> Rc<Vars> {
        Rc::new(Vars { own: RefCell::new(Map::new()), parent: None })
    }

    fn child(parent: Option<&Rc<Vars>>) -> Rc<Vars> {
        Rc::new(Vars { own: RefCell::new(Map::new()), parent: parent.cloned() })
    }

    fn get(&self, name: &str) -> Option<Value> {
        match self.own.borrow().get(name) {
            Some(v) => Some(v.clone()),
            None => self.parent.as_ref().and_then(|p| p.get(name)),
        }
    }

    /// Every visible variable, inner names first.
    fn all(&self) -> Vec<(String, Value)> {
        let mut out: Vec<(String, Value)> = self.own.borrow().iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        if let Some(parent) = &self.parent {
            for (k, v) in parent.all() {
                if !out.iter().any(|(n, _)| *n == k) {
                    out.push((k, v));
                }
            }
        }
        out
    }

    fn set(&self, values: Map<String, Value>) {
        self.own.borrow_mut().extend(values);
    }
}

/// Where a state goes next.
enum Flow {
    Next(String, Value),
    End(Value),
}

pub(super) struct Runner<'a, 't> {
    machine: &'a Machine<'t>,
    options: &'a Options,
    mocks: &'a mut dyn Mocks,
    random: Random,
    /// Events of the history so far (`ExecutionStarted` is 1).
    events: u64,
    transitions: usize,
    /// Seconds since the start, on the simulated clock.
    clock: f64,
    execution: Value,
    state_machine: Value,
    states: Vec<StateRun>,
    notices: Vec<String>,
    /// The machine's `TimeoutSeconds`, and whether the clock passed it.
    timeout: Option<f64>,
    timed_out: bool,
}

impl<'a, 't> Runner<'a, 't> {
    pub fn new(machine: &'a Machine<'t>, options: &'a Options, mocks: &'a mut dyn Mocks) -> Self {
        let overrides = options.context.clone().unwrap_or(Value::Null);
        let mut execution = json!({
            "Id": "arn:aws:states:us-east-1:123456789012:execution:StateMachine:asl-ls-run",
            "Input": options.input,
            "Name": "asl-ls-run",
            "RoleArn": "arn:aws:iam::123456789012:role/StepFunctionsRole",
            "StartTime": "2026-01-01T00:00:00.000Z",
            "RedriveCount": 0,
        });
        let mut state_machine = json!({
            "Id": "arn:aws:states:us-east-1:123456789012:stateMachine:StateMachine",
            "Name": "StateMachine",
        });
        merge(&mut execution, &overrides["Execution"]);
        merge(&mut state_machine, &overrides["StateMachine"]);
        Runner {
            machine,
            options,
            mocks,
            random: Random::seeded(options.seed),
            events: 1,
            transitions: 0,
            clock: 0.0,
            execution,
            state_machine,
            states: Vec::new(),
            notices: Vec::new(),
            timeout: machine.root.value("TimeoutSeconds").and_then(Node::as_number).map(|n| n.value),
            timed_out: false,
        }
    }

    pub fn run(mut self) -> Result<Outcome, String> {
        let input = self.options.input.clone();
        // StartExecution refuses such an input: there is no execution to report.
        let bytes = payload_bytes(&input);
        if bytes > MAX_PAYLOAD_BYTES {
            return Err(format!(
                "the execution input is {bytes} bytes; AWS accepts at most {MAX_PAYLOAD_BYTES} (256 KiB)"
            ));
        }
        let vars = Vars::root();
        let result = match &self.options.state {
            Some(name) => {
                let id = self
                    .machine
                    .states
                    .iter()
                    .position(|s| s.name == name)
                    .ok_or_else(|| format!("no state `{name}`"))?;
                self.state(id, input, &vars, 0).map(|flow| match flow {
                    Flow::Next(_, v) | Flow::End(v) => v,
                })
            }
            None => {
                if self.machine.scopes[0]
                    .start_at()
                    .and_then(|m| m.value.as_str())
                    .and_then(|n| self.machine.scopes[0].lookup(n))
                    .is_none()
                {
                    return Err("`StartAt` names no state: the definition cannot run".into());
                }
                self.scope(0, input, &vars, 0)
            }
        };
        let (status, output, error, cause) = match result {
            Ok(output) => (Status::Succeeded, Some(output), None, None),
            Err(failure) if self.timed_out => (Status::TimedOut, None, failure.error, failure.cause),
            Err(failure) => (Status::Failed, None, failure.error, failure.cause),
        };
        Ok(Outcome { status, output, error, cause, states: self.states, notices: self.notices })
    }

    fn scope(&mut self, scope_id: ScopeId, input: Value, vars: &Rc<Vars>, depth: usize) -> Result<Value, Failure> {
        let scope = &self.machine.scopes[scope_id];
        let start = scope.start_at().and_then(|m| m.value.as_str()).unwrap_or_default();
        let mut id = scope
            .lookup(start)
            .ok_or_else(|| Failure::new("States.Runtime", format!("`StartAt` names no state `{start}`")))?;
        let mut data = input;
        loop {
            self.transitions += 1;
            if self.transitions > self.options.max_transitions {
                return Err(Failure::new(
                    "States.Runtime",
                    format!(
                        "the execution made more than {} state transitions: it looks like an endless loop",
                        self.options.max_transitions
                    ),
                ));
            }
            let flow = self.state(id, data, vars, depth)?;
            // Only the top level times out: a branch must not catch it.
            if let Some(limit) = self.timeout.filter(|limit| depth == 0 && self.clock > *limit) {
                self.timed_out = true;
                return Err(Failure::new(
                    "States.Timeout",
                    format!("The execution ran longer than its TimeoutSeconds ({limit} s)"),
                ));
            }
            match flow {
                Flow::End(output) => return Ok(output),
                Flow::Next(name, output) => {
                    id = scope
                        .lookup(&name)
                        .ok_or_else(|| Failure::new("States.Runtime", format!("no state `{name}` to go to")))?;
                    data = output;
                }
            }
        }
    }

    fn timestamp(&self) -> String {
        let start = self.execution["StartTime"].as_str().unwrap_or("2026-01-01T00:00:00.000Z");
        super::choice::add_seconds(start, self.clock).unwrap_or_else(|| start.to_string())
    }

    /// The context object; `retry` is set for Task states (`State.RetryCount`).
    fn context(&self, state: &str, retry: Option<usize>, extra: Option<(&str, Value)>) -> Value {
        let mut context = json!({
            "Execution": self.execution,
            "State": {"EnteredTime": self.timestamp(), "Name": state},
            "StateMachine": self.state_machine,
        });
        if let Some(retry) = retry {
            context["State"]["RetryCount"] = Value::from(retry);
        }
        if let Some((key, value)) = extra {
            context[key] = value;
        }
        context
    }

    /// Runs one state; records it; prefixes evaluation errors with where they happened.
    fn state(&mut self, id: StateId, input: Value, vars: &Rc<Vars>, depth: usize) -> Result<Flow, Failure> {
        let st = &self.machine.states[id];
        let record = self.states.len();
        self.states.push(StateRun {
            state: st.name.to_string(),
            kind: st.kind.map_or("Unknown", |k| k.name()),
            depth,
            input: input.clone(),
            output: None,
            name_range: st.name_range(),
            notes: Vec::new(),
        });
        self.events += 1;
        let entered = self.events;
        let (Some(object), Some(kind)) = (st.object, st.kind) else {
            return Err(Failure::new("States.Runtime", format!("state `{}` has no valid `Type`", st.name)));
        };
        let cx = Cx { id, object, name: st.name, jsonata: st.query_language == QueryLanguage::Jsonata, depth, record };
        let result = match kind {
            StateKind::Pass => self.pass(&cx, input, vars),
            StateKind::Task => self.task(&cx, input, vars),
            StateKind::Choice => self.choice(&cx, input, vars),
            StateKind::Wait => self.wait(&cx, input, vars),
            StateKind::Succeed => self.succeed(&cx, input, vars),
            StateKind::Fail => self.fail(&cx, input, vars),
            StateKind::Parallel => self.parallel(&cx, input, vars),
            StateKind::Map => self.map(&cx, input, vars),
        };
        match result {
            Ok(flow) => {
                let output = match &flow {
                    Flow::Next(_, v) | Flow::End(v) => v.clone(),
                };
                // Too large an output: the state fails and does not exit (no output in the trace).
                let bytes = payload_bytes(&output);
                if bytes > MAX_PAYLOAD_BYTES {
                    return Err(Failure::new(
                        "States.DataLimitExceeded",
                        format!(
                            "The state `{}` produced an output of {bytes} bytes; a payload is at most {MAX_PAYLOAD_BYTES} bytes (256 KiB): keep large data in S3 and pass its key",
                            st.name
                        ),
                    ));
                }
                self.states[record].output = Some(output);
                if !matches!(kind, StateKind::Fail) {
                    self.events += 1; // …StateExited
                }
                Ok(flow)
            }
            Err(mut failure) => {
                let located = matches!(
                    failure.name(),
                    "States.Runtime" | "States.QueryEvaluationError" | "States.IntrinsicFailure"
                );
                if located
                    && failure
                        .cause
                        .as_deref()
                        .is_some_and(|c| !c.starts_with("An error occurred while executing the state"))
                {
                    failure.cause = failure.cause.map(|c| {
                        format!("An error occurred while executing the state '{}' (entered at the event id #{entered}). {c}", st.name)
                    });
                }
                Err(failure)
            }
        }
    }

    fn transition(&self, object: &Object, output: Value) -> Flow {
        match object.value("Next").and_then(Node::as_str) {
            Some(next) => Flow::Next(next.to_string(), output),
            None => Flow::End(output),
        }
    }

    /// `InputPath` (default `$`; `null` gives `{}`).
    fn input_path(&self, object: &Object, input: &Value, context: &Value, vars: &Rc<Vars>) -> Result<Value, Failure> {
        match object.value("InputPath") {
            None => Ok(input.clone()),
            Some(v) if v.as_str().is_none() => Ok(Value::Object(Map::new())),
            Some(v) => with_roots(input, context, vars, |roots| path_field(v.as_str().unwrap_or("$"), roots)),
        }
    }

    /// `OutputPath` (default `$`; `null` gives `{}`).
    fn output_path(&self, object: &Object, output: Value, context: &Value, vars: &Rc<Vars>) -> Result<Value, Failure> {
        match object.value("OutputPath") {
            None => Ok(output),
            Some(v) if v.as_str().is_none() => Ok(Value::Object(Map::new())),
            Some(v) => with_roots(&output, context, vars, |roots| path_field(v.as_str().unwrap_or("$"), roots)),
        }
    }

    /// `ResultPath`: the result placed into the raw input (default: the
    /// result replaces it; `null`: the input passes through).
    fn result_path(&self, object: &Object, raw: Value, result: Value) -> Result<Value, Failure> {
        match object.value("ResultPath") {
            None => Ok(result),
            Some(v) if v.as_str().is_none() => Ok(raw),
            Some(v) => {
                let text = v.as_str().unwrap_or("$");
                let path = crate::lang::jsonpath::parse(text)
                    .map_err(|e| Failure::new("States.ResultPathMatchFailure", e.message))?;
                super::paths::place(raw.clone(), &path, result.clone()).map_err(|_| {
                    Failure::new(
                        "States.ResultPathMatchFailure",
                        format!("Unable to apply ResultPath \"{text}\" to input \"{}\"", compact(&raw)),
                    )
                })
            }
        }
    }

    fn payload(
        &mut self,
        field: Option<&Node>,
        input: &Value,
        context: &Value,
        vars: &Rc<Vars>,
    ) -> Result<Option<Value>, Failure> {
        let Some(node) = field else { return Ok(None) };
        let random = &mut self.random;
        with_roots(input, context, vars, |roots| template(node, roots, random)).map(Some)
    }

    /// JSONPath `Assign`, with `$` the value given.
    fn assign_jsonpath(
        &mut self,
        assign: Option<&Node>,
        value: &Value,
        context: &Value,
        vars: &Rc<Vars>,
    ) -> Result<(), Failure> {
        if let Some(Value::Object(values)) = self.payload(assign, value, context, vars)? {
            vars.set(values);
        }
        Ok(())
    }

    fn scope_for(&self, states: Value, vars: &Rc<Vars>) -> (Value, Vec<(String, Value)>) {
        (states, vars.all())
    }

    /// JSONata: evaluates a field with `$states` and the variables.
    fn jsonata_field(
        &self,
        node: Option<&Node>,
        states: &Value,
        vars: &Rc<Vars>,
        field: &str,
    ) -> Result<Option<Value>, Failure> {
        let Some(node) = node else { return Ok(None) };
        let (states, variables) = self.scope_for(states.clone(), vars);
        jsonata::template(node, &Scope { states, variables: &variables }, field).map(Some)
    }

    /// JSONata `Assign` (values computed from the variables as they were
    /// at state entry, applied together) and `Output` (default `default`).
    fn jsonata_finish(
        &self,
        object: &Object,
        states: &Value,
        vars: &Rc<Vars>,
        default: Value,
        prefix: &str,
    ) -> Result<Value, Failure> {
        let output =
            self.jsonata_field(object.value("Output"), states, vars, &format!("{prefix}Output"))?.unwrap_or(default);
        if let Some(Value::Object(values)) =
            self.jsonata_field(object.value("Assign"), states, vars, &format!("{prefix}Assign"))?
        {
            vars.set(values);
        }
        Ok(output)
    }

    fn states_var(&self, input: &Value, context: &Value) -> Value {
        json!({"input": input, "context": context})
    }

    fn pass(&mut self, cx: &Cx<'_>, input: Value, vars: &Rc<Vars>) -> Result<Flow, Failure> {
        let context = self.context(cx.name, None, None);
        if cx.jsonata {
            let states = self.states_var(&input, &context);
            let output = self.jsonata_finish(cx.object, &states, vars, input.clone(), "")?;
            return Ok(self.transition(cx.object, output));
        }
        let effective = self.input_path(cx.object, &input, &context, vars)?;
        let effective = self.payload(cx.object.value("Parameters"), &effective, &context, vars)?.unwrap_or(effective);
        let result = cx.object.value("Result").map(to_json).unwrap_or(effective);
        let output = self.result_path(cx.object, input, result.clone())?;
        let output = self.output_path(cx.object, output, &context, vars)?;
        self.assign_jsonpath(cx.object.value("Assign"), &result, &context, vars)?;
        Ok(self.transition(cx.object, output))
    }

    fn succeed(&mut self, cx: &Cx<'_>, input: Value, vars: &Rc<Vars>) -> Result<Flow, Failure> {
        let context = self.context(cx.name, None, None);
        if cx.jsonata {
            let states = self.states_var(&input, &context);
            let output = self.jsonata_field(cx.object.value("Output"), &states, vars, "Output")?.unwrap_or(input);
            return Ok(Flow::End(output));
        }
        let effective = self.input_path(cx.object, &input, &context, vars)?;
        Ok(Flow::End(self.output_path(cx.object, effective, &context, vars)?))
    }

    fn fail(&mut self, cx: &Cx<'_>, input: Value, vars: &Rc<Vars>) -> Result<Flow, Failure> {
        let context = self.context(cx.name, None, None);
        let text = |v: Value| match v {
            Value::String(s) => s,
            other => compact(&other),
        };
        let (error, cause) = if cx.jsonata {
            let states = self.states_var(&input, &context);
            (
                self.jsonata_field(cx.object.value("Error"), &states, vars, "Error")?.map(text),
                self.jsonata_field(cx.object.value("Cause"), &states, vars, "Cause")?.map(text),
            )
        } else {
            let mut field = |name: &str, path: &str| -> Result<Option<String>, Failure> {
                if let Some(v) = cx.object.value(name).and_then(Node::as_str) {
                    return Ok(Some(v.to_string()));
                }
                let Some(expression) = cx.object.value(path).and_then(Node::as_str) else { return Ok(None) };
                let random = &mut self.random;
                let value = with_roots(&input, &context, vars, |roots| dollar_value(path, expression, roots, random))?;
                Ok(Some(text(value)))
            };
            (field("Error", "ErrorPath")?, field("Cause", "CausePath")?)
        };
        Err(Failure { error, cause })
    }

    fn wait(&mut self, cx: &Cx<'_>, input: Value, vars: &Rc<Vars>) -> Result<Flow, Failure> {
        let context = self.context(cx.name, None, None);
        let now = self.timestamp();
        let seconds: f64 = if cx.jsonata {
            let states = self.states_var(&input, &context);
            if let Some(v) = self.jsonata_field(cx.object.value("Seconds"), &states, vars, "Seconds")? {
                v.as_f64().unwrap_or(0.0)
            } else if let Some(v) = self.jsonata_field(cx.object.value("Timestamp"), &states, vars, "Timestamp")? {
                super::choice::seconds_between(&now, v.as_str().unwrap_or_default()).unwrap_or(0.0)
            } else {
                0.0
            }
        } else {
            let effective = self.input_path(cx.object, &input, &context, vars)?;
            if let Some(n) = cx.object.value("Seconds").and_then(Node::as_number) {
                n.value
            } else if let Some(t) = cx.object.value("Timestamp").and_then(Node::as_str) {
                super::choice::seconds_between(&now, t).unwrap_or(0.0)
            } else if let Some(path) = cx.object.value("SecondsPath").and_then(Node::as_str) {
                let v = with_roots(&effective, &context, vars, |roots| path_field(path, roots))?;
                match v.as_f64() {
                    Some(n) if n >= 0.0 && n.fract() == 0.0 => n,
                    _ => {
                        return Err(Failure::new(
                            "States.Runtime",
                            format!(
                            "The SecondsPath parameter does not reference a valid non-negative integer: {path} == {}",
                            compact(&v)
                        ),
                        ))
                    }
                }
            } else if let Some(path) = cx.object.value("TimestampPath").and_then(Node::as_str) {
                let v = with_roots(&effective, &context, vars, |roots| path_field(path, roots))?;
                match v.as_str().and_then(|t| super::choice::seconds_between(&now, t)) {
                    Some(s) => s,
                    None => {
                        return Err(Failure::new(
                            "States.Runtime",
                            format!(
                                "The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: {path} == {}",
                                v.as_str().map(str::to_string).unwrap_or_else(|| compact(&v))
                            ),
                        ))
                    }
                }
            } else {
                0.0
            }
        };
        // AWS refuses waits past 2^31 seconds (about 68 years).
        if seconds > 2_147_483_647.0 {
            return Err(Failure::new("States.Runtime", "Wait state delay is too long."));
        }
        self.clock += seconds.max(0.0);
        self.states[cx.record].notes.push(format!("waited {seconds} s (simulated)"));
        if cx.jsonata {
            let states = self.states_var(&input, &context);
            let output = self.jsonata_finish(cx.object, &states, vars, input.clone(), "")?;
            return Ok(self.transition(cx.object, output));
        }
        let effective = self.input_path(cx.object, &input, &context, vars)?;
        let output = self.output_path(cx.object, effective.clone(), &context, vars)?;
        self.assign_jsonpath(cx.object.value("Assign"), &effective, &context, vars)?;
        Ok(self.transition(cx.object, output))
    }

    fn choice(&mut self, cx: &Cx<'_>, input: Value, vars: &Rc<Vars>) -> Result<Flow, Failure> {
        let context = self.context(cx.name, None, None);
        let rules = cx.object.value("Choices").and_then(Node::as_array).unwrap_or_default();
        if cx.jsonata {
            let states = self.states_var(&input, &context);
            for (i, rule) in rules.iter().enumerate() {
                let Some(rule) = rule.as_object() else { continue };
                let field = format!("Choices[{i}]/Condition");
                let matched = match self.jsonata_field(rule.value("Condition"), &states, vars, &field)? {
                    Some(Value::Bool(b)) => b,
                    Some(other) => {
                        return Err(Failure::new(
                            "States.QueryEvaluationError",
                            format!(
                            "The JSONata expression specified for the field '{field}' returned a non-boolean value: {}",
                            compact(&other)
                        ),
                        ))
                    }
                    None => rule.value("Condition").and_then(Node::as_bool).unwrap_or(false),
                };
                if matched {
                    let next = rule.value("Next").and_then(Node::as_str).unwrap_or_default().to_string();
                    self.states[cx.record].notes.push(format!("rule {i} matched → {next}"));
                    let output = self.jsonata_finish(rule, &states, vars, input.clone(), &format!("Choices[{i}]/"))?;
                    return Ok(Flow::Next(next, output));
                }
            }
            return match cx.object.value("Default").and_then(Node::as_str) {
                Some(next) => {
                    self.states[cx.record].notes.push(format!("no rule matched → Default {next}"));
                    let output = self.jsonata_finish(cx.object, &states, vars, input.clone(), "")?;
                    Ok(Flow::Next(next.to_string(), output))
                }
                None => Err(no_choice()),
            };
        }
        let effective = self.input_path(cx.object, &input, &context, vars)?;
        for (i, rule) in rules.iter().enumerate() {
            let Some(rule) = rule.as_object() else { continue };
            let matched = with_roots(&effective, &context, vars, |roots| choice::rule(rule, roots))?;
            if matched {
                let next = rule.value("Next").and_then(Node::as_str).unwrap_or_default().to_string();
                self.states[cx.record].notes.push(format!("rule {i} matched → {next}"));
                let output = self.output_path(cx.object, effective.clone(), &context, vars)?;
                self.assign_jsonpath(rule.value("Assign"), &effective, &context, vars)?;
                return Ok(Flow::Next(next, output));
            }
        }
        match cx.object.value("Default").and_then(Node::as_str) {
            Some(next) => {
                self.states[cx.record].notes.push(format!("no rule matched → Default {next}"));
                let output = self.output_path(cx.object, effective.clone(), &context, vars)?;
                self.assign_jsonpath(cx.object.value("Assign"), &effective, &context, vars)?;
                Ok(Flow::Next(next.to_string(), output))
            }
            None => Err(no_choice()),
        }
    }

    /// Calls the task's service (a mock), with the state's Retry.
    fn call(&mut self, cx: &Cx<'_>, request: &Value) -> Result<Value, Failure> {
        self.retried(cx, |this, attempt| {
            this.events += 2; // …Scheduled, …Started
            let answer = this.mocks.answer(cx.name, request, attempt);
            this.events += 1; // …Succeeded / …Failed
            match answer {
                Some(Answer::Return(value)) => Ok(value),
                None => {
                    this.notices.push(format!("task `{}` has no mock: it returned its input", cx.name));
                    this.states[cx.record].notes.push("no mock: returned its input".into());
                    Ok(request.clone())
                }
                Some(Answer::Throw { error, cause }) => Err(Failure { error, cause }),
            }
        })
    }

    /// A state's work with its Retry: a failure a retrier takes is tried
    /// again after the retrier's delay on the simulated clock, `attempt`
    /// counting from 0. A Task calls its service again; a Parallel or Map
    /// state runs every branch or iteration again (AWS's trace shows each
    /// attempt's states).
    fn retried(
        &mut self,
        cx: &Cx<'_>,
        mut attempt_once: impl FnMut(&mut Self, usize) -> Result<Value, Failure>,
    ) -> Result<Value, Failure> {
        let retriers = cx.object.value("Retry").and_then(Node::as_array).unwrap_or_default();
        let mut counts = vec![0usize; retriers.len()];
        let mut attempt = 0;
        loop {
            let failure = match attempt_once(self, attempt) {
                Ok(value) => return Ok(value),
                Err(failure) => failure,
            };
            let delay = self.retry(cx, retriers, &mut counts, &failure).ok_or_else(|| failure.clone())?;
            self.clock += delay;
            attempt += 1;
            self.states[cx.record].notes.push(format!("retry {attempt} after {} ({delay:.0} s)", failure.name()));
        }
    }

    /// The delay before the next attempt, when a retrier takes `failure`.
    fn retry(&mut self, cx: &Cx<'_>, retriers: &[Node], counts: &mut [usize], failure: &Failure) -> Option<f64> {
        let _ = cx;
        for (i, retrier) in retriers.iter().enumerate() {
            let Some(retrier) = retrier.as_object() else { continue };
            if !matches_error(retrier, failure.name()) {
                continue;
            }
            let max = retrier.value("MaxAttempts").and_then(Node::as_number).map_or(3.0, |n| n.value) as usize;
            if counts[i] >= max {
                return None;
            }
            counts[i] += 1;
            let interval = retrier.value("IntervalSeconds").and_then(Node::as_number).map_or(1.0, |n| n.value);
            let rate = retrier.value("BackoffRate").and_then(Node::as_number).map_or(2.0, |n| n.value);
            let mut delay = interval * rate.powi(counts[i] as i32 - 1);
            if let Some(cap) = retrier.value("MaxDelaySeconds").and_then(Node::as_number) {
                delay = delay.min(cap.value);
            }
            if retrier.value("JitterStrategy").and_then(Node::as_str) == Some("FULL") {
                delay *= self.random.next_f64();
            }
            return Some(delay);
        }
        None
    }

    /// Catch: the first catcher that takes the failure, applied.
    fn catch(&mut self, cx: &Cx<'_>, input: &Value, vars: &Rc<Vars>, failure: Failure) -> Result<Flow, Failure> {
        if matches!(failure.name(), "States.Runtime") {
            return Err(failure);
        }
        let catchers = cx.object.value("Catch").and_then(Node::as_array).unwrap_or_default();
        for (i, catcher) in catchers.iter().enumerate() {
            let Some(catcher) = catcher.as_object() else { continue };
            if !matches_error(catcher, failure.name()) {
                continue;
            }
            // A caught timeout shows an empty cause.
            let cause = failure.cause.clone().or_else(|| (failure.name() == "States.Timeout").then(String::new));
            let error_output = json!({"Error": failure.error, "Cause": cause});
            let next = catcher.value("Next").and_then(Node::as_str).unwrap_or_default().to_string();
            self.states[cx.record].notes.push(format!("{} caught by catcher {i} → {next}", failure.name()));
            let context = self.context(cx.name, None, None);
            let output = if cx.jsonata {
                let states = json!({"input": input, "context": context, "errorOutput": error_output});
                self.jsonata_finish(catcher, &states, vars, error_output.clone(), &format!("Catch[{i}]/"))?
            } else {
                let output = self.result_path(catcher, input.clone(), error_output.clone())?;
                self.assign_jsonpath(catcher.value("Assign"), &error_output, &context, vars)?;
                output
            };
            return Ok(Flow::Next(next, output));
        }
        Err(failure)
    }

    fn task(&mut self, cx: &Cx<'_>, input: Value, vars: &Rc<Vars>) -> Result<Flow, Failure> {
        let resource = cx.object.value("Resource").and_then(Node::as_str).unwrap_or_default();
        let token = resource.ends_with(".waitForTaskToken").then(|| Value::String(self.random.uuid()));
        let context = self.context(cx.name, Some(0), token.map(|t| ("Task", json!({"Token": t}))));
        let outcome = self.task_inner(cx, &input, &context, vars);
        match outcome {
            Ok(output) => Ok(self.transition(cx.object, output)),
            Err(failure) => self.catch(cx, &input, vars, failure),
        }
    }

    fn task_inner(&mut self, cx: &Cx<'_>, input: &Value, context: &Value, vars: &Rc<Vars>) -> Result<Value, Failure> {
        if cx.jsonata {
            let states = self.states_var(input, context);
            let request =
                self.jsonata_field(cx.object.value("Arguments"), &states, vars, "Arguments")?.unwrap_or(input.clone());
            self.jsonata_field(cx.object.value("TimeoutSeconds"), &states, vars, "TimeoutSeconds")?;
            self.jsonata_field(cx.object.value("HeartbeatSeconds"), &states, vars, "HeartbeatSeconds")?;
            let result = self.call(cx, &request)?;
            let states = json!({"input": input, "context": context, "result": result});
            return self.jsonata_finish(cx.object, &states, vars, result.clone(), "");
        }
        let effective = self.input_path(cx.object, input, context, vars)?;
        for field in ["TimeoutSecondsPath", "HeartbeatSecondsPath"] {
            if let Some(path) = cx.object.value(field).and_then(Node::as_str) {
                with_roots(&effective, context, vars, |roots| path_field(path, roots))?;
            }
        }
        let request = self.payload(cx.object.value("Parameters"), &effective, context, vars)?.unwrap_or(effective);
        let result = self.call(cx, &request)?;
        self.finish_jsonpath(cx, input, result, context, vars)
    }

    /// ResultSelector → ResultPath → OutputPath, then Assign on the raw result.
    fn finish_jsonpath(
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

    fn parallel(&mut self, cx: &Cx<'_>, input: Value, vars: &Rc<Vars>) -> Result<Flow, Failure> {
        let context = self.context(cx.name, None, None);
        match self.retried(cx, |this, _| this.parallel_inner(cx, &input, &context, vars)) {
            Ok(output) => Ok(self.transition(cx.object, output)),
            Err(failure) => self.catch(cx, &input, vars, failure),
        }
    }

    fn parallel_inner(
        &mut self,
        cx: &Cx<'_>,
        input: &Value,
        context: &Value,
        vars: &Rc<Vars>,
    ) -> Result<Value, Failure> {
        let branch_input = if cx.jsonata {
            let states = self.states_var(input, context);
            self.jsonata_field(cx.object.value("Arguments"), &states, vars, "Arguments")?.unwrap_or(input.clone())
        } else {
            let effective = self.input_path(cx.object, input, context, vars)?;
            self.payload(cx.object.value("Parameters"), &effective, context, vars)?.unwrap_or(effective)
        };
        self.events += 1; // ParallelStateStarted
        let children = self.machine.states[cx.id].children.clone();
        let mut results = Vec::new();
        for scope in children {
            let branch_vars = Vars::child(Some(vars));
            results.push(self.scope(scope, branch_input.clone(), &branch_vars, cx.depth + 1)?);
        }
        self.events += 1; // ParallelStateSucceeded
        let result = Value::Array(results);
        if cx.jsonata {
            let states = json!({"input": input, "context": context, "result": result});
            return self.jsonata_finish(cx.object, &states, vars, result.clone(), "");
        }
        self.finish_jsonpath(cx, input, result, context, vars)
    }

    fn map(&mut self, cx: &Cx<'_>, input: Value, vars: &Rc<Vars>) -> Result<Flow, Failure> {
        let context = self.context(cx.name, None, None);
        match self.retried(cx, |this, _| this.map_inner(cx, &input, &context, vars)) {
            Ok(output) => Ok(self.transition(cx.object, output)),
            Err(failure) => self.catch(cx, &input, vars, failure),
        }
    }

    fn map_inner(&mut self, cx: &Cx<'_>, input: &Value, context: &Value, vars: &Rc<Vars>) -> Result<Value, Failure> {
        let states = self.states_var(input, context);
        let effective = if cx.jsonata { input.clone() } else { self.input_path(cx.object, input, context, vars)? };
        let items = if cx.jsonata {
            match self.jsonata_field(cx.object.value("Items"), &states, vars, "Items")? {
                Some(Value::Array(items)) => items,
                Some(other) => {
                    let source =
                        cx.object.value("Items").and_then(Node::as_str).map(jsonata::inner).unwrap_or_default();
                    return Err(Failure::new(
                        "States.QueryEvaluationError",
                        format!(
                            "The JSONata expression '{source}' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was '{}' for value: {}",
                            type_name(&other),
                            compact(&other)
                        ),
                    ));
                }
                None => array_input(&effective, true)?,
            }
        } else {
            let selected = match cx.object.value("ItemsPath").and_then(Node::as_str) {
                Some(path) => with_roots(&effective, context, vars, |roots| path_field(path, roots))?,
                None => effective.clone(),
            };
            array_input(&selected, false)?
        };
        let (tolerated_count, tolerated_percentage) = self.tolerated_failures(cx, &effective, context, vars)?;
        let tolerant = tolerated_count.is_some() || tolerated_percentage.is_some();
        self.events += 1; // MapStateStarted
        let processor = self.machine.states[cx.id].children.first().copied();
        let distributed = processor.is_some_and(|p| crate::model::is_distributed_processor(self.machine, p));
        let selector = cx.object.value("ItemSelector").or_else(|| cx.object.value("Parameters"));
        let mut inputs = Vec::with_capacity(items.len());
        for (index, item) in items.into_iter().enumerate() {
            let map_context = json!({"Item": {"Index": index, "Value": item}});
            let item_input = match selector {
                None => item,
                Some(node) if cx.jsonata => {
                    let mut item_states = states.clone();
                    item_states["context"]["Map"] = map_context;
                    self.jsonata_field(Some(node), &item_states, vars, "ItemSelector")?.unwrap_or(Value::Null)
                }
                Some(node) => {
                    let mut item_context = context.clone();
                    item_context["Map"] = map_context;
                    self.payload(Some(node), &effective, &item_context, vars)?.unwrap_or(Value::Null)
                }
            };
            inputs.push(item_input);
        }
        let inputs = self.batches(cx, inputs, &effective, context, vars)?;
        let total = inputs.len();
        let mut results = Vec::with_capacity(total);
        let mut failures = 0usize;
        for item_input in inputs {
            let Some(processor) = processor else { break };
            self.events += 1; // MapIterationStarted
            let iteration_vars = if distributed { Vars::child(None) } else { Vars::child(Some(vars)) };
            match self.scope(processor, item_input, &iteration_vars, cx.depth + 1) {
                Ok(output) => results.push(output),
                // With a tolerance, a failed item is counted and its error kept.
                Err(failure) if tolerant => {
                    failures += 1;
                    results.push(json!({"Error": failure.error, "Cause": failure.cause}));
                }
                Err(failure) => return Err(failure),
            }
            self.events += 1; // MapIterationSucceeded
        }
        let over_count = tolerated_count.is_some_and(|c| failures as f64 > c);
        let over_percentage =
            tolerated_percentage.is_some_and(|p| total > 0 && failures as f64 * 100.0 / total as f64 > p);
        if over_count || over_percentage {
            return Err(Failure::new(
                "States.ExceedToleratedFailureThreshold",
                format!("The specified tolerated failure threshold was exceeded: {failures} of {total} items failed"),
            ));
        }
        self.events += 1; // MapStateSucceeded
        let result = Value::Array(results);
        if cx.jsonata {
            let states = json!({"input": input, "context": context, "result": result});
            return self.jsonata_finish(cx.object, &states, vars, result.clone(), "");
        }
        self.finish_jsonpath(cx, input, result, context, vars)
    }
}

impl Runner<'_, '_> {
    /// `ToleratedFailureCount(Path)` and `ToleratedFailurePercentage(Path)`,
    /// checked; `None` where not set.
    fn tolerated_failures(
        &self,
        cx: &Cx<'_>,
        input: &Value,
        context: &Value,
        vars: &Rc<Vars>,
    ) -> Result<(Option<f64>, Option<f64>), Failure> {
        let states = self.states_var(input, context);
        let literal = |name: &str| -> Result<Option<f64>, Failure> {
            Ok(match cx.object.value(name) {
                Some(node) if cx.jsonata && node.as_str().is_some() => {
                    self.jsonata_field(Some(node), &states, vars, name)?.and_then(|v| v.as_f64())
                }
                Some(node) => node.as_number().map(|n| n.value),
                None => None,
            })
        };
        let mut count = literal("ToleratedFailureCount")?;
        if let Some(path) = cx.object.value("ToleratedFailureCountPath").and_then(Node::as_str) {
            let v = with_roots(input, context, vars, |roots| path_field(path, roots))?;
            if !v.as_f64().is_some_and(|n| n.fract() == 0.0 && n >= 0.0) {
                let shown = v.as_str().map(str::to_string).unwrap_or_else(|| compact(&v));
                return Err(Failure::new(
                    "States.Runtime",
                    format!("The ToleratedFailureCountPath field refers to value \"{shown}\" which is not a valid integer: {path}"),
                ));
            }
            count = v.as_f64();
        }
        let percentage = match cx.object.value("ToleratedFailurePercentagePath").and_then(Node::as_str) {
            Some(path) => {
                let v = with_roots(input, context, vars, |roots| path_field(path, roots))?;
                match v.as_f64() {
                    Some(n) => Some(n),
                    None => {
                        let shown = v.as_str().map(str::to_string).unwrap_or_else(|| compact(&v));
                        return Err(Failure::new(
                            "States.Runtime",
                            format!("The ToleratedFailurePercentagePath field refers to value \"{shown}\" which is not a valid float: {path}"),
                        ));
                    }
                }
            }
            None => literal("ToleratedFailurePercentage")?,
        };
        if percentage.is_some_and(|p| !(0.0..=100.0).contains(&p)) {
            return Err(Failure::new("States.Runtime", "ToleratedFailurePercentage must be between 0 and 100."));
        }
        Ok((count, percentage))
    }

    /// `ItemBatcher`: the items grouped into `{"Items": […], "BatchInput": …}`.
    fn batches(
        &mut self,
        cx: &Cx<'_>,
        items: Vec<Value>,
        effective: &Value,
        context: &Value,
        vars: &Rc<Vars>,
    ) -> Result<Vec<Value>, Failure> {
        let Some(batcher) = cx.object.value("ItemBatcher").and_then(Node::as_object) else { return Ok(items) };
        let states = self.states_var(effective, context);
        let number = |this: &Self, name: &str| -> Result<Option<f64>, Failure> {
            if let Some(path) = batcher.value(&format!("{name}Path")).and_then(Node::as_str) {
                return Ok(with_roots(effective, context, vars, |roots| path_field(path, roots))?.as_f64());
            }
            Ok(match batcher.value(name) {
                Some(node) if cx.jsonata && node.as_str().is_some() => this
                    .jsonata_field(Some(node), &states, vars, &format!("ItemBatcher/{name}"))?
                    .and_then(|v| v.as_f64()),
                Some(node) => node.as_number().map(|n| n.value),
                None => None,
            })
        };
        let max_items = number(self, "MaxItemsPerBatch")?.map_or(usize::MAX, |n| n.max(1.0) as usize);
        let max_bytes = number(self, "MaxInputBytesPerBatch")?.map_or(usize::MAX, |n| n.max(1.0) as usize);
        let batch_input = if cx.jsonata {
            self.jsonata_field(batcher.value("BatchInput"), &states, vars, "ItemBatcher/BatchInput")?
        } else {
            self.payload(batcher.value("BatchInput"), effective, context, vars)?
        };
        let wrap = |items: Vec<Value>| {
            let mut batch = json!({"Items": items});
            if let Some(input) = &batch_input {
                batch["BatchInput"] = input.clone();
            }
            batch
        };
        let mut out = Vec::new();
        let mut current: Vec<Value> = Vec::new();
        for item in items {
            current.push(item);
            let too_big = current.len() > 1 && compact(&wrap(current.clone())).len() > max_bytes;
            if too_big {
                let last = current.pop();
                out.push(wrap(std::mem::take(&mut current)));
                current.extend(last);
            }
            if current.len() >= max_items {
                out.push(wrap(std::mem::take(&mut current)));
            }
        }
        if !current.is_empty() {
            out.push(wrap(current));
        }
        Ok(out)
    }
}

/// What a state handler needs to know about its state.
struct Cx<'o> {
    id: StateId,
    object: &'o Object,
    name: &'o str,
    jsonata: bool,
    depth: usize,
    /// Its entry in the run's list of states.
    record: usize,
}

fn no_choice() -> Failure {
    Failure::new("States.NoChoiceMatched", "No Matches!")
}

fn array_input(value: &Value, jsonata: bool) -> Result<Vec<Value>, Failure> {
    let error = if jsonata { "States.QueryEvaluationError" } else { "States.Runtime" };
    match value {
        Value::Array(items) => Ok(items.clone()),
        other => Err(Failure::new(error, format!("Map state input must be an array but was: {}", compact(other)))),
    }
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// The payload quota of a state's input or output, task result, Map item
/// or branch result: 256 KiB of UTF-8 JSON.
const MAX_PAYLOAD_BYTES: usize = 262_144;

/// The size of `value` as compact JSON, counted without building the text.
fn payload_bytes(value: &Value) -> usize {
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0 += bytes.len();
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut count = Count(0);
    let _ = serde_json::to_writer(&mut count, value);
    count.0
}

/// Whether a retrier's or catcher's `ErrorEquals` takes `error`.
/// `States.ALL` takes everything but `States.Runtime` (and, as recorded on
/// AWS, does take `States.DataLimitExceeded`, though documented otherwise);
/// `States.TaskFailed` everything but timeouts.
fn matches_error(rule: &Object, error: &str) -> bool {
    rule.value("ErrorEquals").and_then(Node::as_array).unwrap_or_default().iter().filter_map(Node::as_str).any(|name| {
        name == error
            || (name == "States.ALL" && error != "States.Runtime")
            || (name == "States.TaskFailed"
                && !matches!(error, "States.Timeout" | "States.Runtime" | "States.HeartbeatTimeout"))
    })
}

/// `overrides` merged into `base`, key by key.
fn merge(base: &mut Value, overrides: &Value) {
    if let (Some(base), Some(overrides)) = (base.as_object_mut(), overrides.as_object()) {
        for (k, v) in overrides {
            base.insert(k.clone(), v.clone());
        }
    }
}

/// Runs `f` with roots over `input`, `context` and the variables.
fn with_roots<T>(input: &Value, context: &Value, vars: &Rc<Vars>, f: impl FnOnce(&Roots<'_>) -> T) -> T {
    let lookup = |name: &str| vars.get(name);
    let roots = Roots { input, context, variable: &lookup };
    f(&roots)
}
