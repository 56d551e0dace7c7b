import { strict as assert } from 'assert';
import { test } from 'node:test';
import { DETECT_LIMIT, looksLikeAsl, looksLikeTemplate, shouldSwitchToAsl } from '../detect';

const definition = `{
  "Comment": "Orders",
  "StartAt": "Validate",
  "States": { "Validate": { "Type": "Pass", "End": true } }
}`;

test('an ASL definition is detected', () => {
  assert.equal(looksLikeAsl(definition), true);
  assert.equal(looksLikeAsl('{"States":{},"StartAt":"A"}'), true);
});

test('JSON without both keys is not ASL', () => {
  assert.equal(looksLikeAsl('{"name": "pkg", "version": "1.0.0"}'), false);
  assert.equal(looksLikeAsl('{"StartAt": "A"}'), false);
  assert.equal(looksLikeAsl('{"States": {}}'), false);
  // The words as values or bare text are not keys.
  assert.equal(looksLikeAsl('{"description": "StartAt and States"}'), false);
  assert.equal(looksLikeAsl(''), false);
});

test('only the start of a huge file is looked at', () => {
  const padded = `{"pad": "${'x'.repeat(DETECT_LIMIT)}", "StartAt": "A", "States": {}}`;
  assert.equal(looksLikeAsl(padded), false);
});

test('only json/jsonc documents named *.json are switched', () => {
  assert.equal(shouldSwitchToAsl('json', '/p/flow.json', definition), true);
  assert.equal(shouldSwitchToAsl('jsonc', '/p/FLOW.JSON', definition), true);
  assert.equal(shouldSwitchToAsl('asl', '/p/flow.asl.json', definition), false);
  assert.equal(shouldSwitchToAsl('json', '/p/package.json', '{"name": "x"}'), false);
  assert.equal(shouldSwitchToAsl('yaml', '/p/flow.yaml', definition), false);
  assert.equal(shouldSwitchToAsl('json', 'Untitled-1', definition), false);
});

test('templates that hold a state machine start the server; other templates do not', () => {
  const sam = 'Resources:\n  M:\n    Type: AWS::Serverless::StateMachine\n';
  assert.equal(looksLikeTemplate('yaml', '/w/template.yaml', sam), true);
  assert.equal(looksLikeTemplate('json', '/w/cdk.out/App.template.json', '{"Type": "AWS::StepFunctions::StateMachine"}'), true);
  assert.equal(looksLikeTemplate('plaintext', '/w/main.tf', 'resource "aws_sfn_state_machine" "m" {}'), true);
  assert.equal(looksLikeTemplate('yaml', '/w/serverless.yml', 'stepFunctions:\n  stateMachines:\n    a: {}\n'), true);
  assert.equal(looksLikeTemplate('yaml', '/w/template.yaml', 'Resources:\n  B:\n    Type: AWS::S3::Bucket\n'), false);
  assert.equal(looksLikeTemplate('yaml', '/w/.github/workflows/ci.yml', 'on: push\n'), false);
  assert.equal(looksLikeTemplate('markdown', '/w/README.md', sam), false);
});
