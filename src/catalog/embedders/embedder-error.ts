import { ServiceError } from "../../util/service-error.ts";

export type EmbedderErrorKind = "unavailable" | "unauthorized" | "rate_limited" | "rejected";

const marker = Symbol.for("noor.EmbedderError");

/** Why an embedding call failed: the model is off or failed to load, or the embeddings API said no. */
export class EmbedderError extends ServiceError<EmbedderErrorKind> {
  override readonly name = "EmbedderError";
  readonly [marker] = true;

  static isInstance(error: unknown): error is EmbedderError {
    return typeof error === "object" && error !== null && marker in error;
  }
}
