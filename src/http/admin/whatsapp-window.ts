/**
 * WhatsApp Business accounts (Wazzup transport `wapi`) accept free-form messages only within 24 hours of
 * the customer's last message; after that only approved templates go through. Personal WhatsApp channels
 * have no such rule. Channels and templates are read from Wazzup and kept for a minute: an operator sending
 * several messages should not cost an API call each.
 */
import type { Channel, Template, WazzupClient } from "../../integrations/wazzup/index.ts";
import type { Logger } from "../../log.ts";
import type { Conversation } from "../../store/index.ts";

export const whatsappWindowMs = 24 * 60 * 60 * 1000;

export interface TemplateRef {
  name: string;
  templateGuid: string;
  language: string | null;
}

export type WindowVerdict =
  | { open: true }
  | { open: false; lastInboundAt: number | null; templates: TemplateRef[] };

export interface WhatsappWindow {
  check(conversation: Conversation): Promise<WindowVerdict>;
}

/** One load shared by concurrent callers and kept for `ttlMs`; a failed load is not kept. */
function cachedFor<T>({ ttlMs, load, now }: { ttlMs: number; load: () => Promise<T>; now: () => number }) {
  let entry: { value: Promise<T>; until: number } | null = null;
  return () => {
    if (entry && entry.until > now()) return entry.value;
    const value = load();
    const current = { value, until: now() + ttlMs };
    entry = current;
    value.catch(() => {
      if (entry === current) entry = null;
    });
    return value;
  };
}

const isApproved = (t: Template) => t.status?.toLowerCase() === "approved";

export function createWhatsappWindow({
  wazzup,
  logger,
  cacheMs = 60_000,
  now = Date.now,
}: {
  /** Null without WAZZUP_API_KEY: replies go to the console sink and no window applies. */
  wazzup: WazzupClient | null;
  logger: Logger;
  cacheMs?: number;
  now?: () => number;
}): WhatsappWindow {
  if (!wazzup) return { check: async () => ({ open: true }) };
  const channels = cachedFor<Channel[]>({ ttlMs: cacheMs, load: () => wazzup.listChannels(), now });
  const templates = cachedFor<Template[]>({ ttlMs: cacheMs, load: () => wazzup.listTemplates(), now });

  return {
    async check(conversation) {
      const { lastInboundAt, channelId } = conversation;
      if (lastInboundAt !== null && now() - lastInboundAt < whatsappWindowMs) return { open: true };
      let transport: string | undefined;
      try {
        transport = (await channels()).find((c) => c.channelId === channelId)?.transport;
      } catch (err) {
        // Unknown transport: let the send go; Wazzup refuses it if the rule applies (a failed delivery).
        logger.warn("cannot read Wazzup channels to check the 24-hour rule", { err, channelId });
        return { open: true };
      }
      if (transport !== "wapi") return { open: true };
      const usable = await templates().catch((err) => {
        logger.warn("cannot read Wazzup templates", { err });
        return [] as Template[];
      });
      return {
        open: false,
        lastInboundAt,
        templates: usable
          .filter((t) => isApproved(t) && (!t.channels?.length || t.channels.includes(channelId)))
          .map((t) => ({
            name: t.name ?? t.title ?? t.templateGuid,
            templateGuid: t.templateGuid,
            language: t.language ?? null,
          })),
      };
    },
  };
}
