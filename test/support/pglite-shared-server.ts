/**
 * PGlite served to several processes at once. PGlite is one Postgres
 * session; pglite-socket's own queue interleaves connections message by
 * message, so two clients' extended-protocol steps mix (Bind of one, Execute
 * of the other: `portal "" does not exist`). This server hands the session
 * to one connection from its first message to the `Sync` (or simple `Query`)
 * that ends its request, and for the whole of a transaction — what a
 * transaction-mode pooler does in front of a real Postgres. Requests are
 * serialised, so it shows correctness under several nodes, not throughput.
 */
import { createServer, type Server } from "node:net";
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import { PGLiteSocketHandler } from "@electric-sql/pglite-socket";

const SYNC = 0x53;
const QUERY = 0x51;
const TERMINATE = 0x58;

/** Lends the one session to one connection at a time. */
class SessionLender {
  private owner: number | null = null;
  private readonly waiting: { handlerId: number; grant: () => void; refuse: (e: Error) => void }[] = [];
  /** One connection's messages run one after another (its socket may deliver them concurrently). */
  private readonly chains = new Map<number, Promise<unknown>>();

  constructor(private readonly db: PGlite) {}

  private acquire(handlerId: number): Promise<void> {
    if (this.owner === null || this.owner === handlerId) {
      this.owner = handlerId;
      return Promise.resolve();
    }
    return new Promise((grant, refuse) => this.waiting.push({ handlerId, grant, refuse }));
  }

  private release() {
    const next = this.waiting.shift();
    this.owner = next?.handlerId ?? null;
    next?.grant();
  }

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    const run = (this.chains.get(handlerId) ?? Promise.resolve()).then(() =>
      this.process(handlerId, message, onData),
    );
    this.chains.set(
      handlerId,
      run.catch(() => {}),
    );
    return run;
  }

  private async process(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void) {
    await this.acquire(handlerId);
    let bytes = 0;
    try {
      await this.db.runExclusive(() =>
        this.db.execProtocolRawStream(message, {
          onRawData: (data) => {
            bytes += data.length;
            onData(data);
          },
        }),
      );
    } finally {
      // A startup packet has no type byte: its first byte belongs to the length (0 for any sane size).
      const type = message[0];
      const endsRequest = type === SYNC || type === QUERY || type === TERMINATE || type === 0;
      if (endsRequest && !this.db.isInTransaction()) this.release();
    }
    return bytes;
  }

  getQueueLength() {
    return this.waiting.length;
  }

  clearQueueForHandler(handlerId: number) {
    for (const w of this.waiting.filter((x) => x.handlerId === handlerId)) {
      this.waiting.splice(this.waiting.indexOf(w), 1);
      w.refuse(new Error("connection closed"));
    }
  }

  async clearTransactionIfNeeded(handlerId: number) {
    this.chains.delete(handlerId);
    if (this.owner !== handlerId) return;
    if (this.db.isInTransaction()) await this.db.exec("ROLLBACK");
    this.release();
  }
}

export interface SharedPglite {
  url: string;
  stop(): Promise<void>;
}

export async function startSharedPgliteServer(): Promise<SharedPglite> {
  const db = await PGlite.create({ extensions: { vector } });
  const lender = new SessionLender(db);
  const server: Server = createServer((socket) => {
    const handler = new PGLiteSocketHandler({
      queryQueue: lender as unknown as ConstructorParameters<typeof PGLiteSocketHandler>[0]["queryQueue"],
      closeOnDetach: true,
    });
    void handler.attach(socket).catch(() => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      server.close();
      server.unref();
      await db.close();
    },
  };
}
