/** The core's `Log` port over Powertools Logger (structured JSON, Lambda-aware). */
import { Logger } from '@aws-lambda-powertools/logger';
import type { Log } from '../../core/ports.js';

export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';

export function powertoolsLog(logger: Logger): Log {
  return {
    debug: (message, extra) => logger.debug(message, extra ?? {}),
    info: (message, extra) => logger.info(message, extra ?? {}),
    warn: (message, extra) => logger.warn(message, extra ?? {}),
    error: (message, extra) => logger.error(message, extra ?? {}),
  };
}

export function createLog(serviceName: string, logLevel?: LogLevel): { logger: Logger; log: Log } {
  const logger = new Logger({ serviceName, ...(logLevel ? { logLevel } : {}) });
  return { logger, log: powertoolsLog(logger) };
}
