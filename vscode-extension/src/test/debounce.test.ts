import { strict as assert } from 'assert';
import { test } from 'node:test';
import { debounce, Timers } from '../debounce';

/** A fake clock: timers fire when `advance` passes their time. */
function fakeTimers(): Timers & { advance(ms: number): void; now: number } {
  let now = 0;
  let nextId = 1;
  const pending = new Map<number, { at: number; callback: () => void }>();
  return {
    get now() {
      return now;
    },
    setTimeout(callback, ms) {
      const id = nextId++;
      pending.set(id, { at: now + ms, callback });
      return id;
    },
    clearTimeout(handle) {
      pending.delete(handle as number);
    },
    advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = [...pending.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (due === undefined) break;
        pending.delete(due[0]);
        now = due[1].at;
        due[1].callback();
      }
      now = end;
    },
  };
}

test('calls within the delay collapse into one, with the last arguments', () => {
  const clock = fakeTimers();
  const calls: Array<[string, number]> = [];
  const d = debounce((s: string, n: number) => calls.push([s, n]), 300, clock);
  d('a', 1);
  clock.advance(100);
  d('b', 2);
  clock.advance(299);
  assert.deepEqual(calls, []);
  assert.equal(d.pending, true);
  clock.advance(1);
  assert.deepEqual(calls, [['b', 2]]);
  assert.equal(d.pending, false);
  clock.advance(1000);
  assert.equal(calls.length, 1);
});

test('separate bursts fire separately', () => {
  const clock = fakeTimers();
  let count = 0;
  const d = debounce(() => count++, 300, clock);
  d();
  clock.advance(300);
  d();
  clock.advance(300);
  assert.equal(count, 2);
});

test('cancel drops and flush runs a pending call', () => {
  const clock = fakeTimers();
  const seen: number[] = [];
  const d = debounce((n: number) => seen.push(n), 300, clock);
  d(1);
  d.cancel();
  clock.advance(1000);
  assert.deepEqual(seen, []);
  d(2);
  d.flush();
  assert.deepEqual(seen, [2]);
  clock.advance(1000);
  assert.deepEqual(seen, [2]);
  d.flush(); // nothing pending: no call
  assert.deepEqual(seen, [2]);
});

test('with real timers', async () => {
  let count = 0;
  const d = debounce(() => count++, 20);
  d();
  d();
  d();
  await new Promise((resolve) => setTimeout(resolve, 80));
  assert.equal(count, 1);
});
