export type EmbedderErrorKind = "unavailable" | "unauthorized" | "rate_limited" | "rejected";

const marker = Symbol.for("noor.EmbedderError");

/** Why an embedding call failed: the model is off or failed to load, or the embeddings API said no. */
export class EmbedderError extends Error {
  override readonly name = "EmbedderError";
  readonly [marker] = true;
  readonly kind: EmbedderErrorKind;
  readonly status?: number;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;

  constructor({
    kind,
    message,
    status,
    retryable = false,
    retryAfterMs,
    cause,
  }: {
    kind: EmbedderErrorKind;
    message: string;
    status?: number;
    retryable?: boolean;
    retryAfterMs?: number;
    cause?: unknown;
  }) {
    super(message, { cause });
    this.kind = kind;
    this.status = status;
    this.retryable = retryable;
    this.retryAfterMs = retryAfterMs;
  }

  static isInstance(error: unknown): error is EmbedderError {
    return typeof error === "object" && error !== null && marker in error;
  }
}
