/**
 * Wazzup API v3 wire shapes (shared/reference/wazzup.md). Responses and webhooks are
 * parsed leniently: Wazzup adds fields and changes casing without notice, so unknown
 * fields are dropped, and a wrongly typed optional field becomes `undefined` rather
 * than failing the whole entry. Only the fields we cannot act without are required.
 */
import { z } from "zod";
import { WazzupWebhookError } from "./wazzup-webhook-error.ts";

export const chatTypes = [
  "whatsapp",
  "whatsgroup",
  "viber",
  "instagram",
  "telegram",
  "telegroup",
  "vk",
  "avito",
  "max",
  "maxgroup",
] as const;
export const ChatType = z.enum(chatTypes);
export type ChatType = z.infer<typeof ChatType>;

/** An optional field that is dropped (not fatal) when Wazzup sends it with an unexpected type. */
const optional = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);
const id = z.string().trim().min(1);
/** Booleans have been seen as `"true"` strings in Wazzup answers. */
const flag = z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")]);
/** ISO date strings in webhooks; epoch milliseconds in some bodies. */
const time = z.union([z.string(), z.number()]);

// ── POST /v3/message ────────────────────────────────────────────────────────────────

/** Text and contentUri are mutually exclusive; a template send carries neither. */
export const SendMessageBody = z
  .object({
    channelId: id,
    chatType: ChatType,
    chatId: id,
    text: z
      .string()
      .refine((t) => t.trim() !== "", "text is blank")
      .optional(),
    contentUri: z.url().optional(),
    templateId: id.optional(),
    templateValues: z.array(z.string()).optional(),
    crmMessageId: id.optional(),
    clearUnanswered: z.boolean().optional(),
  })
  .refine((b) => [b.text, b.contentUri, b.templateId].filter((v) => v !== undefined).length === 1, {
    message: "exactly one of text, contentUri, templateId",
  });
export type SendMessageBody = z.infer<typeof SendMessageBody>;

export const SendMessageResult = z.object({ messageId: id, chatId: optional(z.string()) });
export type SendMessageResult = z.infer<typeof SendMessageResult>;

/** 4xx bodies: empty, or `{error, description, data}`; the send route adds `status` and `requestId`. */
export const ErrorBody = z.object({
  error: optional(z.string()),
  description: optional(z.string()),
  data: z.unknown().optional(),
  status: optional(z.number()),
  requestId: optional(z.string()),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

// ── GET /v3/channels, GET /v3/templates/whatsapp ──────────────────────────────────────

export const Channel = z.object({
  channelId: id,
  /** `whatsapp` (personal), `wapi` (WABA), `instagram`, `tgapi`, `telegram`, `vk`, `avito`, … */
  transport: z.string(),
  plainId: optional(z.string()),
  /** Casing differs between pages; compare case-insensitively, unknown = not active. */
  state: z.string(),
  name: optional(z.string()),
});
export type Channel = z.infer<typeof Channel>;

export const TemplateComponent = z.object({
  type: z.string(),
  format: optional(z.string()),
  text: optional(z.string()),
  example: z.unknown().optional(),
  buttons: optional(z.array(z.unknown())),
});
export type TemplateComponent = z.infer<typeof TemplateComponent>;

export const Template = z.object({
  templateGuid: id,
  title: optional(z.string()),
  name: optional(z.string()),
  category: optional(z.string()),
  language: optional(z.string()),
  /** `approved`, `pending`, `rejected`, `paused`, `disabled`, `archived`: any casing. */
  status: optional(z.string()),
  channels: optional(z.array(z.string())),
  components: optional(z.array(TemplateComponent)),
  /** `@template: <guid> { [[var1]]; [[var2]] }`: gives the order of `templateValues`. */
  templateCode: optional(z.string()),
});
export type Template = z.infer<typeof Template>;

// ── Webhook bodies ─────────────────────────────────────────────────────────────────────

const ErrorInfo = z.object({
  error: optional(z.string()),
  description: optional(z.string()),
  data: z.unknown().optional(),
});

export const WebhookMessage = z
  .object({
    messageId: id,
    /** Required for inbound messages; echoes have been seen without it. */
    channelId: optional(id),
    chatType: z.string().trim().min(1),
    chatId: id,
    dateTime: optional(time),
    /** `text`, `image`, `audio`, `video`, `document`, `vcard`, `geo`, `wapi_template`, `missing_call`, `unsupported`, … */
    type: optional(z.string()),
    isEcho: flag.catch(false),
    /** `inbound` for the customer's messages; a delivery status for echoes. */
    status: optional(z.string()),
    text: optional(z.string()),
    contentUri: optional(z.string()),
    contact: optional(
      z.object({
        name: optional(z.string()),
        avatarUri: optional(z.string()),
        username: optional(z.string()),
        phone: optional(z.string()),
      }),
    ),
    authorName: optional(z.string()),
    authorId: optional(z.string()),
    sentFromApp: optional(flag),
    isEdited: optional(flag),
    isDeleted: optional(flag),
    error: optional(ErrorInfo),
  })
  .refine((m) => m.isEcho || m.channelId !== undefined, {
    message: "channelId is required for inbound messages",
    path: ["channelId"],
  });
export type WebhookMessage = z.infer<typeof WebhookMessage>;

export const WebhookStatus = z.object({
  messageId: id,
  /** `sent`, `delivered`, `read`, `error`, `edited`; unknown values are kept for the mapper to ignore. */
  status: z.string().trim().min(1),
  timestamp: optional(time),
  error: optional(ErrorInfo),
});
export type WebhookStatus = z.infer<typeof WebhookStatus>;

export interface InvalidWebhookEntry {
  kind: "message" | "status";
  /** Position in its array; -1 when the field itself was not a list. */
  index: number;
  reason: string;
}

export interface WebhookBody {
  /** Wazzup's `{"test": true}` ping when the webhook URL is registered: answer 200. */
  test: boolean;
  messages: WebhookMessage[];
  statuses: WebhookStatus[];
  invalid: InvalidWebhookEntry[];
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

const describeIssues = (error: z.ZodError) =>
  error.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; ");

function parseEntries<T>(
  value: unknown,
  { kind, schema }: { kind: InvalidWebhookEntry["kind"]; schema: z.ZodType<T> },
): { valid: T[]; invalid: InvalidWebhookEntry[] } {
  if (value === undefined || value === null) return { valid: [], invalid: [] };
  if (!Array.isArray(value)) {
    return { valid: [], invalid: [{ kind, index: -1, reason: `${kind}s is not an array` }] };
  }
  const valid: T[] = [];
  const invalid: InvalidWebhookEntry[] = [];
  value.forEach((entry, index) => {
    const parsed = schema.safeParse(entry);
    if (parsed.success) valid.push(parsed.data);
    else invalid.push({ kind, index, reason: describeIssues(parsed.error) });
  });
  return { valid, invalid };
}

/**
 * Reads a webhook POST per entry: one malformed entry is reported in `invalid` and the
 * rest of the batch is kept, so a single odd message never makes Wazzup's delivery fail.
 * Throws `WazzupWebhookError` (→ 400) only when the body is not a JSON object at all.
 */
export function parseWebhookBody(json: unknown): WebhookBody {
  if (!isRecord(json)) throw new WazzupWebhookError("webhook body is not a JSON object");
  const messages = parseEntries(json.messages, { kind: "message", schema: WebhookMessage });
  const statuses = parseEntries(json.statuses, { kind: "status", schema: WebhookStatus });
  return {
    test: json.test === true || json.test === "true",
    messages: messages.valid,
    statuses: statuses.valid,
    invalid: [...messages.invalid, ...statuses.invalid],
  };
}
