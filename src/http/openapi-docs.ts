/**
 * OpenAPI at /openapi/json (generated from the route schemas) and a docs page
 * at /openapi that works offline: it lists the routes from that JSON instead
 * of loading a UI bundle from a CDN.
 */
import { openapi } from "@elysiajs/openapi";
import { Elysia } from "elysia";

const page = `<!doctype html><html><head><meta charset="utf-8"><title>Noor API</title>
<style>body{font:15px system-ui;margin:2rem auto;max-width:60rem}code{background:#f3f3f3;padding:0 .3em}
td{padding:.2em .8em;vertical-align:top}</style></head><body>
<h1>Noor API</h1><p>The OpenAPI document is at <a href="/openapi/json"><code>/openapi/json</code></a>
(import it into any OpenAPI tool). Admin routes under <code>/api/v1</code> need
<code>Authorization: Bearer $ADMIN_API_KEY</code>.</p><table id="routes"></table>
<script>fetch("/openapi/json").then(r=>r.json()).then(d=>{const t=document.getElementById("routes");
for(const [p,ops] of Object.entries(d.paths))for(const [m,o] of Object.entries(ops)){const r=t.insertRow();
r.insertCell().textContent=m.toUpperCase();r.insertCell().innerHTML="<code>"+p+"</code>";
r.insertCell().textContent=o.summary||""}})</script></body></html>`;

export function openapiDocs({ version }: { version: string }) {
  return new Elysia({ name: "openapi-docs" })
    .use(
      openapi({
        provider: null,
        documentation: {
          info: {
            title: "Noor",
            version,
            description: "WhatsApp sales assistant for Treejar: webhook, admin API and operations routes.",
          },
          components: {
            securitySchemes: { adminKey: { type: "http", scheme: "bearer", description: "ADMIN_API_KEY" } },
          },
        },
      }),
    )
    .get("/openapi", () => new Response(page, { headers: { "content-type": "text/html; charset=utf-8" } }), {
      detail: { hide: true },
    });
}
