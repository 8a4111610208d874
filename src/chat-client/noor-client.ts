/**
 * The terminal chat's view of a running Noor, over its public HTTP surface only: the Wazzup webhook (it
 * plays the customer) and the admin API (it reads what was delivered back).
 */
import { ChatClientError } from "./chat-client-error.ts";

export interface ChatMessage {
  id: string;
  role: "user" | "assistant" | "operator";
  text: string | null;
  kind: string;
  deliveryStatus: string | null;
}

export interface NoorClient {
  /** Checks the server answers and takes both secrets; throws a ChatClientError saying what is wrong. */
  verify(): Promise<void>;
  /** Posts a Wazzup-shaped webhook with one customer text message. */
  sendCustomerMessage(input: {
    chatId: string;
    channelId: string;
    text: string;
    contactName: string;
  }): Promise<void>;
  /** The chat's newest conversation with its messages (oldest first), or null before the first message. */
  latestConversation(chatId: string): Promise<{ id: string; status: string; messages: ChatMessage[] } | null>;
}

export function createNoorClient({
  url,
  webhookToken,
  adminKey,
  fetch = globalThis.fetch,
}: {
  url: string;
  webhookToken: string;
  adminKey: string;
  fetch?: typeof globalThis.fetch;
}): NoorClient {
  const base = url.replace(/\/+$/, "");

  const call = async (path: string, init: RequestInit = {}): Promise<Response> => {
    try {
      return await fetch(`${base}${path}`, { ...init, signal: AbortSignal.timeout(10_000) });
    } catch (cause) {
      throw new ChatClientError(
        "unreachable",
        `cannot reach Noor at ${base}: is the server running? Start it with \`bun start\` (or pass --url)`,
        { cause },
      );
    }
  };

  const admin = async <T>(path: string): Promise<T> => {
    const res = await call(path, { headers: { authorization: `Bearer ${adminKey}` } });
    if (res.status === 401) {
      throw new ChatClientError(
        "unauthorized",
        "the admin API key was refused: pass --key or set ADMIN_API_KEY to the server's key",
        { status: 401 },
      );
    }
    if (!res.ok)
      throw new ChatClientError("rejected", `GET ${path} answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as T;
  };

  const postWebhook = async (body: unknown) => {
    const res = await call(`/webhooks/wazzup/${encodeURIComponent(webhookToken)}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (res.status === 401) {
      throw new ChatClientError(
        "unauthorized",
        "the webhook token was refused: pass --token or set WEBHOOK_TOKEN to the server's token",
        { status: 401 },
      );
    }
    if (!res.ok)
      throw new ChatClientError("rejected", `the webhook answered ${res.status}: ${await res.text()}`);
  };

  return {
    async verify() {
      const res = await call("/health");
      if (!res.ok)
        throw new ChatClientError("unreachable", `${base}/health answered ${res.status}: is this Noor?`);
      // Wazzup's own registration ping: proves the token without storing anything.
      await postWebhook({ test: true });
      await admin("/api/v1/conversations?perPage=1");
    },

    async sendCustomerMessage({ chatId, channelId, text, contactName }) {
      const body = {
        messages: [
          {
            messageId: crypto.randomUUID(),
            dateTime: new Date().toISOString(),
            channelId,
            chatType: "whatsapp",
            chatId,
            type: "text",
            isEcho: false,
            status: "inbound",
            contact: { name: contactName },
            text,
          },
        ],
      };
      await postWebhook(body);
    },

    async latestConversation(chatId) {
      const list = await admin<{ items: { id: string; chatId: string }[] }>(
        `/api/v1/conversations?phone=${encodeURIComponent(chatId)}&perPage=100`,
      );
      // `phone` is a partial match: another number may contain ours.
      const found = list.items.find((c) => c.chatId === chatId);
      if (!found) return null;
      return admin<{ id: string; status: string; messages: ChatMessage[] }>(
        `/api/v1/conversations/${found.id}`,
      );
    },
  };
}
