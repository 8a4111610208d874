/**
 * Everything under /api/v1: one Bearer check (ADMIN_API_KEY, constant time) and one OpenAPI security
 * entry for every route module mounted here, the built-in ones and `extra` ones (the catalogue's
 * products and sync routes). The check runs at transform, before validation, so a caller without the key
 * learns nothing about the route's schema.
 */
import { type AnyElysia, Elysia } from "elysia";
import type { WazzupClient } from "../../integrations/wazzup/index.ts";
import type { Logger } from "../../log.ts";
import type { Runtime } from "../../runtime/index.ts";
import type { Store } from "../../store/index.ts";
import { requireBearer } from "../auth.ts";
import { createConversationService } from "./conversation-service.ts";
import { conversationRoutes } from "./conversations.ts";
import { deliveryRoutes } from "./deliveries.ts";
import { statechartRoutes } from "./statechart.ts";
import { statsRoutes } from "./stats.ts";
import { createWhatsappWindow } from "./whatsapp-window.ts";

export interface AdminRoutesOptions {
  adminKey: string;
  store: Store;
  runtime: Pick<Runtime, "command" | "outbox">;
  /** Null without WAZZUP_API_KEY (no 24-hour check; replies go to the console sink). */
  wazzup: WazzupClient | null;
  logger: Logger;
  /** Further route modules, mounted under /api/v1 behind the same key; their paths are relative (`/products`). */
  extra?: AnyElysia[];
  now?: () => number;
}

export function adminRoutes({
  adminKey,
  store,
  runtime,
  wazzup,
  logger,
  extra = [],
  now = Date.now,
}: AdminRoutesOptions) {
  const conversations = createConversationService({
    store,
    runtime,
    whatsappWindow: createWhatsappWindow({ wazzup, logger, now }),
    now,
  });
  let api = new Elysia({ name: "admin-api", prefix: "/api/v1" })
    .guard({ detail: { security: [{ adminKey: [] }] } })
    .onTransform(({ request }) => requireBearer(request.headers.get("authorization"), adminKey))
    .use(conversationRoutes({ conversations }))
    .use(deliveryRoutes({ store, runtime, now }))
    .use(statsRoutes({ store, now }))
    .use(statechartRoutes()) as unknown as AnyElysia;
  for (const routes of extra) api = api.use(routes);
  return api;
}
