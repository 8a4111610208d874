/** `bun run chat` flags. */
import { parseArgs } from "node:util";

export interface ChatArgs {
  url?: string;
  token?: string;
  key?: string;
  /** The customer's number (digits); a new random UAE mobile number when not given. */
  phone: string;
  channel: string;
  name: string;
  waitOnEndMs: number;
  help: boolean;
}

export const chatUsage = `Talk to the local Noor as a WhatsApp customer.

  bun run chat [--url http://localhost:3000] [--token T] [--key K] [--phone 9715XXXXXXXX] [--name N]

  --url      the running server (default http://localhost:$PORT)
  --token    webhook token (default WEBHOOK_TOKEN, else the one the server keeps in DATABASE_URL)
  --key      admin API key (default ADMIN_API_KEY, else the one the server keeps in DATABASE_URL)
  --phone    the customer's number, digits only; reuse one to continue a chat (default: a new random one)
  --channel  the Wazzup channel id to claim (default: a fixed local one)
  --name     the customer's WhatsApp name (default "Terminal customer")
  --wait     seconds to wait for a reply after the input ends (default 15)

Type a message and press Enter; /quit or Ctrl-D leaves.`;

/** A local placeholder channel: with the console sink nothing is sent to Wazzup. */
export const terminalChannelId = "00000000-0000-4000-8000-00000000c4a7";

const randomUaeMobile = () =>
  `9715${Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) => b % 10).join("")}`;

export function parseChatArgs(argv: string[]): ChatArgs {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      url: { type: "string" },
      token: { type: "string" },
      key: { type: "string" },
      phone: { type: "string" },
      channel: { type: "string" },
      name: { type: "string" },
      wait: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  const phone = values.phone ?? randomUaeMobile();
  if (!/^\d{7,15}$/.test(phone))
    throw new Error(`--phone: digits with the country code, no +, got "${phone}"`);
  const wait = Number(values.wait ?? 15);
  if (!Number.isFinite(wait) || wait < 0) throw new Error(`--wait: seconds >= 0, got "${values.wait}"`);
  if (values.url !== undefined && !/^https?:\/\/\S+$/.test(values.url)) {
    throw new Error(`--url: an http(s) URL, got "${values.url}"`);
  }
  return {
    url: values.url,
    token: values.token,
    key: values.key,
    phone,
    channel: values.channel ?? terminalChannelId,
    name: values.name ?? "Terminal customer",
    waitOnEndMs: wait * 1000,
    help: values.help ?? false,
  };
}
