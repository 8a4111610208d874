/** /api/v1/statechart: the chat statechart for Stately's tools (JSON) or as a Mermaid diagram. */
import { Elysia, t } from "elysia";
import { statechartJson, statechartMermaid } from "../../sales/index.ts";
import { adminErrors, oneOf } from "./common.model.ts";

export function statechartRoutes() {
  return new Elysia({ name: "admin-statechart" }).get(
    "/statechart",
    ({ query }) =>
      query.format === "mermaid"
        ? new Response(statechartMermaid(), { headers: { "content-type": "text/plain; charset=utf-8" } })
        : statechartJson(),
    {
      query: t.Object({ format: t.Optional(oneOf(["json", "mermaid"], "format")) }),
      response: {
        200: t.Union([
          t.Record(t.String(), t.Unknown(), {
            description: "The machine config as JSON (format=json, default)",
          }),
          t.String({ description: "Mermaid stateDiagram-v2, text/plain (format=mermaid)" }),
        ]),
        ...adminErrors,
      },
      detail: {
        tags: ["statechart"],
        summary: "The chat statechart: Stately-importable JSON, or ?format=mermaid for a diagram",
      },
    },
  );
}
