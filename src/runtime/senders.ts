/** MessageSender adapters: Wazzup's API, or the console sink when no Wazzup key is set. */
import { type ChatType, chatTypes, type WazzupClient } from "../integrations/wazzup/index.ts";
import type { Logger } from "../log.ts";
import type { OutboxItem } from "../store/index.ts";
import type { MessageSender } from "./message-sender.ts";

const asChatType = (t: string): ChatType =>
  (chatTypes as readonly string[]).includes(t) ? (t as ChatType) : "whatsapp";

export function createWazzupSender(client: WazzupClient): MessageSender {
  return {
    name: "wazzup",
    async send(item: OutboxItem) {
      const target = {
        channelId: item.channelId,
        chatType: asChatType(item.chatType),
        chatId: item.chatId,
        crmMessageId: item.crmMessageId,
      };
      const result = item.templateId
        ? await client.sendTemplate({
            ...target,
            templateId: item.templateId,
            templateValues: item.templateValues ?? [],
          })
        : item.contentUri
          ? await client.sendMedia({ ...target, contentUri: item.contentUri })
          : await client.sendText({ ...target, text: item.text ?? "" });
      return { wazzupMessageId: result.messageId };
    },
  };
}

/**
 * Without Wazzup keys replies are stored and logged, not sent: each part is
 * marked sent with a local id, and `bun run chat` reads them from the store.
 */
export function createConsoleSender(logger: Logger): MessageSender {
  return {
    name: "console",
    async send(item: OutboxItem) {
      logger.info("reply (console sink; WAZZUP_API_KEY is not set)", {
        chatId: item.chatId,
        part: item.part,
        text: item.text,
        contentUri: item.contentUri,
      });
      return { wazzupMessageId: `console-${item.id}` };
    },
  };
}
