/**
 * POST /webhooks/wazzup/:token. The token (a secret path segment; Wazzup
 * does not sign webhooks) is compared in constant time. `{test: true}` is
 * answered at once (Wazzup sends it when the webhook is registered). The body
 * is read as text and parsed here because Wazzup labels it
 * `application/json; charset-utf-8`. 200 means every valid entry is durable.
 */
import { Elysia, t } from "elysia";
import type { Ingress } from "../runtime/index.ts";
import { safeEqual } from "./auth.ts";
import { HttpError } from "./errors.ts";

const WebhookResponse = t.Object({
  ok: t.Boolean(),
  accepted: t.Optional(t.Number()),
  duplicates: t.Optional(t.Number()),
  echoes: t.Optional(t.Number()),
  operatorMessages: t.Optional(t.Number()),
  statuses: t.Optional(t.Number()),
  invalid: t.Optional(t.Number()),
});

export function wazzupWebhookRoutes({ token, ingress }: { token: string; ingress: Ingress }) {
  return new Elysia({ name: "wazzup-webhook" }).post(
    "/webhooks/wazzup/:token",
    async ({ params, request }) => {
      if (!safeEqual(params.token, token)) throw new HttpError("unauthorized", "wrong webhook token");
      let body: unknown;
      try {
        body = JSON.parse(await request.text());
      } catch {
        throw new HttpError("bad_request", "webhook body is not valid JSON");
      }
      if (typeof body !== "object" || body === null || Array.isArray(body)) {
        throw new HttpError("bad_request", "webhook body must be a JSON object");
      }
      if ((body as { test?: unknown }).test === true) return { ok: true };
      try {
        const { test: _test, ...counts } = await ingress.handle(body);
        return { ok: true, ...counts };
      } catch (error) {
        // Not durable yet (e.g. Redis unreachable): 503 makes Wazzup deliver it again.
        throw new HttpError("unavailable", `cannot accept the webhook now: ${(error as Error).message}`);
      }
    },
    {
      parse: "none",
      params: t.Object({ token: t.String() }),
      response: WebhookResponse,
      detail: {
        summary: "Wazzup webhook: messages[], statuses[] and the {test:true} ping",
        tags: ["webhook"],
      },
    },
  );
}
