/**
 * Work in lanes: the tasks of one lane (a chat) run one after another in the
 * order they were given; different lanes run concurrently. What is in flight
 * is counted per group (a shard) and in all, and waiters are woken each time
 * a task settles. A task's failure is its own business: it must not throw.
 */
export interface Lanes<G> {
  run(lane: string, group: G, task: () => Promise<void>): void;
  /** Tasks given and not yet settled, in `group` or in all. */
  inFlight(group?: G): number;
  /** Resolves the next time a task settles. */
  settled(): Promise<void>;
}

export function createLanes<G>({ onError }: { onError: (error: unknown) => void }): Lanes<G> {
  const tails = new Map<string, Promise<void>>();
  const counts = new Map<G, number>();
  let total = 0;
  let waiters: (() => void)[] = [];

  return {
    run(lane, group, task) {
      counts.set(group, (counts.get(group) ?? 0) + 1);
      total++;
      const tail = (tails.get(lane) ?? Promise.resolve()).then(task).catch(onError);
      tails.set(lane, tail);
      void tail.then(() => {
        if (tails.get(lane) === tail) tails.delete(lane);
        const left = counts.get(group)! - 1;
        if (left === 0) counts.delete(group);
        else counts.set(group, left);
        total--;
        const woken = waiters;
        waiters = [];
        for (const wake of woken) wake();
      });
    },
    inFlight: (group) => (group === undefined ? total : (counts.get(group) ?? 0)),
    settled: () => new Promise<void>((resolve) => waiters.push(resolve)),
  };
}
