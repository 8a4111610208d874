import { describe, expect, test } from "bun:test";
import { buildInstructions, formatUaeTime, type InstructionsInput } from "../../src/agent/prompt.ts";

const base: InstructionsInput = {
  language: "en",
  stage: "qualifying",
  stageRules: "Find out what the customer's company does and how many people will use the furniture.",
  allowedMoves: [
    { toolName: "move_to_needs_analysis", description: "The customer's business and team size are known." },
    { toolName: "move_to_solution", description: "The customer already knows exactly what to buy." },
  ],
  summary: null,
  customer: { emailKnown: false, phoneKnown: true },
  now: new Date("2026-11-24T10:05:00Z"),
};

describe("buildInstructions", () => {
  const text = buildInstructions(base);

  test("states Noor's identity", () => {
    expect(text).toContain("You are Noor, the sales consultant of Treejar");
    expect(text).toContain("office furniture");
    expect(text).toContain("United Arab Emirates");
    expect(text).toContain("B2B");
    expect(text).toContain("friendly, professional");
  });

  test("contains the house rules", () => {
    expect(text).toContain(
      "Never state a price, stock level, delivery time or discount that a tool did not return in this conversation.",
    );
    expect(text).toContain("Never invent products. Only mention products that appear in search results");
    expect(text).toContain("Ask one question at a time.");
    expect(text).toContain("Keep answers WhatsApp-length");
    expect(text).toContain("use a short list when you offer options");
    expect(text).toContain("call the matching stage tool to move the sales stage");
    expect(text).toContain(
      "Ask for the customer's contact details (name, company, email) before you prepare a quotation.",
    );
    expect(text).toContain("Hand over to a human sales manager with request_human");
    expect(text).toContain("[PHONE_1]");
  });

  test("the language rule names the customer's latest language", () => {
    expect(text).toContain("The latest message is in English, so answer in English.");
    const ar = buildInstructions({ ...base, language: "ar" });
    expect(ar).toContain("The latest message is in Arabic, so answer in Arabic.");
    expect(ar).toContain("Tools and product data are in English");
    expect(ar).toContain("translate product names and descriptions naturally, but keep SKUs and numbers");
  });

  test("includes the current stage and its rules as given", () => {
    expect(text).toContain(`# Current sales stage: qualifying\n${base.stageRules}`);
  });

  test("lists the allowed stage moves, or says there are none", () => {
    expect(text).toContain("- move_to_needs_analysis: The customer's business and team size are known.");
    expect(text).toContain("- move_to_solution: The customer already knows exactly what to buy.");
    const none = buildInstructions({ ...base, allowedMoves: [] });
    expect(none).toContain("No stage move is available now");
    expect(none).not.toContain("move_to_");
  });

  test("what we know about the customer", () => {
    expect(text).toContain("- Name: not known yet");
    expect(text).toContain("- Company: not known yet");
    expect(text).toContain("- Email: not known yet");
    expect(text).toContain("- Phone: on file");
    const known = buildInstructions({
      ...base,
      customer: { name: "Ahmed", company: "Gulf Star Trading", emailKnown: true, phoneKnown: false },
    });
    expect(known).toContain("- Name: Ahmed");
    expect(known).toContain("- Company: Gulf Star Trading");
    expect(known).toContain("- Email: on file");
    expect(known).toContain("- Phone: not known yet");
  });

  test("the summary appears only when there is one", () => {
    expect(text).not.toContain("Earlier in this conversation");
    const withSummary = buildInstructions({
      ...base,
      summary: "Summary of 4 earlier messages:\n- Quantities: 25 chairs",
    });
    expect(withSummary).toContain(
      "# Earlier in this conversation\nSummary of 4 earlier messages:\n- Quantities: 25 chairs",
    );
  });

  test("gives the current UAE time", () => {
    expect(text).toContain("Current time: Tuesday 2026-11-24 14:05 (UAE time, UTC+4).");
  });

  test("is deterministic", () => {
    expect(buildInstructions({ ...base })).toBe(text);
  });
});

describe("formatUaeTime", () => {
  test("rolls over midnight into the next UAE day", () => {
    expect(formatUaeTime(new Date("2026-12-31T21:30:00Z"))).toBe("Friday 2027-01-01 01:30 (UAE time, UTC+4)");
  });
});
