/**
 * One of several processes racing on one SQLite file (test/store/sqlite-multiprocess.test.ts).
 * Usage: bun sqlite-race-worker.ts <databaseUrl> <name> <messages> <chats>
 * Opens (and migrates) the store, prints {"ready":true}, waits for "go <epoch ms>" on stdin
 * and then for that moment (so the rivals start together), records the same Wazzup message
 * ids as its rivals in the same order, and prints a summary line.
 */
import { createStore } from "../../src/store/index.ts";

const [databaseUrl, name, messages, chats] = process.argv.slice(2);
const store = await createStore({ databaseUrl: databaseUrl! });
console.log(JSON.stringify({ ready: true }));
let startAt = 0;
for await (const line of console) {
  const [word, at] = line.trim().split(" ");
  if (word === "go") {
    startAt = Number(at);
    break;
  }
}
await Bun.sleep(Math.max(0, startAt - Date.now()));

// One message at a time with a pause between, as webhook deliveries arrive, so the rivals
// interleave instead of one draining its whole queue while the other waits for the lock.
const results = [];
for (let i = 0; i < Number(messages); i++) {
  results.push(
    await store.messages.recordInbound({
      wazzupMessageId: `race-${i}`,
      channelId: "chan-race",
      chatType: "whatsapp",
      chatId: `97150000${i % Number(chats)}`,
      kind: "text",
      text: `message ${i} via ${name}`,
      contentUri: null,
      sentAt: 1_700_000_000_000 + i,
    }),
  );
  await Bun.sleep(1);
}
await store.close();
console.log(
  JSON.stringify({
    inserted: results.filter((r) => r.inserted).length,
    conversationsCreated: results.filter((r) => r.conversationCreated).length,
  }),
);
