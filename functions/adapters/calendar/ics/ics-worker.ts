/**
 * Runs `listFeed` on a worker thread: a large feed takes seconds of CPU,
 * which would stall the local runner's pages and its Ctrl-C meanwhile.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { IcsParseError } from './errors.js';
import { type ListingInput, listFeed } from './ics-listing.js';

try {
  parentPort?.postMessage({ result: listFeed(workerData as ListingInput) });
} catch (error) {
  parentPort?.postMessage({
    error: error instanceof Error ? error.message : String(error),
    parse: error instanceof IcsParseError,
  });
}
