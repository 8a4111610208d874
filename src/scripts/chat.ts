/**
 * `bun run chat`: talk to the local Noor from a terminal as a WhatsApp customer. Lines typed become
 * Wazzup-shaped webhooks; the bot's (and operators') messages are printed once delivered. Without a
 * Wazzup key the server's console sink delivers them locally, so this works on a fresh machine.
 */
import { clearLine, createInterface, cursorTo } from "node:readline";
import {
  ChatClientError,
  chatUsage,
  createNoorClient,
  parseChatArgs,
  resolveChatCredentials,
  runChatSession,
} from "../chat-client/index.ts";
import { loadConfig } from "../config.ts";

async function main(): Promise<number> {
  let args: ReturnType<typeof parseChatArgs>;
  try {
    args = parseChatArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`noor chat: ${(error as Error).message}\n\n${chatUsage}`);
    return 2;
  }
  if (args.help) {
    console.log(chatUsage);
    return 0;
  }
  const config = loadConfig();
  const host = config.host === "0.0.0.0" ? "localhost" : config.host;
  const url = args.url ?? `http://${host}:${config.port}`;
  const client = createNoorClient({
    url,
    ...(await resolveChatCredentials({
      token: args.token,
      key: args.key,
      env: { webhookToken: config.webhookToken, adminApiKey: config.adminApiKey },
      databaseUrl: config.databaseUrl,
    })),
  });
  await client.verify();

  const tty = process.stdin.isTTY === true;
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: tty });
  // Take the iterator now: readline only buffers lines for an iterator that exists (piped input is fast).
  const iterator = rl[Symbol.asyncIterator]();
  rl.setPrompt("you › ");
  // A reply can arrive while the person is typing: print it above the prompt, then restore the prompt.
  const print = (text: string) => {
    if (tty) {
      cursorTo(process.stdout, 0);
      clearLine(process.stdout, 0);
    }
    process.stdout.write(`${text}\n`);
    if (tty) rl.prompt(true);
  };
  print(
    `Chatting with Noor at ${url} as +${args.phone}. Type a message and press Enter; /quit or Ctrl-D leaves.`,
  );
  rl.on("line", () => {
    if (tty) rl.prompt();
  });
  await runChatSession({
    client,
    chatId: args.phone,
    channelId: args.channel,
    contactName: args.name,
    lines: { [Symbol.asyncIterator]: () => iterator },
    print,
    waitOnEndMs: args.waitOnEndMs,
  });
  rl.close();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(
      `noor chat: ${error instanceof ChatClientError ? error.message : `failed: ${error.message}`}`,
    );
    process.exit(1);
  },
);
