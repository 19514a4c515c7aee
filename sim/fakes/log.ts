/** Logs for tests and the simulation: one that keeps its entries, one that says nothing. */
import type { Log } from '../../functions/core/ports.js';

/** A log that keeps its entries (warnings and errors are worth asserting on). */
export class MemoryLog implements Log {
  readonly entries: Array<{ level: string; message: string; extra?: Record<string, unknown> }> = [];
  debug(message: string, extra?: Record<string, unknown>): void {
    this.entries.push({ level: 'debug', message, extra });
  }
  info(message: string, extra?: Record<string, unknown>): void {
    this.entries.push({ level: 'info', message, extra });
  }
  warn(message: string, extra?: Record<string, unknown>): void {
    this.entries.push({ level: 'warn', message, extra });
  }
  error(message: string, extra?: Record<string, unknown>): void {
    this.entries.push({ level: 'error', message, extra });
  }
}

/** Says nothing (the simulation's thousands of runs). */
export const quietLog: Log = { debug() {}, info() {}, warn() {}, error() {} };
