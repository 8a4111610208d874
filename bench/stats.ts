/** Small helpers shared by the benchmarks: percentiles and formatting. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

export function machine(): string {
  const os = require("node:os") as typeof import("node:os");
  return `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${round(os.totalmem() / 2 ** 30, 1)} GiB, ${os.platform()} ${os.release()}, bun ${Bun.version}`;
}

/** A markdown table from rows of cells. */
export function table(header: string[], rows: (string | number)[][]): string {
  return [
    `| ${header.join(" | ")} |`,
    `|${header.map(() => "---").join("|")}|`,
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ].join("\n");
}
