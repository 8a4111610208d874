/** Failures of the database itself (not expected outcomes, which are values). */
export type StoreErrorKind = "unavailable" | "invalid_url" | "migration_failed" | "conflict" | "read_only";

export class StoreError extends Error {
  override readonly name = "StoreError";
  readonly kind: StoreErrorKind;
  readonly retryable: boolean;

  constructor(kind: StoreErrorKind, message: string, options?: { cause?: unknown; retryable?: boolean }) {
    super(message, { cause: options?.cause });
    this.kind = kind;
    this.retryable = options?.retryable ?? kind === "unavailable";
  }

  static isInstance(error: unknown): error is StoreError {
    return error instanceof Error && error.name === "StoreError" && "kind" in error;
  }
}

/** True when the driver reports a unique-constraint violation (either dialect). */
export function isUniqueViolation(error: unknown): boolean {
  for (let e: any = error; e; e = e.cause) {
    if (
      e.code === "23505" ||
      e.code === "SQLITE_CONSTRAINT_UNIQUE" ||
      e.code === "SQLITE_CONSTRAINT_PRIMARYKEY"
    )
      return true;
    if (typeof e.message === "string" && /UNIQUE constraint failed/.test(e.message)) return true;
  }
  return false;
}
