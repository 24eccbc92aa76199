/** Where the authority server writes its log lines. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

/** Logs to the console with an `[authority]` prefix (the default). */
export const consoleLogger: Logger = {
  info: (m) => console.info(`[authority] ${m}`),
  warn: (m) => console.warn(`[authority] ${m}`),
  error: (m, e) => (e === undefined ? console.error(`[authority] ${m}`) : console.error(`[authority] ${m}`, e)),
};

/** Logs nothing (tests). */
export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };
