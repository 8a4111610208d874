/** The 24-hour check against a fake Wazzup over HTTP: transports, cache lifetime, failures. */
import { afterEach, beforeEach, expect, test } from "bun:test";
import { createWhatsappWindow, whatsappWindowMs } from "../../../src/http/admin/index.ts";
import { createWazzupClient } from "../../../src/integrations/wazzup/index.ts";
import { silentLogger } from "../../../src/log.ts";
import type { Conversation } from "../../../src/store/index.ts";
import { createFakeWazzup, type FakeWazzup, fakeChannelId } from "../../support/fake-wazzup.ts";

let wazzup: FakeWazzup;
let clock = 1_750_000_000_000;
const now = () => clock;
beforeEach(() => {
  wazzup = createFakeWazzup({
    channels: [{ channelId: fakeChannelId, transport: "wapi", plainId: "1", state: "active" }],
  });
});
afterEach(() => wazzup.stop());

const conversation = (lastInboundAt: number | null) =>
  ({ id: "c1", chatId: "971500000001", channelId: fakeChannelId, lastInboundAt }) as Conversation;

test("open within 24 h, closed after, closed when the customer never wrote", async () => {
  const window = createWhatsappWindow({
    wazzup: createWazzupClient({ baseUrl: wazzup.url, apiKey: wazzup.apiKey }),
    logger: silentLogger,
    now,
  });
  expect(await window.check(conversation(clock - whatsappWindowMs + 1000))).toEqual({ open: true });
  const closed = await window.check(conversation(clock - whatsappWindowMs - 1000));
  expect(closed).toMatchObject({ open: false, lastInboundAt: clock - whatsappWindowMs - 1000 });
  expect(await window.check(conversation(null))).toMatchObject({ open: false, lastInboundAt: null });
});

test("channels are cached for cacheMs, then read again", async () => {
  const window = createWhatsappWindow({
    wazzup: createWazzupClient({ baseUrl: wazzup.url, apiKey: wazzup.apiKey }),
    logger: silentLogger,
    cacheMs: 60_000,
    now,
  });
  const old = conversation(clock - 2 * whatsappWindowMs);
  expect((await window.check(old)).open).toBe(false);
  wazzup.channels = [{ channelId: fakeChannelId, transport: "whatsapp", plainId: "1", state: "active" }];
  clock += 59_000;
  expect((await window.check(conversation(clock - 2 * whatsappWindowMs))).open).toBe(false);
  clock += 2_000;
  expect((await window.check(conversation(clock - 2 * whatsappWindowMs))).open).toBe(true);
});

test("when Wazzup cannot list channels the message is let through (Wazzup itself has the last word)", async () => {
  const window = createWhatsappWindow({
    wazzup: createWazzupClient({ baseUrl: wazzup.url, apiKey: "not-the-key" }),
    logger: silentLogger,
    now,
  });
  expect(await window.check(conversation(clock - 2 * whatsappWindowMs))).toEqual({ open: true });
});

test("without a Wazzup client there is no window", async () => {
  const window = createWhatsappWindow({ wazzup: null, logger: silentLogger, now });
  expect(await window.check(conversation(null))).toEqual({ open: true });
});
