/**
 * The boundary every tool call crosses: arguments are unmasked before the tool
 * runs (it sees the real email, not [EMAIL_1]) and its result is masked before
 * the model reads it. A tool that throws becomes `{ ok: false, reason }` data
 * for the model (logged here), so one failing port does not end the turn.
 */
import type { Tool, ToolExecutionOptions, ToolSet } from "ai";
import type { Logger } from "../log.ts";
import type { PiiVault } from "./pii.ts";

export function guardTools<TOOLS extends ToolSet>({
  tools,
  vault,
  logger,
}: {
  tools: TOOLS;
  vault: PiiVault;
  logger: Logger;
}): TOOLS {
  const guarded = Object.entries(tools).map(([name, original]) => {
    const execute = original.execute as
      | ((input: unknown, options: ToolExecutionOptions<any>) => Promise<unknown>)
      | undefined;
    if (!execute) return [name, original];
    const wrapped: Tool = {
      ...original,
      execute: async (input: unknown, options: ToolExecutionOptions<any>) => {
        try {
          return vault.maskDeep(await execute(vault.unmaskDeep(input), options));
        } catch (error) {
          if (options.abortSignal?.aborted) throw error;
          logger.error("tool failed", { tool: name, err: error });
          return { ok: false, reason: `${name} is not available right now` };
        }
      },
    };
    return [name, wrapped];
  });
  return Object.fromEntries(guarded) as TOOLS;
}
