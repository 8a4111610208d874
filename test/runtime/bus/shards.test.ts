import { describe, expect, test } from "bun:test";
import { fnv1a32, ownerOf, shardOf, shardsOwnedBy } from "../../../src/runtime/bus/shards.ts";
import { chatIds } from "../../support/cluster.ts";

const owners = (nodes: string[], shardCount: number) =>
  Array.from({ length: shardCount }, (_, s) => ownerOf(s, nodes));

describe("shardOf", () => {
  test("is FNV-1a 32 (published test vectors) modulo the shard count", () => {
    expect(fnv1a32("")).toBe(0x811c9dc5);
    expect(fnv1a32("a")).toBe(0xe40c292c);
    expect(fnv1a32("foobar")).toBe(0xbf9cf968);
    expect(shardOf("foobar", 64)).toBe(0xbf9cf968 % 64);
    // Over UTF-8 bytes, so a non-ASCII id hashes the same everywhere.
    expect(fnv1a32("é")).toBe(fnv1a32("\u00e9"));
  });

  test("spreads 10,000 phone numbers over 64 shards within ±30% of even", () => {
    const counts = new Array(64).fill(0);
    for (const chatId of chatIds(10_000)) counts[shardOf(chatId, 64)]++;
    expect(Math.min(...counts)).toBeGreaterThan(156 * 0.7);
    expect(Math.max(...counts)).toBeLessThan(156 * 1.3);
  });
});

describe("rendezvous ownership", () => {
  test("every shard has exactly one owner, the same whatever order the nodes are listed in", () => {
    const nodes = ["node-a", "node-b", "node-c"];
    const assigned = owners(nodes, 64);
    expect(owners([...nodes].reverse(), 64)).toEqual(assigned);
    const byNode = nodes.map((node) => shardsOwnedBy({ node, nodes, shardCount: 64 }));
    expect(byNode.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 64 }, (_, s) => s));
    expect(ownerOf(0, [])).toBeNull();
  });

  test("shards spread evenly: over 200 random 3-node clusters the busiest node averages < 1.3× its fair share", () => {
    let sum = 0;
    for (let t = 0; t < 200; t++) {
      const nodes = [0, 1, 2].map((i) => `host-${t}-${i}-${(t * 7919 + i * 104729).toString(36)}`);
      const loads = nodes.map((node) => shardsOwnedBy({ node, nodes, shardCount: 64 }).length);
      expect(Math.min(...loads)).toBeGreaterThan(0);
      sum += Math.max(...loads) / (64 / 3);
    }
    expect(sum / 200).toBeLessThan(1.3);
  });

  test("a joining node takes shards only for itself; a dead node's shards are the only ones that move", () => {
    const three = ["n1", "n2", "n3"];
    const before = owners(three, 256);
    const joined = owners([...three, "n4"], 256);
    const moved = before.map((o, s) => (o === joined[s] ? null : s)).filter((s) => s !== null);
    expect(moved.length).toBeGreaterThan(256 / 4 / 2);
    expect(moved.every((s) => joined[s] === "n4")).toBe(true);

    const afterDeath = owners(["n1", "n3"], 256);
    before.forEach((owner, s) => {
      if (owner !== "n2") expect(afterDeath[s]).toBe(owner);
      else expect(afterDeath[s] === "n1" || afterDeath[s] === "n3").toBe(true);
    });
  });
});
