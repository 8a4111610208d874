import { describe, expect, test } from "bun:test";
import { createLogger } from "../src/log.ts";

const capture = () => {
  const lines: string[] = [];
  return { lines, write: (line: string) => lines.push(line), records: () => lines.map((l) => JSON.parse(l)) };
};

describe("createLogger", () => {
  test("writes one JSON object per line with time, level, message and fields", () => {
    const out = capture();
    createLogger({ write: out.write }).info("order placed", { sku: "CH-1", qty: 3 });
    expect(out.lines).toHaveLength(1);
    expect(out.lines[0]).not.toContain("\n");
    const [record] = out.records();
    expect(record).toMatchObject({ level: "info", msg: "order placed", sku: "CH-1", qty: 3 });
    expect(new Date(record.time).toISOString()).toBe(record.time);
  });

  test("a message or field with line breaks still makes exactly one line", () => {
    const out = capture();
    createLogger({ write: out.write }).warn("first\nsecond", { text: "مرحبا\r\nhello" });
    expect(out.lines).toHaveLength(1);
    expect(out.lines[0]).not.toMatch(/[\r\n]/);
    expect(out.records()[0]).toMatchObject({ msg: "first\nsecond", text: "مرحبا\r\nhello" });
  });

  test("drops lines below the configured level", () => {
    const out = capture();
    const log = createLogger({ level: "warn", write: out.write });
    log.debug("d");
    log.info("i");
    log.warn("w");
    log.error("e");
    expect(out.records().map((r) => [r.level, r.msg])).toEqual([
      ["warn", "w"],
      ["error", "e"],
    ]);
  });

  test("info is the default level", () => {
    const out = capture();
    const log = createLogger({ write: out.write });
    log.debug("hidden");
    log.info("shown");
    expect(out.records().map((r) => r.msg)).toEqual(["shown"]);
  });

  test("a child carries its fields into every line, merged over the parent's, and keeps the level", () => {
    const out = capture();
    const root = createLogger({ level: "info", fields: { node: "n1", area: "root" }, write: out.write });
    const child = root.child({ area: "http", requestId: "r-1" });
    const grandchild = child.child({ chatId: "971500000001" });
    grandchild.debug("not written");
    grandchild.info("hello", { requestId: "r-2" });
    root.info("plain");
    expect(out.records()).toMatchObject([
      { msg: "hello", node: "n1", area: "http", requestId: "r-2", chatId: "971500000001" },
      { msg: "plain", node: "n1", area: "root" },
    ]);
    expect(out.records()[1]).not.toHaveProperty("requestId");
  });

  test("an Error under err is written as its name and message", () => {
    const out = capture();
    class WazzupError extends Error {
      override name = "WazzupError";
    }
    createLogger({ write: out.write }).error("send failed", { err: new WazzupError("429 too many") });
    expect(out.records()[0].err).toEqual({ name: "WazzupError", message: "429 too many" });
  });
});
