import { afterEach, describe, expect, test } from "bun:test";
import { createCatalogSync, runScheduledSync } from "../../src/catalog/index.ts";
import { createZohoClient } from "../../src/integrations/zoho/index.ts";
import { silentLogger } from "../../src/log.ts";
import { createStore, type Store } from "../../src/store/index.ts";
import { createSimulatedClock } from "../integrations/zoho/simulated-clock.ts";
import { createFakeZoho, type FakeZoho } from "../support/fake-zoho.ts";

let store: Store;
let fake: FakeZoho;
afterEach(async () => {
  await store?.close();
  await fake?.stop();
});

async function world() {
  const clock = createSimulatedClock();
  fake = createFakeZoho({ now: clock.now });
  fake.loadDemoCatalog();
  const zoho = createZohoClient({ ...fake.clientOptions, now: clock.now, sleep: clock.sleep });
  store = await createStore({ databaseUrl: "sqlite::memory:" });
  const sync = createCatalogSync({ store, zoho, logger: silentLogger, knowledgeDir: null, now: clock.now });
  const round = (signal?: AbortSignal) =>
    runScheduledSync({ store, sync, logger: silentLogger, now: clock.now, signal });
  return { clock, sync, round };
}

const kinds = async () => (await store.catalog.listSyncRuns()).map((r) => r.kind).reverse();

describe("scheduled catalogue sync", () => {
  test("incremental each round, full when the last full sync is a day old", async () => {
    const { clock, round } = await world();
    await round();
    clock.advance(15 * 60_000);
    await round();
    clock.advance(24 * 60 * 60_000);
    await round();
    expect(await kinds()).toEqual(["full", "incremental", "full"]);
  });

  test("a round while a sync is already running is skipped, not an error", async () => {
    const { sync, round } = await world();
    const manual = await sync.start({ kind: "full" });
    expect(await round()).toBeNull();
    await manual.finished;
    expect(await kinds()).toEqual(["full"]);
  });

  test("an aborted signal (the cluster lock lost) stops the run, recorded as failed", async () => {
    const { round } = await world();
    const lost = new AbortController();
    lost.abort(new Error("lock lost"));
    const run = await round(lost.signal);
    expect(run).toMatchObject({ status: "failed", itemsDeactivated: 0 });
    expect(run!.errors[0]).toBe("stopped before it finished");
  });
});
