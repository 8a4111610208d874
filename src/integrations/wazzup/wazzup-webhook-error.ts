const marker = Symbol.for("noor.WazzupWebhookError");

/** A webhook POST whose body is not a JSON object: the HTTP layer answers 400. */
export class WazzupWebhookError extends Error {
  readonly [marker] = true;
  override readonly name = "WazzupWebhookError";
  readonly kind = "invalid_body" as const;
  readonly status = 400;
  readonly retryable = false;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }

  static isInstance(error: unknown): error is WazzupWebhookError {
    return typeof error === "object" && error !== null && marker in error;
  }
}
