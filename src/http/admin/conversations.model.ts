/** Request and response schemas of /api/v1/conversations (validation, types and OpenAPI in one place). */
import { t } from "elysia";
import { stageIds } from "../../sales/index.ts";
import { conversationStatuses, languages } from "../../store/index.ts";
import { ErrorResponse, IsoTime, oneOf } from "./common.model.ts";

/** Stages come from the statechart, never from a second list. */
export const StageField = oneOf(stageIds, "stage");
export const StatusField = oneOf(conversationStatuses, "status");
export const LanguageField = oneOf(languages, "language");

export const ConversationResponse = t.Object({
  id: t.String(),
  chatId: t.String({ description: "The customer's WhatsApp number (digits, country code first)" }),
  channelId: t.String(),
  chatType: t.String(),
  customerName: t.Nullable(t.String()),
  companyName: t.Nullable(t.String()),
  email: t.Nullable(t.String()),
  language: t.Nullable(LanguageField),
  salesStage: StageField,
  status: StatusField,
  createdAt: IsoTime,
  updatedAt: IsoTime,
});
export type ConversationResponse = typeof ConversationResponse.static;

export const MessageResponse = t.Object({
  id: t.String(),
  role: oneOf(["user", "assistant", "operator"], "role"),
  kind: t.String({ description: "text, image, audio, video, document, location, vcard, template, …" }),
  text: t.Nullable(t.String()),
  contentUri: t.Nullable(t.String()),
  createdAt: IsoTime,
  model: t.Nullable(t.String()),
  tokensIn: t.Nullable(t.Number()),
  tokensOut: t.Nullable(t.Number()),
  cost: t.Nullable(t.Number({ description: "LLM cost of this message in USD" })),
  deliveryStatus: t.Nullable(
    t.String({ description: "Our messages only: pending, sent, delivered, read, error, failed" }),
  ),
});
export type MessageResponse = typeof MessageResponse.static;

export const ConversationDetailResponse = t.Composite([
  ConversationResponse,
  t.Object({
    cost: t.Number({ description: "LLM cost of the whole conversation in USD" }),
    messages: t.Array(MessageResponse, { description: "Oldest first" }),
  }),
]);

export const ConversationListQuery = t.Object({
  status: t.Optional(StatusField),
  phone: t.Optional(
    t.String({
      minLength: 1,
      maxLength: 32,
      description: "Part of the customer's number",
      error: "phone must be 1 to 32 characters",
    }),
  ),
  language: t.Optional(LanguageField),
  stage: t.Optional(StageField),
  page: t.Integer({
    minimum: 1,
    default: 1,
    description: "1-based",
    error: "page must be a whole number >= 1",
  }),
  perPage: t.Integer({
    minimum: 1,
    maximum: 100,
    default: 20,
    error: "perPage must be a whole number from 1 to 100",
  }),
});

export const ConversationListResponse = t.Object({
  items: t.Array(ConversationResponse, { description: "Newest activity first" }),
  total: t.Integer(),
  page: t.Integer(),
  perPage: t.Integer(),
});

export const ConversationPatchBody = t.Object(
  {
    status: t.Optional(StatusField),
    salesStage: t.Optional(StageField),
    customerName: t.Optional(
      t.Nullable(t.String({ minLength: 1, maxLength: 200 }), {
        error: "customerName must be 1 to 200 characters, or null to clear it",
      }),
    ),
  },
  { minProperties: 1, error: "send at least one of status, salesStage, customerName" },
);
export type ConversationPatchBody = typeof ConversationPatchBody.static;

export const HandoffBody = t.Optional(
  t.Object({ reason: t.Optional(t.String({ maxLength: 500, description: "Why a human takes over" })) }),
);

export const OperatorMessageBody = t.Object({
  text: t.String({
    minLength: 1,
    maxLength: 10_000,
    pattern: "\\S",
    error: "text must be a non-blank string of at most 10000 characters",
  }),
});

export const OperatorMessageResponse = t.Object({
  message: MessageResponse,
  conversation: ConversationResponse,
});

/** 409 outside WhatsApp's 24-hour window: the approved templates to use instead. */
export const WindowClosedResponse = t.Object({
  error: t.Object({
    code: t.Literal("conflict"),
    message: t.String(),
    requestId: t.Optional(t.String()),
    rule: t.Literal("whatsapp_24h_window"),
    lastInboundAt: t.Nullable(IsoTime),
    templates: t.Array(
      t.Object({ name: t.String(), templateGuid: t.String(), language: t.Nullable(t.String()) }),
    ),
  }),
});

export const conversationErrors = { 404: ErrorResponse, 409: ErrorResponse } as const;
