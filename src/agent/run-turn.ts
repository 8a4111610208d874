/**
 * One assistant turn: a tool loop on `generateText` with fallback models. It
 * knows nothing about PII, stages or the store; the caller passes prepared
 * instructions, messages and (wrapped) tools.
 *
 * - The tools on offer and the instructions are recomputed before every step
 *   (`activeTools`, `instructions` as a function), so a stage move made by a
 *   tool changes what the next step may call and the rules it reads.
 * - The last allowed step offers no tools, so the turn ends with text.
 * - Transient errors are retried per model (`maxRetries`); when a model still
 *   fails, the next one continues from the steps already completed, so tools
 *   that already ran are not run again.
 * - `timeoutMs` is the budget of the whole turn, fallbacks included.
 */
import {
  APICallError,
  generateText,
  isStepCount,
  type LanguageModel,
  type ModelMessage,
  RetryError,
  type StepResult,
  type ToolSet,
} from "ai";
import { sumCost } from "./model.ts";

export interface RunTurnOptions<TOOLS extends ToolSet> {
  /** Primary model first, then fallbacks in order. */
  models: LanguageModel[];
  /** A function is called before every step (the stage's rules can change within a turn). */
  instructions: string | (() => string);
  messages: ModelMessage[];
  tools: TOOLS;
  /** Names of the tools to offer for the next step; all tools when omitted. */
  activeTools?: () => string[];
  maxSteps?: number;
  timeoutMs?: number;
  maxRetries?: number;
  abortSignal?: AbortSignal;
}

export interface TurnResult<TOOLS extends ToolSet> {
  text: string;
  /** The model that produced the final step, as the provider named it. */
  model: string;
  usage: { tokensIn: number; tokensOut: number };
  /** OpenRouter credits (USD) over all steps, failed models' completed steps included; null if unreported. */
  cost: number | null;
  toolCalls: { name: string; input: unknown }[];
  steps: StepResult<TOOLS>[];
}

export type TurnErrorKind = "timeout" | "aborted" | "unavailable" | "rejected";

/** A turn that produced no reply: every model failed, the budget ran out, or the caller aborted. */
export class TurnError extends Error {
  override readonly name = "TurnError";
  readonly kind: TurnErrorKind;
  readonly retryable: boolean;
  readonly status?: number;

  constructor({
    kind,
    message,
    status,
    cause,
  }: {
    kind: TurnErrorKind;
    message: string;
    status?: number;
    cause?: unknown;
  }) {
    super(message, { cause });
    this.kind = kind;
    this.retryable = kind === "timeout" || kind === "unavailable";
    this.status = status;
  }
}

export async function runTurn<TOOLS extends ToolSet>({
  models,
  instructions,
  messages,
  tools,
  activeTools,
  maxSteps = 6,
  timeoutMs = 45_000,
  maxRetries = 2,
  abortSignal,
}: RunTurnOptions<TOOLS>): Promise<TurnResult<TOOLS>> {
  if (models.length === 0)
    throw new TurnError({ kind: "rejected", message: "runTurn needs at least one model" });
  const deadline = Date.now() + timeoutMs;
  const completed: StepResult<TOOLS>[] = [];
  const carried: ModelMessage[] = []; // assistant and tool messages of completed steps
  const failures: string[] = [];
  let lastError: unknown;

  const toolsFor = (step: number): (keyof TOOLS & string)[] | undefined => {
    if (step >= maxSteps - 1) return [];
    if (!activeTools) return undefined;
    const wanted = new Set(activeTools());
    return Object.keys(tools).filter((name) => wanted.has(name));
  };

  const instructionsNow = () => (typeof instructions === "function" ? instructions() : instructions);

  const timedOut = (cause: unknown) =>
    new TurnError({ kind: "timeout", message: `turn took longer than ${timeoutMs} ms`, cause });

  for (const model of models) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw timedOut(lastError);
    const offset = completed.length;
    try {
      await generateText({
        model,
        instructions: instructionsNow(),
        messages: [...messages, ...carried],
        tools,
        stopWhen: isStepCount(maxSteps - offset),
        prepareStep: ({ stepNumber }) => ({
          activeTools: toolsFor(offset + stepNumber),
          instructions: instructionsNow(),
        }),
        timeout: remaining,
        maxRetries,
        abortSignal,
        onStepEnd: (step) => {
          completed.push(step);
          carried.push(...step.response.messages);
        },
      });
      return turnResult(completed);
    } catch (error) {
      if (abortSignal?.aborted) {
        throw new TurnError({ kind: "aborted", message: "turn aborted", cause: abortSignal.reason ?? error });
      }
      if (isTimeout(error)) throw timedOut(error);
      lastError = error;
      failures.push(`${modelName(model)}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  const { status, retryable } = describeFailure(lastError);
  throw new TurnError({
    kind: retryable ? "unavailable" : "rejected",
    message: `all models failed (${failures.join("; ")})`,
    status,
    cause: lastError,
  });
}

function turnResult<TOOLS extends ToolSet>(steps: StepResult<TOOLS>[]): TurnResult<TOOLS> {
  const last = steps.at(-1);
  return {
    text: last?.text ?? "",
    model: last?.response.modelId ?? last?.model.modelId ?? "",
    usage: {
      tokensIn: steps.reduce((n, s) => n + (s.usage.inputTokens ?? 0), 0),
      tokensOut: steps.reduce((n, s) => n + (s.usage.outputTokens ?? 0), 0),
    },
    cost: sumCost(steps),
    toolCalls: steps.flatMap((s) => s.toolCalls.map((c) => ({ name: c.toolName, input: c.input }))),
    steps,
  };
}

const modelName = (model: LanguageModel) => (typeof model === "string" ? model : model.modelId);

function isTimeout(error: unknown): boolean {
  for (let e = error; e instanceof Error; e = e.cause) {
    if (e.name === "TimeoutError") return true;
  }
  return false;
}

function describeFailure(error: unknown): { status?: number; retryable: boolean } {
  const last = RetryError.isInstance(error) ? error.lastError : error;
  if (APICallError.isInstance(last)) return { status: last.statusCode, retryable: last.isRetryable };
  return { retryable: false };
}
