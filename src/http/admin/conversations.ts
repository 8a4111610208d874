/** /api/v1/conversations: list, detail, admin changes, handoff/resume, operator messages. */
import { Elysia, t } from "elysia";
import { adminErrors, ErrorResponse, IdParams } from "./common.model.ts";
import { conversationJson, messageJson } from "./conversation-json.ts";
import type { ConversationService } from "./conversation-service.ts";
import {
  ConversationDetailResponse,
  ConversationListQuery,
  ConversationListResponse,
  ConversationPatchBody,
  ConversationResponse,
  conversationErrors,
  HandoffBody,
  OperatorMessageBody,
  OperatorMessageResponse,
  WindowClosedResponse,
} from "./conversations.model.ts";

const tags = ["conversations"];

export function conversationRoutes({ conversations }: { conversations: ConversationService }) {
  return new Elysia({ name: "admin-conversations", prefix: "/conversations" })
    .get(
      "",
      async ({ query: { page, perPage, ...filter } }) => {
        const { items, total } = await conversations.list({ ...filter, page, perPage });
        return { items: items.map(conversationJson), total, page, perPage };
      },
      {
        query: ConversationListQuery,
        response: { 200: ConversationListResponse, ...adminErrors },
        detail: {
          tags,
          summary: "List conversations",
          description:
            "Filters: status, phone (part of the number), language, stage. Paging: page (1-based), perPage (max 100). Newest activity first.",
        },
      },
    )
    .get(
      "/:id",
      async ({ params }) => {
        const { conversation, messages, cost } = await conversations.detail(params.id);
        return { ...conversationJson(conversation), cost, messages: messages.map(messageJson) };
      },
      {
        params: IdParams,
        response: { 200: ConversationDetailResponse, ...adminErrors, 404: ErrorResponse },
        detail: { tags, summary: "One conversation with its messages (oldest first)" },
      },
    )
    .patch(
      "/:id",
      async ({ params, body }) => conversationJson(await conversations.change(params.id, body)),
      {
        params: IdParams,
        body: ConversationPatchBody,
        response: { 200: ConversationResponse, ...adminErrors, ...conversationErrors },
        detail: {
          tags,
          summary: "Change status, sales stage or customer name",
          description:
            "A stage change is an operator override sent to the chat's actor (any stage; recorded in the chart's stage history). status handoff = a human takes over, active = the bot resumes, closed = the conversation ends. Answers the conversation once the actor applied the change.",
        },
      },
    )
    .post(
      "/:id/handoff",
      async ({ params, body }) => conversationJson(await conversations.handoff(params.id, body?.reason)),
      {
        params: IdParams,
        body: HandoffBody,
        response: { 200: ConversationResponse, ...adminErrors, ...conversationErrors },
        detail: { tags, summary: "A human takes over: the bot stays silent until resumed" },
      },
    )
    .post("/:id/resume", async ({ params }) => conversationJson(await conversations.resume(params.id)), {
      params: IdParams,
      response: { 200: ConversationResponse, ...adminErrors, ...conversationErrors },
      detail: { tags, summary: "The bot resumes (and answers what is still unanswered)" },
    })
    .post(
      "/:id/messages",
      async ({ params, body, set }) => {
        const { message, conversation } = await conversations.sendOperatorMessage(params.id, body.text);
        set.status = 201;
        return { message: messageJson(message), conversation: conversationJson(conversation) };
      },
      {
        params: IdParams,
        body: OperatorMessageBody,
        response: {
          201: OperatorMessageResponse,
          ...adminErrors,
          404: ErrorResponse,
          409: t.Union([WindowClosedResponse, ErrorResponse]),
        },
        detail: {
          tags,
          summary: "Send an operator message to the customer through Wazzup",
          description:
            "Stored with role operator and delivered by the outbox; the chat goes to handoff (the operator is talking). On a WhatsApp Business channel more than 24 hours after the customer's last message the answer is 409 with the approved templates to use instead.",
        },
      },
    );
}
