/**
 * Read timeouts of every call in flight on one timer. Arming a deadline, pushing
 * it back when data arrives and clearing it cost a clock read and a set
 * operation, where a timer per call (and per chunk) costs a timer, a promise and
 * a race each time. The timer is set for the earliest deadline; a deadline
 * pushed back since is found not due when it fires, and the timer is set again.
 */

/** The silence allowed to one call, counted from `arm()` or the last `touch()`. */
export interface ReadDeadline {
  /** Starts counting the silence (again) from now. */
  arm(): void;
  /** Data arrived: the silence starts over. Cheap enough to call per chunk. */
  touch(): void;
  /** No longer watched; `onExpire` will not run. */
  clear(): void;
  /** Whether `onExpire` has run. */
  readonly expired: boolean;
}

class Deadline implements ReadDeadline {
  at = 0;
  expired = false;

  constructor(
    readonly ms: number,
    readonly onExpire: () => void,
  ) {}

  arm(): void {
    this.at = Date.now() + this.ms;
    watched.add(this);
    schedule(this.at);
  }

  touch(): void {
    this.at = Date.now() + this.ms;
  }

  clear(): void {
    watched.delete(this);
  }
}

const watched = new Set<Deadline>();
let timer: ReturnType<typeof setTimeout> | undefined;
let timerAt = Infinity;

function schedule(at: number): void {
  if (timer !== undefined && timerAt <= at) return;
  if (timer !== undefined) clearTimeout(timer);
  timerAt = at;
  timer = setTimeout(fire, Math.max(0, at - Date.now()));
  // The calls themselves keep the process alive while they wait; the timer must not.
  unref(timer);
}

function fire(): void {
  timer = undefined;
  timerAt = Infinity;
  const now = Date.now();
  let next = Infinity;
  for (const d of watched) {
    if (d.at <= now) {
      watched.delete(d);
      d.expired = true;
      d.onExpire();
    } else if (d.at < next) {
      next = d.at;
    }
  }
  if (next !== Infinity) schedule(next);
}

/** Node's and Bun's timers are objects with `unref`; Deno's are numbers, unref'd through `Deno.unrefTimer`. */
function unref(t: ReturnType<typeof setTimeout>): void {
  if (typeof t === "object" && t !== null && "unref" in t) return void t.unref();
  const deno = (globalThis as { Deno?: { unrefTimer?: (id: number) => void } }).Deno;
  if (typeof t === "number") deno?.unrefTimer?.(t);
}

/** A deadline of `ms` milliseconds of silence, not yet armed; `onExpire` runs once if it passes. */
export function readDeadline(ms: number, onExpire: () => void): ReadDeadline {
  return new Deadline(ms, onExpire);
}

/** How many deadlines are armed: for tests. */
export function armedDeadlines(): number {
  return watched.size;
}
