// Whether a JSON document is an ASL definition: its text has both the
// `"StartAt"` and the `"States"` keys. Pure.

/** Only the start of very large files is looked at. */
export const DETECT_LIMIT = 1_000_000;

const START_AT = /"StartAt"\s*:/;
const STATES = /"States"\s*:/;

/** `text` has both `"StartAt":` and `"States":` (as keys) within its first DETECT_LIMIT characters. */
export function looksLikeAsl(text: string): boolean {
  const head = text.length > DETECT_LIMIT ? text.slice(0, DETECT_LIMIT) : text;
  return START_AT.test(head) && STATES.test(head);
}

/** The languages whose documents are candidates for switching to ASL. */
export const JSON_LANGUAGES: readonly string[] = ['json', 'jsonc'];

/** A `json`/`jsonc` document named `*.json` whose text looks like ASL. */
export function shouldSwitchToAsl(languageId: string, fileName: string, text: string): boolean {
  return JSON_LANGUAGES.includes(languageId) && /\.json$/i.test(fileName) && looksLikeAsl(text);
}

/** The resource types and keys that put a state machine in a template. */
const TEMPLATE_MACHINE = /AWS::StepFunctions::StateMachine|AWS::Serverless::StateMachine|resource\s+"aws_sfn_state_machine"|\bstateMachines\s*:/;

/** The languages a template holding state machines is written in. */
export const TEMPLATE_LANGUAGES: readonly string[] = ['yaml', 'json', 'jsonc', 'terraform'];

/**
 * A CloudFormation/SAM/CDK template, Serverless file or Terraform file that
 * holds a state machine (the server checks what is inside; this only decides
 * whether to start it).
 */
export function looksLikeTemplate(languageId: string, fileName: string, text: string): boolean {
  const candidate = TEMPLATE_LANGUAGES.includes(languageId) || /\.tf$/i.test(fileName);
  const head = text.length > DETECT_LIMIT ? text.slice(0, DETECT_LIMIT) : text;
  return candidate && TEMPLATE_MACHINE.test(head);
}
