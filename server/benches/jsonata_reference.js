// Times the reference JavaScript implementation (the npm `jsonata` package)
// on the cases the Rust bench wrote: `node jsonata_reference.js CASES.json JSONATA_DIR`.
// Prints one JSON array: nanoseconds per evaluation, per case.
const fs = require('fs');
const path = require('path');
const jsonata = require(path.join(process.argv[3], 'node_modules', 'jsonata'));

(async () => {
  const cases = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const out = [];
  for (const c of cases) {
    const expr = jsonata(c.expr);
    const input = c.input === undefined ? undefined : c.input;
    for (let i = 0; i < Math.min(c.iterations, 20); i++) await expr.evaluate(input, c.bindings);
    const start = process.hrtime.bigint();
    for (let i = 0; i < c.iterations; i++) await expr.evaluate(input, c.bindings);
    const elapsed = Number(process.hrtime.bigint() - start);
    out.push(elapsed / c.iterations);
  }
  console.log(JSON.stringify(out));
})();
