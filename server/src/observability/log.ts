/**
 * Structured JSON logs (pino): one line per event, a request id on every line a request writes,
 * secrets masked by redact.ts before anything reaches the output.
 */
import { pino, type DestinationStream, type Logger } from "pino";
import { createScrubber, REDACT_PATHS, REDACTED, secretValues } from "./redact.ts";

export type { Logger };

export interface LoggerOptions {
  level: string;
  /** The environment the secrets are taken from (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** Where lines go (default stdout); tests hand in a collecting stream. */
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  const scrub = createScrubber(secretValues(options.env ?? process.env));
  return pino(
    {
      level: options.level,
      base: { service: "opsledger" },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: [...REDACT_PATHS], censor: REDACTED },
      hooks: { streamWrite: scrub },
    },
    options.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}

/** A logger that writes nothing: the default for apps built in tests and benches. */
export const silentLogger = (): Logger => pino({ level: "silent" });
