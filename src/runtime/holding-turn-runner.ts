/**
 * Turns without an LLM. A burst of voice notes only gets a polite request to
 * write instead (the bot stays on). Anything else, when no LLM is configured,
 * gets the holding reply and the chat goes to a human. Never a canned
 * imitation of a sales answer.
 */
import { detectLanguage } from "../agent/language.ts";
import { currentStage } from "../sales/index.ts";
import type { Language, Message } from "../store/index.ts";
import { holdingReplies } from "./holding-replies.ts";
import type { TurnRequest, TurnResult, TurnRunner } from "./turn-runner.ts";

/** The customer's language from the burst's text, else what we knew. */
export function burstLanguage(burst: Message[], known: Language | null): Language {
  const text = burst
    .map((m) => m.text ?? "")
    .join("\n")
    .trim();
  return text ? detectLanguage(text, known ?? "en") : (known ?? "en");
}

export const isVoiceOnly = (burst: Message[]) => burst.length > 0 && burst.every((m) => m.kind === "audio");

function voiceNoteResult(request: TurnRequest, language: Language): TurnResult {
  return {
    reply: { text: holdingReplies.voiceNote[language] },
    salesEvents: [],
    stage: currentStage(request.snapshot),
    language,
    handoff: null,
  };
}

/** Wraps the LLM runner (or none) with the turns that need no model. */
export function createTurnRunner({ llm }: { llm: TurnRunner | null }): TurnRunner {
  return {
    name: llm ? llm.name : "holding",
    async run(request) {
      const language = burstLanguage(request.burst, request.conversation.language);
      if (isVoiceOnly(request.burst)) return voiceNoteResult(request, language);
      if (llm) return llm.run(request);
      return {
        reply: { text: holdingReplies.handoff[language] },
        salesEvents: [],
        stage: currentStage(request.snapshot),
        language,
        handoff: { reason: "no LLM configured (OPENROUTER_API_KEY is not set)" },
      };
    },
  };
}
