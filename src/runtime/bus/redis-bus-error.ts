/**
 * The bus could not take a command (Redis unreachable or too slow). Nothing
 * was accepted: the webhook answers 503 and Wazzup delivers again.
 */
export class BusUnavailableError extends Error {
  override readonly name = "BusUnavailableError";
  readonly kind = "unavailable" as const;
  readonly retryable = true;
  readonly status = 503;

  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options);
  }
}
