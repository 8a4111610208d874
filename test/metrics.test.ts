import { describe, expect, test } from "bun:test";
import { createMetrics } from "../src/metrics.ts";

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses the Prometheus text format (0.0.4): comments by metric name, samples with unescaped labels. */
function parse(text: string) {
  const help = new Map<string, string>();
  const type = new Map<string, string>();
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const comment = line.match(/^# (HELP|TYPE) (\S+) (.*)$/);
    if (comment) {
      (comment[1] === "HELP" ? help : type).set(comment[2]!, comment[3]!);
      continue;
    }
    const m = line.match(/^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/);
    if (!m) throw new Error(`not a Prometheus sample line: ${JSON.stringify(line)}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(?:,|$)/g)) {
      labels[l[1]!] = l[2]!.replace(/\\(.)/g, (_, c: string) => (c === "n" ? "\n" : c));
    }
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  const value = (name: string, labels: Record<string, string> = {}) =>
    samples.find(
      (s) =>
        s.name === name &&
        Object.keys(s.labels).length === Object.keys(labels).length &&
        Object.entries(labels).every(([k, v]) => s.labels[k] === v),
    )?.value;
  return { help, type, samples, value };
}

describe("createMetrics", () => {
  test("a counter renders HELP, TYPE and one sample per label set", async () => {
    const metrics = createMetrics();
    const sent = metrics.counter("noor_messages_sent_total", "Messages sent to Wazzup");
    sent.inc({ channel: "whatsapp", outcome: "ok" });
    sent.inc({ outcome: "ok", channel: "whatsapp" }, 2);
    sent.inc({ channel: "whatsapp", outcome: "failed" });
    const p = parse(await metrics.render());
    expect(p.help.get("noor_messages_sent_total")).toBe("Messages sent to Wazzup");
    expect(p.type.get("noor_messages_sent_total")).toBe("counter");
    expect(p.value("noor_messages_sent_total", { channel: "whatsapp", outcome: "ok" })).toBe(3);
    expect(p.value("noor_messages_sent_total", { channel: "whatsapp", outcome: "failed" })).toBe(1);
    expect(p.samples.filter((s) => s.name === "noor_messages_sent_total")).toHaveLength(2);
    expect(sent.get({ outcome: "ok", channel: "whatsapp" })).toBe(3);
    expect(sent.get({ outcome: "unknown" })).toBe(0);
  });

  test("a counter without labels renders a bare sample", async () => {
    const metrics = createMetrics();
    metrics.counter("noor_turns_total", "Turns").inc();
    const text = await metrics.render();
    expect(text).toContain("\nnoor_turns_total 1\n");
    expect(parse(text).value("noor_turns_total")).toBe(1);
  });

  test("registering a name twice returns the same metric", async () => {
    const metrics = createMetrics();
    metrics.counter("noor_x_total", "X").inc();
    metrics.counter("noor_x_total", "X").inc();
    const p = parse(await metrics.render());
    expect(p.value("noor_x_total")).toBe(2);
    expect([...p.type.keys()]).toEqual(["noor_x_total"]);
  });

  test("a histogram renders cumulative buckets, +Inf, sum and count per label set", async () => {
    const metrics = createMetrics();
    const h = metrics.histogram("noor_turn_seconds", "Turn latency", [0.1, 1, 5]);
    for (const v of [0.05, 0.1, 0.7, 3, 12]) h.observe(v, { model: "m1" });
    h.observe(0.2, { model: "m2" });
    const p = parse(await metrics.render());
    expect(p.type.get("noor_turn_seconds")).toBe("histogram");
    const bucket = (le: string, model = "m1") => p.value("noor_turn_seconds_bucket", { model, le });
    expect([bucket("0.1"), bucket("1"), bucket("5"), bucket("+Inf")]).toEqual([2, 3, 4, 5]);
    expect(p.value("noor_turn_seconds_count", { model: "m1" })).toBe(5);
    expect(p.value("noor_turn_seconds_sum", { model: "m1" })).toBeCloseTo(15.85, 10);
    expect([bucket("0.1", "m2"), bucket("1", "m2"), bucket("+Inf", "m2")]).toEqual([0, 1, 1]);
  });

  test("a histogram without labels puts only le in its buckets", async () => {
    const metrics = createMetrics();
    metrics.histogram("noor_sync_seconds", "Sync time", [1]).observe(2);
    const p = parse(await metrics.render());
    expect(p.value("noor_sync_seconds_bucket", { le: "1" })).toBe(0);
    expect(p.value("noor_sync_seconds_bucket", { le: "+Inf" })).toBe(1);
    expect(p.value("noor_sync_seconds_count")).toBe(1);
  });

  test("a gauge is read at scrape time, sync or async", async () => {
    const metrics = createMetrics();
    let live = 3;
    metrics.gauge("noor_live_actors", "Live chat actors", () => live);
    metrics.gauge("noor_outbox_depth", "Outbox parts waiting", async () => 7);
    expect(parse(await metrics.render()).value("noor_live_actors")).toBe(3);
    live = 5;
    const p = parse(await metrics.render());
    expect(p.value("noor_live_actors")).toBe(5);
    expect(p.value("noor_outbox_depth")).toBe(7);
    expect(p.type.get("noor_outbox_depth")).toBe("gauge");
  });

  test("label values escape backslash, double quote and newline", async () => {
    const metrics = createMetrics();
    const tricky = 'C:\\path "quoted"\nnext';
    metrics.counter("noor_odd_total", "Odd labels").inc({ route: tricky });
    const text = await metrics.render();
    expect(text).toContain('noor_odd_total{route="C:\\\\path \\"quoted\\"\\nnext"} 1');
    expect(text.split("\n").filter((l) => l.startsWith("noor_odd_total"))).toHaveLength(1);
    expect(parse(text).value("noor_odd_total", { route: tricky })).toBe(1);
  });

  test("the rendering ends with a newline and has no blank lines", async () => {
    const metrics = createMetrics();
    metrics.counter("noor_a_total", "A").inc();
    metrics.histogram("noor_b_seconds", "B");
    const text = await metrics.render();
    expect(text.endsWith("\n")).toBe(true);
    expect(text.slice(0, -1).split("\n")).not.toContain("");
    expect(() => parse(text)).not.toThrow();
  });
});
