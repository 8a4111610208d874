/** POST /api/v1/conversations/:id/messages: an operator writes to the customer through Wazzup. */
import { afterEach, describe, expect, test } from "bun:test";
import {
  defaultFakeTemplates,
  type FakeChannel,
  fakeChannelId,
  fakeTemplateId,
} from "../../support/fake-wazzup.ts";
import { eventually } from "../../support/noor-harness.ts";
import { type AdminWorld, startAdminWorld } from "./admin-world.ts";

let world: AdminWorld;
afterEach(() => world.stop());

const hourMs = 3_600_000;
const wabaChannel: FakeChannel = {
  channelId: fakeChannelId,
  transport: "wapi",
  plainId: "971500000009",
  state: "active",
  name: "Treejar WABA",
};

/** A conversation whose customer last wrote `ageMs` ago (stored through the real store, as ingress would). */
async function conversationLastHeardFrom(chatId: string, ageMs: number) {
  const recorded = await world.noor.noor.store.messages.recordInbound(
    {
      wazzupMessageId: crypto.randomUUID(),
      channelId: fakeChannelId,
      chatType: "whatsapp",
      chatId,
      kind: "text",
      text: "Please send me the quotation",
      contentUri: null,
      sentAt: Date.now() - ageMs,
    },
    Date.now() - ageMs,
  );
  return recorded.conversation.id;
}

const operatorSays = (id: string, text: string) =>
  world.send("POST", `/api/v1/conversations/${id}/messages`, { text });

describe("an operator message", () => {
  test("goes out through Wazzup, is stored as operator, and hands the chat to the operator", async () => {
    world = await startAdminWorld();
    const id = await world.customerSendsVoiceNote("971500000041");
    await world.wazzup.waitForSent(1);
    // Unanswered customer message, bot on:
    await world.send("POST", `/api/v1/conversations/${id}/handoff`);
    await world.customerWrites("971500000041", "Can I talk to a person?");
    await world.send("POST", `/api/v1/conversations/${id}/resume`);
    await world.wazzup.waitForSent(2);
    await world.customerSendsVoiceNote("971500000041");

    const { status, body } = await operatorSays(id, "Hello, this is Omar from Treejar. How can I help?");
    expect(status).toBe(201);
    expect(body.message).toMatchObject({
      role: "operator",
      text: "Hello, this is Omar from Treejar. How can I help?",
    });
    expect(body.conversation).toMatchObject({ id, status: "handoff" });

    const sent = await eventually(() =>
      world.wazzup.sent.find((m) => m.text === "Hello, this is Omar from Treejar. How can I help?"),
    );
    expect(sent).toMatchObject({ chatId: "971500000041", channelId: fakeChannelId, chatType: "whatsapp" });
    expect(sent.crmMessageId).toBeString();
    // The operator is talking: what was waiting counts as answered, and the bot does not add its own reply.
    expect(await world.noor.noor.store.messages.unanswered(id)).toHaveLength(0);
    await Bun.sleep(300);
    expect(world.wazzup.sent).toHaveLength(3);
    const detail = await eventually(async () => {
      const d = await world.get(`/api/v1/conversations/${id}`);
      return d.messages.at(-1).deliveryStatus === "sent" ? d : null;
    });
    expect(detail.messages.at(-1)).toMatchObject({ role: "operator", id: body.message.id });
    expect(world.noor.noor.runtime.registry.get("971500000041")?.snapshot().value).toMatchObject({
      inbox: "handoff",
    });
  });

  test("a long message goes out in parts within Wazzup's limit", async () => {
    world = await startAdminWorld();
    const id = await world.customerWrites("971500000042", "Hi");
    await world.wazzup.waitForSent(1);
    const paragraph = "Our ergonomic chairs come with a five-year warranty and free delivery in Dubai. ";
    const text = paragraph.repeat(30).trim();
    expect((await operatorSays(id, text)).status).toBe(201);
    const squash = (s: string) => s.replace(/\s+/g, " ");
    const parts = await eventually(() => {
      const out = world.wazzup.sent.slice(1).map((m) => m.text ?? "");
      return squash(out.join(" ")) === squash(text) ? out : null;
    });
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((p) => p.length <= 1000)).toBe(true);
    const operatorMessages = (await world.get(`/api/v1/conversations/${id}`)).messages.filter(
      (m: { role: string }) => m.role === "operator",
    );
    expect(operatorMessages).toHaveLength(1);
  });

  test.each([[{ text: "" }], [{ text: "   \n " }], [{}], [{ text: 7 }]])("body %j is 422", async (body) => {
    world = await startAdminWorld();
    const id = await world.customerWrites("971500000043", "Hi");
    const res = await world.send("POST", `/api/v1/conversations/${id}/messages`, body);
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe("invalid");
  });

  test("an unknown conversation is 404", async () => {
    world = await startAdminWorld();
    expect((await operatorSays("nope", "hello")).status).toBe(404);
  });
});

describe("WhatsApp's 24-hour rule", () => {
  test("on a WABA channel more than 24 h after the customer's last message: 409 with the approved templates", async () => {
    const rejected = {
      ...defaultFakeTemplates()[0]!,
      templateGuid: crypto.randomUUID(),
      name: "old_promo",
      status: "rejected",
    };
    const otherChannel = {
      ...defaultFakeTemplates()[0]!,
      templateGuid: crypto.randomUUID(),
      name: "other_line",
      channels: [crypto.randomUUID()],
    };
    world = await startAdminWorld({ channels: [wabaChannel] });
    world.wazzup.templates.push(rejected, otherChannel);
    const id = await conversationLastHeardFrom("971500000051", 25 * hourMs);

    const { status, body } = await operatorSays(id, "Hello again!");
    expect(status).toBe(409);
    expect(body.error).toMatchObject({ code: "conflict", rule: "whatsapp_24h_window" });
    expect(body.error.message).toContain("24-hour");
    expect(body.error.message).toContain("template");
    expect(Date.now() - Date.parse(body.error.lastInboundAt)).toBeGreaterThan(24 * hourMs);
    expect(body.error.templates).toEqual([
      { name: "quotation_follow_up", templateGuid: fakeTemplateId, language: "en" },
    ]);
    // Nothing stored, nothing sent, the bot's state untouched.
    const messages = (await world.get(`/api/v1/conversations/${id}`)).messages;
    expect(messages.map((m: { role: string }) => m.role)).toEqual(["user"]);
    await Bun.sleep(100);
    expect(world.wazzup.sent).toHaveLength(0);
  });

  test("on a WABA channel within 24 h the message goes out", async () => {
    world = await startAdminWorld({ channels: [wabaChannel] });
    const id = await conversationLastHeardFrom("971500000052", 23 * hourMs);
    expect((await operatorSays(id, "Your quotation is attached.")).status).toBe(201);
    const [sent] = await world.wazzup.waitForSent(1);
    expect(sent?.text).toBe("Your quotation is attached.");
  });

  test("a personal WhatsApp channel has no 24-hour rule", async () => {
    world = await startAdminWorld();
    const id = await conversationLastHeardFrom("971500000053", 72 * hourMs);
    expect((await operatorSays(id, "Following up on your order")).status).toBe(201);
    await world.wazzup.waitForSent(1);
  });

  test("the channel list is cached between messages", async () => {
    world = await startAdminWorld({ channels: [wabaChannel] });
    const id = await conversationLastHeardFrom("971500000054", 30 * hourMs);
    for (let i = 0; i < 3; i++) expect((await operatorSays(id, `attempt ${i}`)).status).toBe(409);
    // The fake keeps no log of GETs: change its answer; the cached list still says wapi.
    world.wazzup.channels = [{ ...wabaChannel, transport: "whatsapp" }];
    expect((await operatorSays(id, "still cached")).status).toBe(409);
  });
});

describe("without a Wazzup key", () => {
  test("the operator message is stored and delivered to the console sink", async () => {
    world = await startAdminWorld({ withWazzup: false });
    const id = await world.customerWrites("971500000061", "Hi");
    const { status } = await operatorSays(id, "Hi, Omar here");
    expect(status).toBe(201);
    const last = await eventually(async () => {
      const m = (await world.get(`/api/v1/conversations/${id}`)).messages.at(-1);
      return m.role === "operator" && m.deliveryStatus === "sent" ? m : null;
    });
    expect(last.text).toBe("Hi, Omar here");
    expect(world.wazzup.sent).toHaveLength(0);
  });
});
