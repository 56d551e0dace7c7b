//! Task states: the request, the service call (a mock) on the simulated
//! clock with its timeouts, Retry and Catch, and the result's processing.

use super::*;

impl Runner<'_, '_> {
    /// Calls the task's service (a mock), with the state's Retry.
    pub(super) fn call(&mut self, cx: &Cx<'_>, request: &Value) -> Result<Value, Failure> {
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
