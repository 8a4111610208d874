/** /openapi/json documents every admin route with its schemas, tags, summary and the admin key. */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { type AdminWorld, startAdminWorld } from "./admin-world.ts";

let world: AdminWorld;
let doc: any;
beforeAll(async () => {
  world = await startAdminWorld();
  doc = await (await fetch(`${world.noor.url}/openapi/json`)).json();
});
afterAll(() => world.stop());

const adminRoutes: [string, string][] = [
  ["get", "/api/v1/conversations"],
  ["get", "/api/v1/conversations/{id}"],
  ["patch", "/api/v1/conversations/{id}"],
  ["post", "/api/v1/conversations/{id}/handoff"],
  ["post", "/api/v1/conversations/{id}/resume"],
  ["post", "/api/v1/conversations/{id}/messages"],
  ["get", "/api/v1/deliveries/failed"],
  ["post", "/api/v1/deliveries/{id}/resend"],
  ["get", "/api/v1/stats"],
  ["get", "/api/v1/statechart"],
];

test("every admin route is documented with tags, a summary, the admin key and a success schema", () => {
  expect(doc.components.securitySchemes.adminKey).toMatchObject({ type: "http", scheme: "bearer" });
  for (const [method, path] of adminRoutes) {
    const op = doc.paths[path]?.[method];
    expect(op, `${method} ${path}`).toBeDefined();
    expect(op.security).toEqual([{ adminKey: [] }]);
    expect(op.tags.length).toBeGreaterThan(0);
    expect(op.summary).toBeString();
    const success = op.responses["200"] ?? op.responses["201"];
    expect(success.content["application/json"].schema, `${method} ${path}`).toBeDefined();
    expect(op.responses["401"]).toBeDefined();
  }
});

test("every /api/v1 operation, including modules mounted as `extra`, requires the admin key", () => {
  const operations = Object.entries<any>(doc.paths)
    .filter(([path]) => path.startsWith("/api/v1/"))
    .flatMap(([, ops]) => Object.values<any>(ops));
  expect(operations.length).toBeGreaterThanOrEqual(adminRoutes.length);
  for (const op of operations) expect(op.security).toEqual([{ adminKey: [] }]);
});

test("request schemas: query filters with their allowed values, and the bodies", () => {
  const list = doc.paths["/api/v1/conversations"].get;
  const params = Object.fromEntries(list.parameters.map((p: any) => [p.name, p]));
  expect(Object.keys(params).sort()).toEqual(["language", "page", "perPage", "phone", "stage", "status"]);
  expect(JSON.stringify(params.stage.schema)).toContain("needs_analysis");
  expect(JSON.stringify(params.status.schema)).toContain("handoff");
  const patch = doc.paths["/api/v1/conversations/{id}"].patch.requestBody.content["application/json"].schema;
  expect(Object.keys(patch.properties).sort()).toEqual(["customerName", "salesStage", "status"]);
  const message = doc.paths["/api/v1/conversations/{id}/messages"].post;
  expect(message.requestBody.content["application/json"].schema.required).toEqual(["text"]);
  expect(message.responses["409"]).toBeDefined();
  const detail =
    doc.paths["/api/v1/conversations/{id}"].get.responses["200"].content["application/json"].schema;
  expect(JSON.stringify(detail)).toContain("messages");
});

test("routes outside /api/v1 carry no admin key requirement", () => {
  expect(doc.paths["/health"].get.security).toBeUndefined();
  expect(doc.paths["/webhooks/wazzup/{token}"].post.security).toBeUndefined();
});
