/**
 * The shape every outside-system error shares (Wazzup, Zoho, embeddings):
 * what kind of failure it is, whether the retry policy may try again, the
 * HTTP status and the server's requested wait when there were any. Each
 * subclass keeps its own name, kinds and brand (`isInstance`).
 */
export interface ServiceErrorOptions<Kind extends string> {
  kind: Kind;
  message: string;
  retryable?: boolean;
  status?: number;
  retryAfterMs?: number;
  cause?: unknown;
}

export abstract class ServiceError<Kind extends string> extends Error {
  readonly kind: Kind;
  readonly retryable: boolean;
  readonly status?: number;
  readonly retryAfterMs?: number;

  constructor({ kind, message, retryable = false, status, retryAfterMs, cause }: ServiceErrorOptions<Kind>) {
    super(message, { cause });
    this.kind = kind;
    this.retryable = retryable;
    this.status = status;
    this.retryAfterMs = retryAfterMs;
  }
}
