/**
 * The port the outbox sends through. Adapters: Wazzup (when WAZZUP_API_KEY is
 * set) and the console sink (replies are stored, logged and marked sent, so a
 * fresh machine can hold a conversation without a Wazzup account).
 */
import type { OutboxItem } from "../store/index.ts";

export interface SendResult {
  /** Wazzup's id, or null when the send was recognised as a repeat of one already made. */
  wazzupMessageId: string | null;
}

export interface MessageSender {
  readonly name: string;
  /**
   * Throws on failure; errors with `retryable: true` (and optional
   * `retryAfterMs`) are retried by the outbox, anything else fails the part.
   */
  send(item: OutboxItem): Promise<SendResult>;
}
