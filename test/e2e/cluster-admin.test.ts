/**
 * Admin commands reach the node that owns the chat through the chat's shard
 * stream: the admin API is called on the node that does not own it, and the
 * owner's actor applies resume, a stage override and a handoff.
 */
import { afterAll, expect, test } from "bun:test";
import { shardOf } from "../../src/runtime/bus/shards.ts";
import {
  type Cluster,
  chatIds,
  type RedisServer,
  startCluster,
  startRedisServer,
} from "../support/cluster.ts";
import { inboundText } from "../support/fake-wazzup.ts";
import { eventually } from "../support/noor-harness.ts";

let redis: RedisServer | undefined;
let cluster: Cluster | undefined;
afterAll(async () => {
  await cluster?.stop();
  await redis?.stop();
});

test("resume, stage override and handoff, sent to the node that does not own the chat, are applied by its owner", async () => {
  redis = await startRedisServer();
  const c = await startCluster({ nodes: ["a1", "a2"], redis, shardCount: 8, debounceMs: 100 });
  cluster = c;
  const owners = await c.waitForOwners(["a1", "a2"]);
  const chatId = chatIds(1, 6)[0]!;
  const owner = owners.get(shardOf(chatId, 8))!;
  const other = c.nodes.get(owner === "a1" ? "a2" : "a1")!;
  const admin = (path: string, init: RequestInit = {}) =>
    fetch(`${other.url}/api/v1${path}`, {
      ...init,
      headers: { authorization: "Bearer cluster-test-admin-key", "content-type": "application/json" },
    });

  // No LLM: the holding reply hands the chat to a human.
  await c.post(inboundText({ chatId, text: "Hello" }));
  await eventually(() => c.wazzup.sent.length === 1, { timeoutMs: 5000 });
  const listed = (await (await admin(`/conversations?phone=${chatId}`)).json()) as {
    items: { id: string }[];
  };
  const id = listed.items[0]!.id;
  const status = async () =>
    ((await (await admin(`/conversations/${id}`)).json()) as { status: string }).status;
  await eventually(async () => (await status()) === "handoff");

  const resumed = await admin(`/conversations/${id}/resume`, { method: "POST" });
  expect(resumed.status).toBe(200);
  expect(await resumed.json()).toMatchObject({ status: "active" });

  const staged = await admin(`/conversations/${id}`, {
    method: "PATCH",
    body: JSON.stringify({ salesStage: "needs_analysis" }),
  });
  expect(await staged.json()).toMatchObject({ salesStage: "needs_analysis", status: "active" });

  const handed = await admin(`/conversations/${id}/handoff`, { method: "POST" });
  expect(await handed.json()).toMatchObject({ status: "handoff" });

  // The owner applied them: its actor's chart agrees, so a new message stays unanswered (handoff).
  await c.post(inboundText({ chatId, text: "Anyone there?" }));
  await Bun.sleep(500);
  expect(c.wazzup.sent).toHaveLength(1);
  const owning = c.nodes.get(owner)!;
  expect(owning.logs.some((l) => l.msg === "request" && String(l.route).includes("/api/v1"))).toBe(false);
}, 60_000);
