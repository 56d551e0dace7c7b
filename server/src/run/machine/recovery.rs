//! Retry and Catch, for Task, Parallel and Map states alike.

use super::*;
use crate::run::Taken;

impl Runner<'_, '_> {
    /// A state's work with its Retry: a failure a retrier takes is tried
    /// again after the retrier's delay on the simulated clock, `attempt`
    /// counting from 0. A Task calls its service again; a Parallel or Map
    /// state runs every branch or iteration again (AWS's trace shows each
    /// attempt's states).
    pub(super) fn retried(
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
    pub(super) fn retry(
        &mut self,
        cx: &Cx<'_>,
        retriers: &[Node],
        counts: &mut [usize],
        failure: &Failure,
    ) -> Option<f64> {
        for (i, retrier) in retriers.iter().enumerate() {
            let Some(retrier) = retrier.as_object() else { continue };
            if !matches_error(retrier, failure) {
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
            self.states[cx.record].taken.push(Taken::Retrier(i));
            return Some(delay);
        }
        None
    }

    /// Catch: the first catcher that takes the failure, applied.
    pub(super) fn catch(
        &mut self,
        cx: &Cx<'_>,
        input: &Value,
        vars: &Rc<Vars>,
        failure: Failure,
    ) -> Result<Flow, Failure> {
        if matches!(failure.name(), "States.Runtime") {
            return Err(failure);
        }
        let catchers = cx.object.value("Catch").and_then(Node::as_array).unwrap_or_default();
        for (i, catcher) in catchers.iter().enumerate() {
            let Some(catcher) = catcher.as_object() else { continue };
            if !matches_error(catcher, &failure) {
                continue;
            }
            // A caught timeout shows an empty cause.
            let cause = failure
                .cause
                .clone()
                .or_else(|| matches!(failure.name(), "States.Timeout" | "States.HeartbeatTimeout").then(String::new));
            let error_output = json!({"Error": failure.error, "Cause": cause});
            let next = catcher.value("Next").and_then(Node::as_str).unwrap_or_default().to_string();
            self.states[cx.record].notes.push(format!("{} caught by catcher {i} → {next}", failure.name()));
            self.states[cx.record].taken.push(Taken::Catcher(i));
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
}
