/** Runs a call's body while it is registered as running, so shutdown can wait for it. */
export function trackCall(running: Set<Promise<void>>, body: () => Promise<void>): void {
  const task = body().finally(() => running.delete(task));
  running.add(task);
}
