/**
 * Structured JSON logs, one line per event. A child logger carries fields
 * (request id, chat id, node id) into every line it writes.
 */
export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface CreateLoggerOptions {
  level?: LogLevel;
  fields?: LogFields;
  /** Where lines go; stdout by default. Tests pass an array's push. */
  write?: (line: string) => void;
}

export function createLogger({
  level = "info",
  fields = {},
  write = (line) => process.stdout.write(`${line}\n`),
}: CreateLoggerOptions = {}): Logger {
  const emit = (lvl: LogLevel, msg: string, extra?: LogFields) => {
    if (order[lvl] < order[level]) return;
    const line: LogFields = { time: new Date().toISOString(), level: lvl, msg, ...fields, ...extra };
    if (extra?.err instanceof Error) line.err = { name: extra.err.name, message: extra.err.message };
    write(JSON.stringify(line));
  };
  return {
    debug: (m, f) => emit("debug", m, f),
    info: (m, f) => emit("info", m, f),
    warn: (m, f) => emit("warn", m, f),
    error: (m, f) => emit("error", m, f),
    child: (more) => createLogger({ level, fields: { ...fields, ...more }, write }),
  };
}

/** A logger that drops everything: the default in tests and library code. */
export const silentLogger: Logger = createLogger({ level: "error", write: () => {} });
