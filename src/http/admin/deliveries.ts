/** /api/v1/deliveries: what the outbox gave up on, and sending it again. */
import { Elysia } from "elysia";
import type { Runtime } from "../../runtime/index.ts";
import type { Store } from "../../store/index.ts";
import { HttpError } from "../errors.ts";
import { adminErrors, ErrorResponse, IdParams } from "./common.model.ts";
import {
  DeliveryResponse,
  deliveryJson,
  FailedDeliveriesQuery,
  FailedDeliveriesResponse,
} from "./deliveries.model.ts";

const tags = ["deliveries"];

export function deliveryRoutes({
  store,
  runtime,
  now = Date.now,
}: {
  store: Store;
  runtime: Pick<Runtime, "outbox">;
  now?: () => number;
}) {
  return new Elysia({ name: "admin-deliveries", prefix: "/deliveries" })
    .get(
      "/failed",
      async ({ query }) => ({
        items: (await store.outbox.listFailed({ limit: query.limit })).map(deliveryJson),
      }),
      {
        query: FailedDeliveriesQuery,
        response: { 200: FailedDeliveriesResponse, ...adminErrors },
        detail: { tags, summary: "Message parts that failed for good (after retries), newest first" },
      },
    )
    .post(
      "/:id/resend",
      async ({ params }) => {
        const item = await store.outbox.get(params.id);
        if (!item) throw new HttpError("not_found", `no delivery with id ${params.id}`);
        const queued = await store.outbox.resend(params.id, now());
        if (!queued) {
          throw new HttpError(
            "conflict",
            `delivery ${params.id} is ${item.status}; only failed deliveries can be resent`,
          );
        }
        runtime.outbox.wake();
        return deliveryJson(queued);
      },
      {
        params: IdParams,
        response: { 200: DeliveryResponse, ...adminErrors, 404: ErrorResponse, 409: ErrorResponse },
        detail: { tags, summary: "Queue a failed part again (under a fresh crmMessageId)" },
      },
    );
}
