/**
 * A child process that runs one shard of a simulation: it receives the
 * options and its shard over IPC, regenerates the (deterministic) workload,
 * runs its users and sends back what it recorded.
 */
import { runShard, type Shard, type SimOptions } from './simulation.js';
import { generateWorkload } from './workload.js';

interface Request {
  options: Omit<SimOptions, 'start' | 'progress'> & { start?: string };
  shard: Shard;
}

process.once('message', async (request: Request) => {
  try {
    const options: SimOptions = {
      ...request.options,
      start: request.options.start ? new Date(request.options.start) : undefined,
      progress: (line) => process.send?.({ progress: line }),
    };
    const output = await runShard(generateWorkload(options), options, request.shard);
    process.send?.({ output }, () => process.exit(0));
  } catch (error) {
    process.send?.({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) }, () =>
      process.exit(1),
    );
  }
});
