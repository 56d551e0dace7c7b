//! The interpreter: runs scopes state by state on the model, with AWS's
//! processing order, events numbered as in an execution history (for the
//! `entered at the event id #N` of error causes), a simulated clock, and a
//! bound on transitions.

use super::choice;
use super::data::{compact, dollar_value, path_field, template, to_json, type_name, Failure};
use super::jsonata::{self, Scope};
use super::mocks::{Answer, Mocks, Timing};
use super::paths::Roots;
use super::random::Random;
use super::{Options, Outcome, StateRun, Status, Taken};
use crate::model::{Machine, QueryLanguage, ScopeId, StateId, StateKind};
use crate::syntax::{Object, Value as Node};
use serde_json::{json, Map, Value};
use std::cell::RefCell;
use std::rc::Rc;

mod map;
mod map_io;
mod recovery;
mod task;

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
    /// Draws the order of branches and iterations (`Options::shuffle`).
    shuffler: Option<Random>,
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
            shuffler: options.shuffle.map(Random::seeded),
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

    /// The order `0..count` runs in: as written, or shuffled by the seed
    /// (Fisher–Yates).
    fn order(&mut self, count: usize) -> Vec<usize> {
        let mut order: Vec<usize> = (0..count).collect();
        if let Some(random) = &mut self.shuffler {
            for i in (1..count).rev() {
                let j = (random.next_f64() * (i + 1) as f64) as usize;
                order.swap(i, j.min(i));
            }
        }
        order
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
            taken: Vec::new(),
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
        Err(Failure::raised(error, cause))
    }

    fn wait(&mut self, cx: &Cx<'_>, input: Value, vars: &Rc<Vars>) -> Result<Flow, Failure> {
        let context = self.context(cx.name, None, None);
        let now = self.timestamp();
        let seconds: f64 = if cx.jsonata {
            let states = self.states_var(&input, &context);
            if let Some(v) = self.jsonata_field(cx.object.value("Seconds"), &states, vars, "Seconds")? {
                v.as_f64().unwrap_or(0.0)
            } else if let Some(v) = self.jsonata_field(cx.object.value("Timestamp"), &states, vars, "Timestamp")? {
                match v.as_str().and_then(|t| super::choice::seconds_between(&now, t)) {
                    Some(seconds) => seconds,
                    None => {
                        let shown = v.as_str().map(str::to_string).unwrap_or_else(|| compact(&v));
                        return Err(Failure::new(
                            "States.QueryEvaluationError",
                            format!("The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: {shown}"),
                        ));
                    }
                }
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
                let v = with_roots(&effective, &context, vars, |roots| path_field(path, roots)).map_err(|_| {
                    Failure::new(
                        "States.Runtime",
                        format!("The SecondsPath parameter does not reference an input value: {path}"),
                    )
                })?;
                super::numbers::seconds_path(path, &v)?
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
                    self.states[cx.record].taken.push(Taken::Rule(i));
                    let output = self.jsonata_finish(rule, &states, vars, input.clone(), &format!("Choices[{i}]/"))?;
                    return Ok(Flow::Next(next, output));
                }
            }
            return match cx.object.value("Default").and_then(Node::as_str) {
                Some(next) => {
                    self.states[cx.record].notes.push(format!("no rule matched → Default {next}"));
                    self.states[cx.record].taken.push(Taken::Default);
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
                self.states[cx.record].taken.push(Taken::Rule(i));
                let output = self.output_path(cx.object, effective.clone(), &context, vars)?;
                self.assign_jsonpath(rule.value("Assign"), &effective, &context, vars)?;
                return Ok(Flow::Next(next, output));
            }
        }
        match cx.object.value("Default").and_then(Node::as_str) {
            Some(next) => {
                self.states[cx.record].notes.push(format!("no rule matched → Default {next}"));
                self.states[cx.record].taken.push(Taken::Default);
                let output = self.output_path(cx.object, effective.clone(), &context, vars)?;
                self.assign_jsonpath(cx.object.value("Assign"), &effective, &context, vars)?;
                Ok(Flow::Next(next.to_string(), output))
            }
            None => Err(no_choice()),
        }
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
        let mut slots: Vec<Option<Value>> = vec![None; children.len()];
        for index in self.order(children.len()) {
            let branch_vars = Vars::child(Some(vars));
            slots[index] = Some(self.scope(children[index], branch_input.clone(), &branch_vars, cx.depth + 1)?);
        }
        let results: Vec<Value> = slots.into_iter().flatten().collect();
        self.events += 1; // ParallelStateSucceeded
        let result = Value::Array(results);
        if cx.jsonata {
            let states = json!({"input": input, "context": context, "result": result});
            return self.jsonata_finish(cx.object, &states, vars, result.clone(), "");
        }
        self.finish_jsonpath(cx, input, result, context, vars)
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

/// Whether a retrier's or catcher's `ErrorEquals` takes `failure`.
/// `States.ALL` takes everything but `States.Runtime` (and, as recorded on
/// AWS, does take `States.DataLimitExceeded`, though documented otherwise);
/// `States.TaskFailed` everything but timeouts; a missed heartbeat is
/// `States.Timeout` and `States.HeartbeatTimeout` alike.
fn matches_error(rule: &Object, failure: &Failure) -> bool {
    let error = failure.name();
    rule.value("ErrorEquals").and_then(Node::as_array).unwrap_or_default().iter().filter_map(Node::as_str).any(|name| {
        name == error
            || (name == "States.HeartbeatTimeout" && failure.heartbeat)
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
