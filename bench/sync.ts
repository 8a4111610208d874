/**
 * Catalogue sync throughput against the fake Zoho and its 100 requests/minute limit.
 *
 * Time is shortened, not the limit: the fake Zoho, the client's limiter and the sync share a clock
 * that runs at real speed for work but jumps over every wait (a sleep advances it at once). So the
 * figures are what a real run would show (pages per minute of Zoho time), and our own processing is
 * measured in real time. A second run with the limit lifted on both sides shows how fast we could go:
 * when that is far above 100 pages/min, the sync is bounded by Zoho, not by us.
 *
 * `bun bench/sync.ts [items]` prints the figures; `syncThroughputBench()` returns them.
 */
import { createCatalogSync } from "../src/catalog/index.ts";
import { createZohoClient } from "../src/integrations/zoho/index.ts";
import { silentLogger } from "../src/log.ts";
import { createStore } from "../src/store/index.ts";
import { createFakeZoho, zohoItemFromProduct } from "../test/support/fake-zoho.ts";
import { syntheticProducts } from "./search.ts";
import { round, table } from "./stats.ts";

export interface SyncThroughput {
  limitPerMinute: number;
  items: number;
  pages: number;
  /** Inventory API calls the fake received (429s included). */
  requests: number;
  rateLimited: number;
  /** Zoho time from the first to the last call. */
  zohoMinutes: number;
  /** Calls per minute once the first minute's allowance is spent (from call limit + 1 on): the steady rate. */
  sustainedPerMinute: number | null;
  /** Real time of the whole run: our work plus the fake's, waits skipped. */
  wallSeconds: number;
  /** Real time per page inside HTTP calls (the fake Zoho's work: it filters and sorts every item per page). */
  zohoMsPerPage: number;
  /** Real time per page outside them: mapping, upserting 200 items, bookkeeping. */
  ourMsPerPage: number;
}

/** A clock that runs with real time and jumps over sleeps. */
function skippingClock() {
  let skipped = 0;
  return {
    now: () => Date.now() + skipped,
    sleep: async (ms: number) => {
      skipped += ms;
    },
  };
}

async function oneRun({ items, limit }: { items: number; limit: number }): Promise<SyncThroughput> {
  const clock = skippingClock();
  const fake = createFakeZoho({ now: clock.now, maxRequestsPerMinute: limit });
  fake.addItems(
    syntheticProducts(items).map((p, i) => zohoItemFromProduct(p, String(4_815_000_000_000_000 + i))),
  );
  const store = await createStore({ databaseUrl: "sqlite::memory:" });
  try {
    let inHttpMs = 0;
    const timedFetch = (async (...args: Parameters<typeof fetch>) => {
      const started = performance.now();
      try {
        return await fetch(...args);
      } finally {
        inHttpMs += performance.now() - started;
      }
    }) as typeof fetch;
    const zoho = createZohoClient({
      ...fake.clientOptions,
      fetch: timedFetch,
      now: clock.now,
      sleep: clock.sleep,
      // At Zoho's own limit the client keeps its default margin (90/min); lifted, it goes as fast as it can.
      maxRequestsPerMinute: limit >= 1_000_000 ? limit : undefined,
    });
    const sync = createCatalogSync({ store, zoho, logger: silentLogger, knowledgeDir: null, now: clock.now });
    const started = performance.now();
    const run = await sync.run({ kind: "full" });
    const wallSeconds = (performance.now() - started) / 1000;
    if (run.status !== "succeeded") throw new Error(`bench sync failed: ${run.errors.join("; ")}`);
    const calls = fake.apiRequests;
    const pages = calls.filter((r) => r.status === 200).length;
    const zohoMinutes = (calls.at(-1)!.at - calls[0]!.at) / 60_000;
    const steady = calls.slice(limit);
    const steadyMinutes = steady.length > 1 ? (steady.at(-1)!.at - steady[0]!.at) / 60_000 : 0;
    return {
      limitPerMinute: limit,
      items: run.itemsSeen,
      pages,
      requests: calls.length,
      rateLimited: calls.filter((r) => r.status === 429).length,
      zohoMinutes: round(zohoMinutes, 2),
      sustainedPerMinute: steadyMinutes > 0 ? round((steady.length - 1) / steadyMinutes, 1) : null,
      wallSeconds: round(wallSeconds, 2),
      zohoMsPerPage: round(inHttpMs / pages, 1),
      ourMsPerPage: round((wallSeconds * 1000 - inHttpMs) / pages, 1),
    };
  } finally {
    await store.close();
    await fake.stop();
  }
}

export async function syncThroughputBench({ items = 60_000 }: { items?: number } = {}) {
  const limited = await oneRun({ items, limit: 100 });
  const unbounded = await oneRun({ items, limit: 1_000_000 });
  // What our side alone could do per minute, with no limit and an instant Zoho.
  const ourPagesPerMinute = round(60_000 / unbounded.ourMsPerPage, 0);
  return { limited, unbounded, ourPagesPerMinute };
}

export function formatSyncBench(r: Awaited<ReturnType<typeof syncThroughputBench>>): string {
  return [
    table(
      [
        "Zoho limit",
        "items",
        "pages (200 items)",
        "requests",
        "429s",
        "Zoho minutes",
        "sustained requests / min",
        "wall s",
        "Zoho (fake) ms / page",
        "our ms / page",
      ],
      [r.limited, r.unbounded].map((x) => [
        x.limitPerMinute >= 1_000_000 ? "lifted" : `${x.limitPerMinute}/min`,
        x.items,
        x.pages,
        x.requests,
        x.rateLimited,
        x.zohoMinutes,
        x.sustainedPerMinute ?? "–",
        x.wallSeconds,
        x.zohoMsPerPage,
        x.ourMsPerPage,
      ]),
    ),
    "",
    `With Zoho's limit the full sync runs at **${r.limited.sustainedPerMinute} pages/min** once the first minute's 100 calls are spent (limit 100 requests/min; ${r.limited.rateLimited} answered 429, each costing a wait). ` +
      `Our side (map, upsert 200 items into SQLite, bookkeeping) could take **${r.ourPagesPerMinute} pages/min**, so the sync is bounded by Zoho, not by us. ` +
      "Waits are skipped on a shared clock (Zoho time), so the run takes seconds.",
  ].join("\n");
}

if (import.meta.main) {
  const items = Number(process.argv[2] ?? 60_000);
  console.log(formatSyncBench(await syncThroughputBench({ items })));
}
