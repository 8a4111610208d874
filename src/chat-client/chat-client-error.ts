/** Why the terminal chat cannot go on, worded for the person at the terminal. */
export type ChatClientErrorKind = "unreachable" | "unauthorized" | "rejected" | "missing_credentials";

export class ChatClientError extends Error {
  override readonly name = "ChatClientError";
  readonly retryable = false;
  constructor(
    readonly kind: ChatClientErrorKind,
    message: string,
    readonly options: { status?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
  }
  get status(): number | undefined {
    return this.options.status;
  }
  /** The server did not answer (it may come back): the session goes on. */
  static isUnreachable(error: unknown): error is ChatClientError {
    return error instanceof ChatClientError && error.kind === "unreachable";
  }
}
