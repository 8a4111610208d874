/**
 * A small Prometheus registry: counters and histograms with labels, rendered
 * in the text exposition format. Label sets are bounded by the callers (route
 * patterns, not raw paths), so memory stays bounded.
 */
type Labels = Record<string, string>;

const labelKey = (labels: Labels) =>
  Object.keys(labels)
    .sort()
    .map(
      (k) => `${k}="${String(labels[k]).replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`,
    )
    .join(",");

export interface Counter {
  inc(labels?: Labels, by?: number): void;
  get(labels?: Labels): number;
}

export interface Histogram {
  observe(value: number, labels?: Labels): void;
}

export interface Metrics {
  counter(name: string, help: string): Counter;
  histogram(name: string, help: string, buckets?: number[]): Histogram;
  /** A value read at scrape time (live actors, outbox depth). */
  gauge(name: string, help: string, read: () => number | Promise<number>): void;
  render(): Promise<string>;
}

const defaultBuckets = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createMetrics(): Metrics {
  const sections: (() => Promise<string> | string)[] = [];
  const registered = new Map<string, unknown>();

  const once = <T>(name: string, make: () => T): T => {
    if (!registered.has(name)) registered.set(name, make());
    return registered.get(name) as T;
  };

  return {
    counter: (name, help) =>
      once(name, () => {
        const values = new Map<string, number>();
        sections.push(() =>
          [`# HELP ${name} ${help}`, `# TYPE ${name} counter`]
            .concat([...values].map(([k, v]) => `${name}${k ? `{${k}}` : ""} ${v}`))
            .join("\n"),
        );
        return {
          inc: (labels = {}, by = 1) => {
            const k = labelKey(labels);
            values.set(k, (values.get(k) ?? 0) + by);
          },
          get: (labels = {}) => values.get(labelKey(labels)) ?? 0,
        };
      }),
    histogram: (name, help, buckets = defaultBuckets) =>
      once(name, () => {
        const series = new Map<string, { counts: number[]; sum: number; count: number }>();
        sections.push(() => {
          const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} histogram`];
          for (const [k, s] of series) {
            const sep = k ? "," : "";
            for (const [i, b] of buckets.entries())
              lines.push(`${name}_bucket{${k}${sep}le="${b}"} ${s.counts[i]}`);
            lines.push(`${name}_bucket{${k}${sep}le="+Inf"} ${s.count}`);
            lines.push(
              `${name}_sum${k ? `{${k}}` : ""} ${s.sum}`,
              `${name}_count${k ? `{${k}}` : ""} ${s.count}`,
            );
          }
          return lines.join("\n");
        });
        return {
          observe: (value, labels = {}) => {
            const k = labelKey(labels);
            let s = series.get(k);
            if (!s) {
              s = { counts: buckets.map(() => 0), sum: 0, count: 0 };
              series.set(k, s);
            }
            buckets.forEach((b, i) => {
              if (value <= b) s.counts[i]!++;
            });
            s.sum += value;
            s.count++;
          },
        };
      }),
    gauge: (name, help, read) => {
      once(name, () =>
        sections.push(async () => `# HELP ${name} ${help}\n# TYPE ${name} gauge\n${name} ${await read()}`),
      );
    },
    render: async () => `${(await Promise.all(sections.map((s) => s()))).join("\n")}\n`,
  };
}
