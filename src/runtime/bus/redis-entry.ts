/**
 * A shard stream entry: field `c` is the chat id, `m` the ChatCommand as
 * JSON. Entries are read back through a schema (anything can write to Redis),
 * so a malformed one is set aside instead of reaching an actor.
 */
import { z } from "zod";
import { stages } from "../../store/index.ts";
import type { ChatCommand } from "./chat-bus.ts";

const base = { conversationId: z.string().min(1), at: z.number().finite() };

const commandSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("inbound"), messageId: z.string().min(1), ...base }),
  z.object({ type: z.literal("recover"), ...base }),
  z.object({ type: z.literal("handoff"), reason: z.string(), ...base }),
  z.object({ type: z.literal("resume"), ...base }),
  z.object({ type: z.literal("set_stage"), stage: z.enum(stages), ...base }),
  z.object({ type: z.literal("operator_replied"), takeOver: z.boolean(), ...base }),
  z.object({ type: z.literal("close"), ...base }),
]) satisfies z.ZodType<ChatCommand>;

export function encodeEntry(chatId: string, command: ChatCommand): string[] {
  return ["c", chatId, "m", JSON.stringify(command)];
}

/** The chat id and command of an entry's fields, or null when they are not a valid command. */
export function decodeEntry(
  fields: readonly string[] | null,
): { chatId: string; command: ChatCommand } | null {
  if (!fields) return null;
  const map = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) map.set(fields[i]!, fields[i + 1]!);
  const chatId = map.get("c");
  const raw = map.get("m");
  if (!chatId || raw === undefined) return null;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return null;
  }
  const parsed = commandSchema.safeParse(json);
  return parsed.success ? { chatId, command: parsed.data } : null;
}
