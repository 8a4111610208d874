export { type App, type CreateAppOptions, createApp } from "./app.ts";
export { requireBearer, safeEqual } from "./auth.ts";
export { HttpError, type HttpErrorCode } from "./errors.ts";
export type { ComponentState, ComponentStatus, ReadinessCheck } from "./health.ts";
