//! Where tasks get their answers: mocks in Step Functions Local's
//! `MockConfigFile.json` format (test cases mapping states to mocked
//! responses, each response answering one or more attempts with `Return`
//! or `Throw`), or in the conformance cases' format (per state, one entry
//! per attempt in order, matched by input).

use serde_json::Value;
use std::collections::HashMap;

#[derive(Clone, Debug, PartialEq)]
pub enum Answer {
    Return(Value),
    /// A failure; `error` is `None` when the service gave no error name.
    Throw {
        error: Option<String>,
        cause: Option<String>,
    },
}

/// How long a mocked call takes on the simulated clock, and how often its
/// worker sends a heartbeat (`None`: never). asl-ls's own keys in a
/// MockConfigFile response: `"DurationSeconds"` and `"HeartbeatEverySeconds"`
/// beside `Return`/`Throw` (Step Functions Local has no such keys).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Timing {
    pub seconds: f64,
    pub heartbeat_every: Option<f64>,
}

/// Answers for task calls.
pub trait Mocks {
    /// The answer to the `attempt`-th call (0-based) of state `state`,
    /// called with `input`; `None` when nothing is mocked.
    fn answer(&mut self, state: &str, input: &Value, attempt: usize) -> Option<Answer>;

    /// How long the `attempt`-th call of `state` takes (instant unless the mock says).
    fn timing(&self, _state: &str, _attempt: usize) -> Timing {
        Timing::default()
    }
}

/// No mocks: every task returns its input.
pub struct NoMocks;

impl Mocks for NoMocks {
    fn answer(&mut self, _: &str, _: &Value, _: usize) -> Option<Answer> {
        None
    }
}

/// A `MockConfigFile.json` test case: state name → its responses per attempt.
pub struct MockConfig {
    responses: HashMap<String, Vec<(Answer, Timing)>>,
}

impl MockConfig {
    /// Reads `file` (the whole MockConfigFile) for test case `test_case`
    /// of state machine `machine` (any machine when `None`).
    pub fn from_file(file: &Value, machine: Option<&str>, test_case: &str) -> Result<MockConfig, String> {
        let machines = file["StateMachines"].as_object().ok_or("the mock file has no `StateMachines`")?;
        let cases = machines
            .iter()
            .filter(|(name, _)| machine.is_none_or(|m| m == name.as_str()))
            .find_map(|(_, m)| m["TestCases"].get(test_case))
            .ok_or_else(|| format!("no test case `{test_case}` in the mock file"))?;
        let mocked = &file["MockedResponses"];
        let mut responses = HashMap::new();
        for (state, response_name) in cases.as_object().into_iter().flatten() {
            let name = response_name.as_str().ok_or_else(|| format!("the response of `{state}` is not a name"))?;
            let response =
                mocked.get(name).and_then(Value::as_object).ok_or_else(|| format!("no mocked response `{name}`"))?;
            let mut attempts: Vec<(usize, usize, (Answer, Timing))> = Vec::new();
            for (range, entry) in response {
                // "0", "1-2": the attempts this answer covers.
                let (from, to) = match range.split_once('-') {
                    Some((a, b)) => (a.trim().parse().unwrap_or(0), b.trim().parse().unwrap_or(0)),
                    None => {
                        let n = range.trim().parse().unwrap_or(0);
                        (n, n)
                    }
                };
                let answer = if let Some(value) = entry.get("Return") {
                    Answer::Return(value.clone())
                } else if let Some(throw) = entry.get("Throw") {
                    Answer::Throw {
                        error: throw["Error"].as_str().map(str::to_string),
                        cause: throw["Cause"].as_str().map(str::to_string),
                    }
                } else {
                    return Err(format!("response `{name}` attempt `{range}` has neither `Return` nor `Throw`"));
                };
                let seconds = |key: &str| -> Result<Option<f64>, String> {
                    match answer_json_number(entry, key) {
                        Some(Some(n)) if n >= 0.0 => Ok(Some(n)),
                        Some(_) => Err(format!(
                            "response `{name}` attempt `{range}`: `{key}` must be a number of seconds, 0 or more"
                        )),
                        None => Ok(None),
                    }
                };
                let timing = Timing {
                    seconds: seconds("DurationSeconds")?.unwrap_or(0.0),
                    heartbeat_every: seconds("HeartbeatEverySeconds")?,
                };
                attempts.push((from, to, (answer, timing)));
            }
            attempts.sort_by_key(|(from, ..)| *from);
            let mut list = Vec::new();
            for (from, to, answer) in attempts {
                while list.len() < from {
                    list.push(answer.clone());
                }
                while list.len() <= to {
                    list.push(answer.clone());
                }
            }
            responses.insert(state.clone(), list);
        }
        Ok(MockConfig { responses })
    }
}

/// `Some(Some(n))` for a number at `key`, `Some(None)` for another value, `None` when absent.
fn answer_json_number(answer: &Value, key: &str) -> Option<Option<f64>> {
    answer.get(key).map(Value::as_f64)
}

impl MockConfig {
    fn entry(&self, state: &str, attempt: usize) -> Option<&(Answer, Timing)> {
        let list = self.responses.get(state)?;
        // Past the last listed attempt, the last answer repeats.
        list.get(attempt).or(list.last())
    }
}

impl Mocks for MockConfig {
    fn answer(&mut self, state: &str, _: &Value, attempt: usize) -> Option<Answer> {
        self.entry(state, attempt).map(|(answer, _)| answer.clone())
    }

    fn timing(&self, state: &str, attempt: usize) -> Timing {
        self.entry(state, attempt).map(|(_, timing)| *timing).unwrap_or_default()
    }
}

/// The conformance cases' mocks: per state, answers in call order, each
/// with the input it was recorded with; `matches` compares inputs (with
/// placeholders as wildcards).
pub struct Recorded<'m> {
    entries: HashMap<String, Vec<(Value, Answer, bool)>>,
    matches: &'m dyn Fn(&Value, &Value) -> bool,
}

impl<'m> Recorded<'m> {
    pub fn new(mocks: &Value, matches: &'m dyn Fn(&Value, &Value) -> bool) -> Recorded<'m> {
        let mut entries = HashMap::new();
        for (state, list) in mocks.as_object().into_iter().flatten() {
            let answers = list
                .as_array()
                .into_iter()
                .flatten()
                .map(|m| {
                    let answer = match m.get("result") {
                        Some(result) => Answer::Return(result.clone()),
                        None => Answer::Throw {
                            error: m["error"].as_str().map(str::to_string),
                            cause: m["cause"].as_str().map(str::to_string),
                        },
                    };
                    (m.get("input").cloned().unwrap_or(Value::Null), answer, false)
                })
                .collect();
            entries.insert(state.clone(), answers);
        }
        Recorded { entries, matches }
    }
}

impl Mocks for Recorded<'_> {
    fn answer(&mut self, state: &str, input: &Value, _: usize) -> Option<Answer> {
        let list = self.entries.get_mut(state)?;
        let index = list
            .iter()
            .position(|(recorded, _, used)| !used && (self.matches)(recorded, input))
            .or_else(|| list.iter().position(|(_, _, used)| !used))?;
        list[index].2 = true;
        Some(list[index].1.clone())
    }
}
