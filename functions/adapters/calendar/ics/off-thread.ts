/**
 * Starts `ics-worker` for one listing and ends it when the listing is done
 * or the caller aborts (Ctrl-C): `terminate` stops even a walk that would
 * never return. Under tsx (the local runner, tests) the worker registers
 * tsx first, since loader hooks do not reach a worker thread by themselves.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { IcsParseError } from './errors.js';
import type { ListingInput, ListingResult } from './ics-listing.js';

export function listFeedOffThread(input: ListingInput, signal?: AbortSignal): Promise<ListingResult> {
  signal?.throwIfAborted();
  const worker = startWorker(input);
  return new Promise<ListingResult>((resolve, reject) => {
    const abort = () => {
      void worker.terminate();
      reject(signal?.reason ?? new Error('aborted'));
    };
    signal?.addEventListener('abort', abort, { once: true });
    const done = () => {
      signal?.removeEventListener('abort', abort);
      void worker.terminate();
    };
    worker.once('message', (message: { result?: ListingResult; error?: string; parse?: boolean }) => {
      done();
      if (message.result) resolve(message.result);
      else if (message.parse) reject(new IcsParseError(message.error ?? 'the feed is not valid iCalendar'));
      else reject(new Error(`reading the calendar failed: ${message.error}`));
    });
    worker.once('error', (error) => {
      done();
      reject(error);
    });
    worker.once('exit', (code) => {
      signal?.removeEventListener('abort', abort);
      reject(new Error(`the calendar reader stopped (exit ${code})`));
    });
  });
}

function startWorker(input: ListingInput): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./ics-worker.js', here), { workerData: input });
  const entry = new URL('./ics-worker.ts', here).href;
  const script = `import(${JSON.stringify(tsxApi())}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(script, { eval: true, workerData: input });
}

/** tsx's ESM registration API, resolved from this package. */
function tsxApi(): string {
  const packageJson = createRequire(import.meta.url).resolve('tsx/package.json');
  return new URL('./dist/esm/api/index.mjs', pathToFileURL(packageJson)).href;
}
