import type { CatalogSyncRun } from "../store/records.ts";

export type CatalogSyncErrorKind = "busy" | "refused";

const marker = Symbol.for("noor.CatalogSyncError");

/** `busy`: another sync runs in this process (HTTP 409); `refused`: Zoho's answer would empty the catalogue. */
export class CatalogSyncError extends Error {
  override readonly name = "CatalogSyncError";
  readonly [marker] = true;
  readonly kind: CatalogSyncErrorKind;
  readonly retryable: boolean;
  readonly status?: number;
  /** The run in progress, for `busy`. */
  readonly run?: CatalogSyncRun;

  constructor({
    kind,
    message,
    run,
    cause,
  }: {
    kind: CatalogSyncErrorKind;
    message: string;
    run?: CatalogSyncRun;
    cause?: unknown;
  }) {
    super(message, { cause });
    this.kind = kind;
    this.retryable = kind === "busy";
    this.status = kind === "busy" ? 409 : undefined;
    this.run = run;
  }

  static isInstance(error: unknown): error is CatalogSyncError {
    return typeof error === "object" && error !== null && marker in error;
  }
}
