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
