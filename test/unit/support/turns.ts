// Counts the microtask turns an async run takes: a ticker re-queues itself once per turn until the run settles.
export async function turns<T>(run: () => Promise<T>): Promise<{ result: T; turns: number }> {
  let ticks = 0;
  let on = true;
  const tick = () => {
    if (!on) return;
    ticks++;
    queueMicrotask(tick);
  };
  queueMicrotask(tick);
  try {
    return { result: await run(), turns: ticks };
  } finally {
    on = false;
  }
}
