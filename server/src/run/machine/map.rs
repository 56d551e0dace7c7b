//! Map states: the items (`Items`/`ItemsPath`, or `ItemReader`), each
//! one's input (`ItemSelector`), batches, the tolerated failures, and the
//! iterations.

use super::map_io::Ground;
use super::*;

impl Runner<'_, '_> {
    pub(super) fn map(&mut self, cx: &Cx<'_>, input: Value, vars: &Rc<Vars>) -> Result<Flow, Failure> {
        let context = self.context(cx.name, None, None);
        match self.retried(cx, |this, _| this.map_inner(cx, &input, &context, vars)) {
            Ok(output) => Ok(self.transition(cx.object, output)),
            Err(failure) => self.catch(cx, &input, vars, failure),
        }
    }

    pub(super) fn map_inner(
        &mut self,
        cx: &Cx<'_>,
        input: &Value,
        context: &Value,
        vars: &Rc<Vars>,
    ) -> Result<Value, Failure> {
        let states = self.states_var(input, context);
        let effective = if cx.jsonata { input.clone() } else { self.input_path(cx.object, input, context, vars)? };
        let reader = cx.object.value("ItemReader").and_then(Node::as_object);
        let items = if let Some(reader) = reader {
            self.read_items(cx, reader, &Ground { states: &states, effective: &effective, context }, vars)?
        } else if cx.jsonata {
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
        // The iterations run one after another; a bad concurrency still fails the state, as on AWS.
        if let Some(path) = cx.object.value("MaxConcurrencyPath").and_then(Node::as_str) {
            let value = with_roots(&effective, context, vars, |roots| path_field(path, roots))?;
            super::super::numbers::max_concurrency(path, &value)?;
        } else if let Some(node) = cx.object.value("MaxConcurrency").filter(|n| cx.jsonata && n.as_str().is_some()) {
            self.jsonata_field(Some(node), &states, vars, "MaxConcurrency")?;
        }
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
        let writer = cx.object.value("ResultWriter").and_then(Node::as_object);
        let mut slots: Vec<Option<Value>> = vec![None; total];
        let mut runs: Vec<Option<(Value, Result<Value, Failure>)>> = Vec::new();
        if writer.is_some() {
            runs.resize_with(total, || None);
        }
        let mut failures = 0usize;
        for index in self.order(total) {
            let Some(processor) = processor else { break };
            let item_input = inputs[index].clone();
            self.events += 1; // MapIterationStarted
            let iteration_vars = if distributed { Vars::child(None) } else { Vars::child(Some(vars)) };
            let outcome = self.scope(processor, item_input.clone(), &iteration_vars, cx.depth + 1);
            slots[index] = Some(match &outcome {
                Ok(output) => output.clone(),
                // With a tolerance, a failed item is counted and its error kept.
                Err(failure) if tolerant => {
                    failures += 1;
                    json!({"Error": failure.error, "Cause": failure.cause})
                }
                Err(failure) => return Err(failure.clone()),
            });
            if writer.is_some() {
                runs[index] = Some((item_input, outcome));
            }
            self.events += 1; // MapIterationSucceeded
        }
        let results: Vec<Value> = slots.into_iter().flatten().collect();
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
        let result = match writer {
            Some(writer) => {
                let runs = runs.into_iter().flatten().collect();
                let ground = Ground { states: &states, effective: &effective, context };
                self.write_results(cx, writer, runs, &ground, vars)?
            }
            None => Value::Array(results),
        };
        if cx.jsonata {
            let states = json!({"input": input, "context": context, "result": result});
            return self.jsonata_finish(cx.object, &states, vars, result.clone(), "");
        }
        self.finish_jsonpath(cx, input, result, context, vars)
    }
    /// `ToleratedFailureCount(Path)` and `ToleratedFailurePercentage(Path)`,
    /// checked; `None` where not set.
    pub(super) fn tolerated_failures(
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
                    let value = self.jsonata_field(Some(node), &states, vars, name)?.unwrap_or(Value::Null);
                    let expected = if name == "ToleratedFailureCount" { "integer" } else { "float" };
                    Some(super::super::numbers::jsonata_number(
                        name,
                        node.as_str().unwrap_or_default(),
                        &value,
                        expected,
                    )?)
                }
                Some(node) => node.as_number().map(|n| n.value),
                None => None,
            })
        };
        let mut count = literal("ToleratedFailureCount")?;
        if let Some(path) = cx.object.value("ToleratedFailureCountPath").and_then(Node::as_str) {
            let v = with_roots(input, context, vars, |roots| path_field(path, roots))?;
            if v.as_f64().is_some_and(|n| n.fract() == 0.0 && n < 0.0) {
                return Err(Failure::new("States.Runtime", "ToleratedFailureCount cannot be negative."));
            }
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
    pub(super) fn batches(
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
