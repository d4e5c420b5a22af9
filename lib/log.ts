import "server-only";
import pino from "pino";

// Server logs are JSON lines on standard output (docs/architecture.md): one object per
// event, for whatever collects stdout. pino writes exactly that by default.
//
// Session tokens are never logged: callers pass cookie names and counts, never values.
// The redact list is the second line of defence for a field added carelessly later.
export const log = pino({
  base: { app: "larkspur-goods" },
  timestamp: pino.stdTimeFunctions.isoTime,
  redact: {
    paths: ["token", "*.token", "cookie", "*.cookie", "headers.cookie", "headers.authorization", "sessionToken", "*.sessionToken"],
    censor: "[redacted]",
  },
});
