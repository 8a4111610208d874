/**
 * Saves what the customer told us about themselves onto the conversation (via
 * the turn's patch, committed with the reply). The model sees placeholders
 * such as [EMAIL_1]; the arguments are unmasked before this runs, so the
 * checks below see, and the patch stores, the real values. A placeholder that
 * did not resolve, or an invented value, fails the checks.
 */
import { tool } from "ai";
import { z } from "zod";
import { phoneDigits } from "../pii.ts";
import type { ContactPatch, TurnState } from "../turn-state.ts";

// No brackets (an unresolved placeholder), no @ (an email in the wrong field), at least one letter.
const personOrCompany = (max: number) =>
  z
    .string()
    .trim()
    .min(2)
    .max(max)
    .refine((v) => !/[[\]@<>{}]/.test(v) && /\p{L}/u.test(v), "not a name");

const checks = {
  name: personOrCompany(80),
  company: personOrCompany(120),
  email: z.email().max(254),
  phone: z
    .string()
    .refine((v) => /^[\d\s()+.\-\u0660-\u0669\u06F0-\u06F9]+$/.test(v), "not a phone number")
    .transform(phoneDigits)
    .refine((d) => d.length >= 8 && d.length <= 15, "not a phone number")
    .transform((d) => `+${d}`),
};

const fieldFor = { name: "customerName", company: "companyName", email: "email", phone: "phone" } as const;

export function saveContactDetailsTool({ state }: { state: TurnState }) {
  return tool({
    description:
      "Save the customer's contact details exactly as the customer gave them (placeholders such as [EMAIL_1] included). Give only the fields the customer stated; never guess.",
    inputSchema: z.object({
      name: z.string().max(200).optional().describe("The contact person's full name"),
      company: z.string().max(200).optional().describe("The company's name"),
      email: z.string().max(300).optional().describe("Email address, e.g. [EMAIL_1]"),
      phone: z.string().max(60).optional().describe("Phone number, e.g. [PHONE_1]"),
    }),
    execute: async (input) => {
      const given = (Object.keys(checks) as (keyof typeof checks)[]).filter((k) => input[k]?.trim());
      if (given.length === 0) return { ok: false as const, reason: "no detail given" };
      const patch: ContactPatch = {};
      const problems: string[] = [];
      for (const key of given) {
        const parsed = checks[key].safeParse(input[key]);
        if (parsed.success) patch[fieldFor[key]] = parsed.data;
        else problems.push(`${key} is not valid`);
      }
      if (problems.length > 0) {
        return {
          ok: false as const,
          reason: `${problems.join("; ")}; nothing was saved. Ask the customer again.`,
        };
      }
      state.contactSaved(patch);
      return { ok: true as const, saved: given };
    },
  });
}
