// Times aws-local-stepfunctions on the cases the Rust bench wrote:
// `node run_reference.js CASES.json PACKAGE_DIR`. Tasks answer from the
// recorded mocks, waits and retry intervals are overridden to 0.
// Prints one JSON array: nanoseconds per execution per case (null when
// the package cannot run the case).
const fs = require('fs');
const path = require('path');
const { StateMachine } = require(path.join(process.argv[3], 'node_modules', 'aws-local-stepfunctions'));

// A failed execution also rejects promises the package does not await.
process.on('unhandledRejection', () => {});

function states(definition, out = []) {
  for (const [name, state] of Object.entries(definition.States || {})) {
    out.push([name, state]);
    for (const branch of state.Branches || []) states(branch, out);
    if (state.ItemProcessor) states(state.ItemProcessor, out);
    if (state.Iterator) states(state.Iterator, out);
  }
  return out;
}

async function once(machine, c, all) {
  const queues = {};
  for (const [name, list] of Object.entries(c.mocks || {})) queues[name] = [...list];
  const handlers = {};
  const waits = {};
  const retries = {};
  for (const [name, state] of all) {
    if (state.Type === 'Task') {
      handlers[name] = async () => {
        const next = (queues[name] || []).shift();
        if (!next) return {};
        if ('result' in next) return next.result;
        const error = new Error(next.cause || '');
        error.name = next.error || 'Error';
        throw error;
      };
      retries[name] = 0;
    }
    if (state.Type === 'Wait') waits[name] = 0;
  }
  const execution = machine.run(c.input, {
    overrides: { taskResourceLocalHandlers: handlers, waitTimeOverrides: waits, retryIntervalOverrides: retries },
    noThrowOnAbort: true,
  });
  try {
    await execution.result;
  } catch (e) {
    // A failed execution is a result too.
  }
}

(async () => {
  const cases = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const out = [];
  for (const c of cases) {
    try {
      const machine = new StateMachine(c.definition, { validationOptions: { checkArn: false, checkPaths: false } });
      const all = states(c.definition);
      // A case the package does not finish in a second (real waits) is skipped.
      const finished = await Promise.race([
        once(machine, c, all).then(() => true, () => true),
        new Promise((resolve) => setTimeout(() => resolve(false), 1000)),
      ]);
      if (!finished) {
        out.push(null);
        continue;
      }
      for (let i = 0; i < 5; i++) await once(machine, c, all);
      const start = process.hrtime.bigint();
      for (let i = 0; i < c.iterations; i++) await once(machine, c, all);
      out.push(Number(process.hrtime.bigint() - start) / c.iterations);
    } catch (e) {
      out.push(null);
    }
  }
  console.log(JSON.stringify(out));
})();
