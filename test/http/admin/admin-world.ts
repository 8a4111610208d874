/**
 * A running Noor (real composition root, in-memory SQLite, no LLM key) pointed at a fake Wazzup, with
 * helpers to play the customer and read conversations back through the admin API.
 */
import {
  createFakeWazzup,
  type FakeChannel,
  type FakeWazzup,
  inboundMedia,
  inboundText,
} from "../../support/fake-wazzup.ts";
import { eventually, type Harness, startNoor } from "../../support/noor-harness.ts";

export interface AdminWorld {
  wazzup: FakeWazzup;
  noor: Harness;
  /** Posts a customer's text (or a voice note) through the webhook; resolves with the conversation id. */
  customerWrites(chatId: string, text: string): Promise<string>;
  customerSendsVoiceNote(chatId: string): Promise<string>;
  /** GET through the admin API, parsed. */
  get(path: string): Promise<any>;
  /** A JSON request through the admin API: status and parsed body. */
  send(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  stop(): Promise<void>;
}

export async function startAdminWorld({
  channels,
  withWazzup = true,
}: {
  channels?: FakeChannel[];
  withWazzup?: boolean;
} = {}): Promise<AdminWorld> {
  const wazzup = createFakeWazzup(channels ? { channels } : {});
  const noor = await startNoor(
    withWazzup ? { WAZZUP_API_URL: wazzup.url, WAZZUP_API_KEY: wazzup.apiKey } : {},
  );
  const store = noor.noor.store;
  const postAndFind = async (chatId: string, body: unknown) => {
    const res = await noor.postWebhook(body);
    if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
    const c = await eventually(() => store.conversations.findOpen(chatId));
    return c.id;
  };
  return {
    wazzup,
    noor,
    customerWrites: (chatId, text) => postAndFind(chatId, inboundText({ chatId, text })),
    customerSendsVoiceNote: (chatId) =>
      postAndFind(chatId, inboundMedia({ chatId, type: "audio", contentUri: "https://media.example/v.ogg" })),
    async get(path) {
      const res = await noor.admin(path);
      if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${await res.text()}`);
      return res.json();
    },
    async send(method, path, body) {
      const res = await noor.admin(path, {
        method,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
    async stop() {
      await noor.stop();
      await wazzup.stop();
    },
  };
}
