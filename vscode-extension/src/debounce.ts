// A trailing-edge debouncer with an injectable clock, so tests can use fake timers. Pure.

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface Debounced<A extends unknown[]> {
  /** Schedules `fn` with these arguments `ms` after the last call. */
  (...args: A): void;
  /** Runs a pending call now. */
  flush(): void;
  /** Drops a pending call. */
  cancel(): void;
  /** Whether a call is waiting. */
  readonly pending: boolean;
}

export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number, timers: Timers = realTimers): Debounced<A> {
  let handle: unknown;
  let lastArgs: A | undefined;
  const fire = () => {
    const args = lastArgs;
    handle = undefined;
    lastArgs = undefined;
    if (args !== undefined) {
      fn(...args);
    }
  };
  const debounced = ((...args: A) => {
    lastArgs = args;
    if (handle !== undefined) {
      timers.clearTimeout(handle);
    }
    handle = timers.setTimeout(fire, ms);
  }) as Debounced<A>;
  debounced.flush = () => {
    if (handle !== undefined) {
      timers.clearTimeout(handle);
      fire();
    }
  };
  debounced.cancel = () => {
    if (handle !== undefined) {
      timers.clearTimeout(handle);
    }
    handle = undefined;
    lastArgs = undefined;
  };
  Object.defineProperty(debounced, 'pending', { get: () => handle !== undefined });
  return debounced;
}
