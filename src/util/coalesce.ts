/**
 * Group calls that arrive in the same event-loop turn into one batch call
 * (e.g. one database transaction for many concurrent webhooks). Each caller
 * gets its own result; a failed batch fails every call in it.
 */
export function coalesce<I, O>(
  runBatch: (items: I[]) => Promise<O[]>,
  { maxBatch = 256 }: { maxBatch?: number } = {},
): (item: I) => Promise<O> {
  let pending: { item: I; resolve: (o: O) => void; reject: (e: unknown) => void }[] = [];
  let scheduled = false;

  const flush = async () => {
    const batch = pending;
    pending = [];
    scheduled = false;
    try {
      const results = await runBatch(batch.map((b) => b.item));
      for (const [i, b] of batch.entries()) b.resolve(results[i]!);
    } catch (error) {
      for (const b of batch) b.reject(error);
    }
  };

  return (item) =>
    new Promise<O>((resolve, reject) => {
      pending.push({ item, resolve, reject });
      if (pending.length >= maxBatch) void flush();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });
}
