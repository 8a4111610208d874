/**
 * Admin commands on a two-node cluster (Redis bus, shared SQLite): whichever node takes the request, the
 * command travels to the node that owns the chat, and the answer shows the change that node applied.
 */
import { afterAll, expect, test } from "bun:test";
import { shardOf } from "../../src/runtime/bus/shards.ts";
import { type Cluster, type RedisServer, startCluster, startRedisServer } from "../support/cluster.ts";
import { inboundText } from "../support/fake-wazzup.ts";

const shardCount = 8;
const chatId = "971500000777";
let redis: RedisServer | undefined;
let cluster: Cluster | undefined;
afterAll(async () => {
  await cluster?.stop();
  await redis?.stop();
});

test("a change sent to either node answers with the owner's applied state", async () => {
  redis = await startRedisServer();
  cluster = await startCluster({ nodes: ["a", "b"], redis, shardCount, debounceMs: 100 });
  const leases = await cluster.waitForOwners(["a", "b"]);
  await cluster.post(inboundText({ chatId, text: "Hello" }));
  await cluster.wazzup.waitForSent(1, 15_000);

  const owner = leases.get(shardOf(chatId, shardCount))!;
  const other = owner === "a" ? "b" : "a";
  const api = async (node: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${cluster!.nodes.get(node)!.url}${path}`, {
      method,
      headers: { authorization: "Bearer cluster-test-admin-key", "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const { body: list } = await api(other, "GET", `/api/v1/conversations?phone=${chatId}`);
  const id = list.items[0].id;

  for (const [node, stage] of [
    [other, "quoting"],
    [owner, "solution"],
    [other, "closing"],
  ] as const) {
    const { status, body } = await api(node, "PATCH", `/api/v1/conversations/${id}`, { salesStage: stage });
    expect({ node, status, stage: body.salesStage }).toEqual({ node, status: 200, stage });
  }
  expect((await api(other, "POST", `/api/v1/conversations/${id}/resume`)).body.status).toBe("active");
  expect((await api(other, "POST", `/api/v1/conversations/${id}/handoff`)).body.status).toBe("handoff");
  const reply = await api(other, "POST", `/api/v1/conversations/${id}/messages`, { text: "Omar here" });
  expect(reply.status).toBe(201);
  const sent = await cluster.wazzup.waitForSent(2, 15_000);
  expect(sent[1]).toMatchObject({ chatId, text: "Omar here" });
}, 60_000);
