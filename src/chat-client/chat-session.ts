/**
 * One terminal conversation: each input line becomes a customer message on the webhook; a background poll
 * prints the bot's and operators' messages once the outbox has delivered them (sent, or failed for good),
 * which is also when the console sink "delivers" without a Wazzup account. When the input ends right after
 * a message, the session waits a while for its answer, so `echo hi | bun run chat` shows the reply.
 */
import { abortableSleep } from "../util/retry.ts";
import { ChatClientError } from "./chat-client-error.ts";
import type { ChatMessage, NoorClient } from "./noor-client.ts";

export interface ChatSessionOptions {
  client: NoorClient;
  chatId: string;
  channelId: string;
  contactName: string;
  lines: AsyncIterable<string>;
  print: (text: string) => void;
  pollMs?: number;
  /** After the input ends, how long to wait for the answer to the last message sent. */
  waitOnEndMs?: number;
}

const labels = { assistant: "noor", operator: "operator", user: "you" } as const;

export function formatReply(m: ChatMessage): string {
  const label = `${labels[m.role]} › `;
  const body = (m.text ?? `[${m.kind}]`).split("\n").join(`\n${" ".repeat(label.length)}`);
  return m.deliveryStatus === "failed" ? `${label}${body}  (not delivered)` : `${label}${body}`;
}

export async function runChatSession({
  client,
  chatId,
  channelId,
  contactName,
  lines,
  print,
  pollMs = 500,
  waitOnEndMs = 15_000,
}: ChatSessionOptions): Promise<void> {
  const seen = new Set<string>();
  for (const m of (await client.latestConversation(chatId))?.messages ?? []) seen.add(m.id);
  let awaitingReply = false;
  let pollError: string | null = null;

  const poll = async () => {
    let latest: Awaited<ReturnType<NoorClient["latestConversation"]>>;
    try {
      latest = await client.latestConversation(chatId);
    } catch (error) {
      const message = (error as Error).message;
      if (pollError !== message) print(`(${message})`);
      pollError = message;
      return;
    }
    if (pollError) print("(connected again)");
    pollError = null;
    for (const m of latest?.messages ?? []) {
      if (seen.has(m.id) || m.role === "user" || m.deliveryStatus === "pending") continue;
      seen.add(m.id);
      awaitingReply = false;
      print(formatReply(m));
    }
  };

  const stop = new AbortController();
  const polling = (async () => {
    while (!stop.signal.aborted) {
      await poll();
      await abortableSleep(pollMs, stop.signal).catch(() => {});
    }
  })();

  try {
    for await (const raw of lines) {
      const text = raw.trim();
      if (text === "/quit") break;
      if (text === "") continue;
      try {
        await client.sendCustomerMessage({ chatId, channelId, text, contactName });
        awaitingReply = true;
      } catch (error) {
        if (ChatClientError.isUnreachable(error)) print(`(not sent: ${error.message})`);
        else throw error;
      }
    }
    const deadline = Date.now() + waitOnEndMs;
    while (awaitingReply && Date.now() < deadline) await abortableSleep(Math.min(pollMs, 100));
  } finally {
    stop.abort();
    await polling;
  }
}
