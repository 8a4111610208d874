import { afterEach, describe, expect, test } from "bun:test";
import { resolveSecrets } from "../src/secrets.ts";
import { createStore, type Store } from "../src/store/index.ts";

const opened: Store[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
});
const freshStore = async () => {
  const store = await createStore({ databaseUrl: "sqlite::memory:" });
  opened.push(store);
  return store;
};

describe("resolveSecrets", () => {
  test("generates the webhook token and admin key once, keeps them, and returns the same on the next call", async () => {
    const store = await freshStore();
    const first = await resolveSecrets({ settings: store.settings, webhookToken: null, adminApiKey: null });
    expect(first.generated).toEqual({ webhookToken: true, adminApiKey: true });
    // URL-safe (a path segment and a header value) and long enough to be unguessable.
    expect(first.webhookToken).toMatch(/^[A-Za-z0-9_-]{32,}$/);
    expect(first.adminApiKey).toMatch(/^[A-Za-z0-9_-]{32,}$/);
    expect(first.adminApiKey).not.toBe(first.webhookToken);

    const second = await resolveSecrets({ settings: store.settings, webhookToken: null, adminApiKey: null });
    expect(second).toEqual(first);
    expect(await store.settings.get("webhook_token")).toBe(first.webhookToken);
    expect(await store.settings.get("admin_api_key")).toBe(first.adminApiKey);
  });

  test("two databases get different secrets", async () => {
    const a = await resolveSecrets({
      settings: (await freshStore()).settings,
      webhookToken: null,
      adminApiKey: null,
    });
    const b = await resolveSecrets({
      settings: (await freshStore()).settings,
      webhookToken: null,
      adminApiKey: null,
    });
    expect(a.webhookToken).not.toBe(b.webhookToken);
    expect(a.adminApiKey).not.toBe(b.adminApiKey);
  });

  test("values from the environment win and are not stored", async () => {
    const store = await freshStore();
    const secrets = await resolveSecrets({
      settings: store.settings,
      webhookToken: "token-from-env",
      adminApiKey: "key-from-env",
    });
    expect(secrets).toEqual({
      webhookToken: "token-from-env",
      adminApiKey: "key-from-env",
      generated: { webhookToken: false, adminApiKey: false },
    });
    expect(await store.settings.get("webhook_token")).toBeNull();
    expect(await store.settings.get("admin_api_key")).toBeNull();
  });

  test("an environment value wins over one generated earlier, which stays stored for later", async () => {
    const store = await freshStore();
    const generated = await resolveSecrets({
      settings: store.settings,
      webhookToken: null,
      adminApiKey: null,
    });
    const mixed = await resolveSecrets({
      settings: store.settings,
      webhookToken: "from-env",
      adminApiKey: null,
    });
    expect(mixed.webhookToken).toBe("from-env");
    expect(mixed.adminApiKey).toBe(generated.adminApiKey);
    expect(mixed.generated).toEqual({ webhookToken: false, adminApiKey: true });
    expect(await store.settings.get("webhook_token")).toBe(generated.webhookToken);
  });
});
