/**
 * Fault injection at one base rate (`--faults RATE`). Each kind of fault is
 * drawn from its own seeded stream so that turning one on does not shift the
 * others; kinds that are rare in life (revoked grants) are scaled down.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { Random } from './random.js';

/** A DynamoDB call failed in a way the SDK gives up on (throttling, 500). */
export class TransientStoreError extends Error {
  override name = 'TransientStoreError';
}

/** The provider answered 500/503 or did not answer in time. */
export class ProviderUnavailableError extends Error {
  override name = 'ProviderUnavailableError';
  constructor(readonly status: 500 | 503 | 'timeout') {
    super(`calendar provider failed: ${status}`);
  }
}

/** SES refused the send: maximum sending rate exceeded. */
export class SesThrottledError extends Error {
  override name = 'SesThrottledError';
}

export type FaultKind =
  | 'provider-429'
  | 'provider-5xx'
  | 'provider-timeout'
  | 'token-expired'
  | 'grant-revoked'
  | 'notification-duplicate'
  | 'notification-delayed'
  | 'firing-duplicate'
  | 'firing-concurrent'
  | 'crash-before-write'
  | 'crash-after-write'
  | 'store-transient'
  | 'ses-throttled';

/** Relative weight of each kind against the base rate. */
const SCALE: Record<FaultKind, number> = {
  'provider-429': 1 / 3,
  'provider-5xx': 1 / 3,
  'provider-timeout': 1 / 3,
  'token-expired': 0.3,
  'grant-revoked': 0.01,
  'notification-duplicate': 1,
  'notification-delayed': 1,
  'firing-duplicate': 1,
  'firing-concurrent': 1,
  'crash-before-write': 0.1,
  'crash-after-write': 0.1,
  'store-transient': 0.05,
  'ses-throttled': 1,
};

/** What one running handler invocation may be interrupted by. */
export interface Invocation {
  kind: 'sync' | 'followup' | 'action' | 'setup';
  /** Set by the mailer after a send, cleared by the next store write. */
  justSent: boolean;
}

export class FaultPlan {
  readonly injected: Partial<Record<FaultKind, number>> = {};
  readonly invocation = new AsyncLocalStorage<Invocation>();
  readonly #streams = new Map<FaultKind, Random>();

  constructor(
    readonly rate: number,
    private readonly seed: number,
    /** Crash in the window between a mail send and the write that records it (at-least-once). */
    readonly crashAfterSend = false,
  ) {}

  /** Draws whether a fault of this kind happens now; counts it when it does. */
  hit(kind: FaultKind): boolean {
    if (this.rate <= 0) return false;
    const stream = this.stream(kind);
    if (!stream.chance(this.rate * SCALE[kind])) return false;
    this.injected[kind] = (this.injected[kind] ?? 0) + 1;
    return true;
  }

  /** A random number from the kind's stream (delays, retry-after). */
  draw(kind: FaultKind, min: number, max: number): number {
    return this.stream(kind).int(min, max);
  }

  /** Runs `work` as one handler invocation that faults may interrupt. */
  run<T>(kind: Invocation['kind'], work: () => Promise<T>): Promise<T> {
    return this.invocation.run({ kind, justSent: false }, work);
  }

  private stream(kind: FaultKind): Random {
    let stream = this.#streams.get(kind);
    if (!stream) {
      stream = new Random(this.seed ^ hash(kind));
      this.#streams.set(kind, stream);
    }
    return stream;
  }
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}
