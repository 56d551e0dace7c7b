//! A distributed Map's `ItemReader` and `ResultWriter` (AWS, "ItemReader
//! (Map)" and "ResultWriter (Map)"): objects read from and results written
//! to the folder that stands for S3 (`Options::s3_root`), or, without one,
//! the read answered by the Map state's mock (a `Return` of the object's
//! text, or of the items themselves) and nothing written.

use super::super::items::{read_items, ReaderConfig};
use super::super::s3;
use super::*;

fn reader_failed(cause: impl Into<String>) -> Failure {
    Failure::new("States.ItemReaderFailed", cause)
}

fn writer_failed(cause: impl Into<String>) -> Failure {
    Failure::new("States.ResultWriterFailed", cause)
}

/// What a reader's or writer's fields are evaluated against: `$states`
/// (JSONata), the effective input and the context (JSONPath).
pub(super) struct Ground<'v> {
    pub states: &'v Value,
    pub effective: &'v Value,
    pub context: &'v Value,
}

impl Runner<'_, '_> {
    /// The `Parameters` (JSONPath) or `Arguments` (JSONata) of a reader or writer.
    fn io_arguments(
        &mut self,
        cx: &Cx<'_>,
        object: &Object,
        ground: &Ground<'_>,
        vars: &Rc<Vars>,
        field: &str,
    ) -> Result<Value, Failure> {
        let Ground { states, effective, context } = *ground;
        let value = if cx.jsonata {
            self.jsonata_field(object.value("Arguments"), states, vars, &format!("{field}/Arguments"))?
        } else {
            self.payload(object.value("Parameters"), effective, context, vars)?
        };
        Ok(value.unwrap_or(Value::Object(Map::new())))
    }

    pub(super) fn read_items(
        &mut self,
        cx: &Cx<'_>,
        reader: &Object,
        ground: &Ground<'_>,
        vars: &Rc<Vars>,
    ) -> Result<Vec<Value>, Failure> {
        let Ground { states, effective, context } = *ground;
        let arguments = self.io_arguments(cx, reader, ground, vars, "ItemReader")?;
        let text_of = |name: &str| arguments[name].as_str().unwrap_or_default().to_string();
        let (bucket, key, prefix) = (text_of("Bucket"), text_of("Key"), text_of("Prefix"));
        let settings = reader.value("ReaderConfig").and_then(Node::as_object);
        let setting = |name: &str| settings.and_then(|c| c.value(name)).and_then(Node::as_str).map(str::to_string);
        let mut max_items = match settings.and_then(|c| c.value("MaxItems")) {
            Some(node) if cx.jsonata && node.as_str().is_some() => {
                let value = self.jsonata_field(Some(node), states, vars, "ItemReader/ReaderConfig/MaxItems")?;
                value.and_then(|v| v.as_f64())
            }
            Some(node) => node.as_number().map(|n| n.value),
            None => None,
        };
        if let Some(path) = settings.and_then(|c| c.value("MaxItemsPath")).and_then(Node::as_str) {
            let value = with_roots(effective, context, vars, |roots| path_field(path, roots))?;
            max_items = Some(super::super::numbers::path_count("MaxItemsPath", path, &value)?);
        }
        let config = ReaderConfig {
            input_type: setting("InputType"),
            headers: settings
                .and_then(|c| c.value("CSVHeaders"))
                .and_then(Node::as_array)
                .map(|headers| headers.iter().filter_map(Node::as_str).map(str::to_string).collect()),
            header_location: setting("CSVHeaderLocation"),
            delimiter: setting("CSVDelimiter"),
            // AWS reads at most 100,000,000 items; 0 means no limit.
            max_items: max_items.filter(|n| *n > 0.0).map(|n| n.min(100_000_000.0) as usize),
        };
        let resource = reader.value("Resource").and_then(Node::as_str).unwrap_or_default();
        let listing = resource.ends_with(":s3:listObjectsV2");
        let limit = |mut items: Vec<Value>| {
            if let Some(max) = config.max_items {
                items.truncate(max);
            }
            items
        };
        if let Some(root) = self.options.s3_root.clone() {
            self.states[cx.record].notes.push(if listing {
                format!("items: objects under s3://{bucket}/{prefix} in {}", root.display())
            } else {
                format!("items: s3://{bucket}/{key} from {}", root.display())
            });
            if listing {
                return s3::list(&root, &bucket, &prefix).map(limit).map_err(reader_failed);
            }
            let bytes = s3::get(&root, &bucket, &key).map_err(reader_failed)?;
            return read_items(&bytes, &config).map_err(reader_failed);
        }
        match self.mocks.answer(cx.name, &arguments, 0) {
            Some(Answer::Return(Value::String(text))) => read_items(text.as_bytes(), &config).map_err(reader_failed),
            Some(Answer::Return(Value::Array(items))) => Ok(limit(items)),
            Some(Answer::Return(other)) => read_items(compact(&other).as_bytes(), &config).map_err(reader_failed),
            Some(Answer::Throw { error, cause }) => Err(Failure::raised(error, cause)),
            None => Err(reader_failed(format!(
                "asl-ls cannot read s3://{bucket}/{}: give `--s3-root DIR` (the object is DIR/{bucket}/{}) or a mock for the Map state `{}` whose `Return` is the object's text or its items",
                if listing { &prefix } else { &key },
                if listing { &prefix } else { &key },
                cx.name
            ))),
        }
    }

    /// The Map's result with a `ResultWriter`: written to S3 (a manifest and
    /// one file per status) with `{"MapRunArn", "ResultWriterDetails"}` as
    /// the result, or, with only a `WriterConfig`, the results transformed.
    pub(super) fn write_results(
        &mut self,
        cx: &Cx<'_>,
        writer: &Object,
        runs: Vec<(Value, Result<Value, Failure>)>,
        ground: &Ground<'_>,
        vars: &Rc<Vars>,
    ) -> Result<Value, Failure> {
        let config = writer.value("WriterConfig").and_then(Node::as_object);
        let setting = |name: &str| config.and_then(|c| c.value(name)).and_then(Node::as_str).unwrap_or_default();
        let (transformation, output_type) = (setting("Transformation"), setting("OutputType"));
        let map_run = self.random.uuid();
        let machine_arn = self.state_machine["Id"].as_str().unwrap_or_default().to_string();
        let label = cx.object.value("Label").and_then(Node::as_str).unwrap_or(cx.name);
        let map_run_arn = format!("{}/{label}:{map_run}", machine_arn.replacen(":stateMachine:", ":mapRun:", 1));
        let now = self.timestamp();
        let described: Vec<(bool, Value)> = runs
            .iter()
            .map(|(input, outcome)| {
                let id = self.random.uuid();
                let mut run = json!({
                    "ExecutionArn": format!("{}:{id}", map_run_arn.replacen(":mapRun:", ":execution:", 1)),
                    "Input": compact(input),
                    "InputDetails": {"Included": true},
                    "Name": id,
                    "RedriveCount": 0,
                    "StartDate": now,
                    "StateMachineArn": map_run_arn,
                    "StopDate": now,
                });
                match outcome {
                    Ok(output) => {
                        run["Output"] = Value::String(compact(output));
                        run["OutputDetails"] = json!({"Included": true});
                        run["RedriveStatus"] = json!("NOT_REDRIVABLE");
                        run["RedriveStatusReason"] = json!("Execution is SUCCEEDED and cannot be redriven");
                        run["Status"] = json!("SUCCEEDED");
                    }
                    Err(failure) => {
                        run["Error"] = json!(failure.error);
                        run["Cause"] = json!(failure.cause);
                        run["RedriveStatus"] = json!("REDRIVABLE");
                        run["Status"] = json!("FAILED");
                    }
                }
                (outcome.is_ok(), run)
            })
            .collect();
        // COMPACT: the outputs alone; FLATTEN: array outputs spread into one array.
        let transformed = |succeeded: bool| -> Vec<Value> {
            let chosen = runs.iter().zip(&described).filter(|(_, (ok, _))| *ok == succeeded);
            match transformation {
                "COMPACT" | "FLATTEN" => {
                    let outputs = chosen.map(|((_, outcome), (_, run))| match outcome {
                        Ok(output) => output.clone(),
                        Err(_) => json!({"Error": run["Error"], "Cause": run["Cause"]}),
                    });
                    if transformation == "FLATTEN" {
                        outputs.flat_map(|o| if let Value::Array(items) = o { items } else { vec![o] }).collect()
                    } else {
                        outputs.collect()
                    }
                }
                _ => chosen.map(|(_, (_, run))| run.clone()).collect(),
            }
        };
        let Some(resource) = writer.value("Resource").and_then(Node::as_str) else {
            let mut all = transformed(true);
            all.extend(transformed(false));
            return Ok(Value::Array(all));
        };
        let _ = resource;
        let arguments = self.io_arguments(cx, writer, ground, vars, "ResultWriter")?;
        let bucket = arguments["Bucket"].as_str().unwrap_or_default().to_string();
        let prefix = arguments["Prefix"].as_str().unwrap_or_default().trim_end_matches('/').to_string();
        let folder = if prefix.is_empty() { map_run.clone() } else { format!("{prefix}/{map_run}") };
        let manifest_key = format!("{folder}/manifest.json");
        let details = json!({"MapRunArn": map_run_arn, "ResultWriterDetails": {"Bucket": bucket, "Key": manifest_key}});
        let Some(root) = self.options.s3_root.clone() else {
            self.states[cx.record]
                .notes
                .push(format!("results not written (no --s3-root): s3://{bucket}/{manifest_key}"));
            return Ok(details);
        };
        let extension = if output_type == "JSONL" { "jsonl" } else { "json" };
        let mut files = json!({"FAILED": [], "PENDING": [], "SUCCEEDED": []});
        for (status, succeeded) in [("SUCCEEDED", true), ("FAILED", false)] {
            let values = transformed(succeeded);
            if values.is_empty() {
                continue;
            }
            let text = if extension == "jsonl" {
                values.iter().map(|v| compact(v) + "\n").collect::<String>()
            } else {
                compact(&Value::Array(values))
            };
            let key = format!("{folder}/{status}_0.{extension}");
            s3::put(&root, &bucket, &key, text.as_bytes()).map_err(writer_failed)?;
            files[status] = json!([{"Key": key, "Size": text.len()}]);
        }
        let manifest = json!({"DestinationBucket": bucket, "MapRunArn": map_run_arn, "ResultFiles": files});
        s3::put(&root, &bucket, &manifest_key, compact(&manifest).as_bytes()).map_err(writer_failed)?;
        self.states[cx.record].notes.push(format!("results written to s3://{bucket}/{folder}/ in {}", root.display()));
        Ok(details)
    }
}
