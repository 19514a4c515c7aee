/**
 * `afterview detect FILE|-`: runs the interview detector over raw provider
 * events and prints one JSON line per item. A bad item gets an error line;
 * only input that is not a JSON array fails the whole run (exit code 2).
 * `afterview detect --score FILE` scores a labelled set instead (see
 * `detect-score.ts`).
 */
import { open } from 'node:fs/promises';
import { z } from 'zod';
import { mapGoogleEvent } from '../../adapters/calendar/google/google-mapper.js';
import { mapMicrosoftEvent } from '../../adapters/calendar/microsoft/microsoft-mapper.js';
import { detectInterview } from '../../core/detection/detection.js';
import { Owner } from '../../core/model.js';
import { describeIssues } from '../../core/zod-issues.js';
import { SCORE_USAGE, scoreCommand } from './detect-score.js';

/** Input larger than this is refused rather than parsed. */
const MAX_INPUT_BYTES = 50 * 1024 * 1024;
const MAX_ID = 200;

const Item = z.object({
  id: z.string().min(1).max(MAX_ID),
  provider: z.enum(['google', 'microsoft']),
  owner: Owner,
  event: z.custom<unknown>((value) => value !== undefined, 'missing'),
});

/** The input is not a JSON array of items. */
export class DetectInputError extends Error {
  override name = 'DetectInputError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * Classifies every item of a JSON array; returns one JSON line per item, in
 * order. Throws `DetectInputError` only when `input` is not a JSON array.
 */
export async function runDetect(input: string): Promise<string[]> {
  let parsed: unknown;
  try {
    // Editors on Windows save UTF-8 with a byte-order mark; it is not part of the JSON.
    parsed = JSON.parse(input.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new DetectInputError(`input is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  if (!Array.isArray(parsed)) throw new DetectInputError('input must be a JSON array of items');
  return parsed.map((item, index) => JSON.stringify(detectOne(item, index)));
}

/** One item's result: the detection as printed, or an error line. */
export function detectOne(raw: unknown, index: number): Record<string, unknown> {
  const id = itemId(raw);
  const item = Item.safeParse(raw);
  if (!item.success) {
    return { ...(id !== undefined ? { id } : {}), error: `item ${index}: ${describeIssues(item.error)}` };
  }
  try {
    const { provider, owner, event } = item.data;
    const mapped = provider === 'google' ? mapGoogleEvent(event, owner) : mapMicrosoftEvent(event, owner);
    if ('removed' in mapped) {
      return {
        id: item.data.id,
        interview: false,
        decision: 'ignore',
        score: 0,
        reasons: ['the event was removed or cancelled'],
      };
    }
    const detection = detectInterview(mapped, owner, { always: [], never: [] });
    return {
      id: item.data.id,
      interview: detection.interview,
      decision: detection.decision,
      score: detection.score,
      ...(detection.company ? { company: detection.company } : {}),
      ...(detection.role ? { role: detection.role } : {}),
      reasons: detection.reasons,
    };
  } catch (error) {
    return { id: item.data.id, error: `item ${index}: ${(error as Error).message}` };
  }
}

function itemId(raw: unknown): string | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const id = (raw as { id?: unknown }).id;
  return typeof id === 'string' && id.length > 0 ? id.slice(0, MAX_ID) : undefined;
}

/** CLI entry: `argv` is `[FILE]` or `['-']` for stdin. Returns the exit code. */
export async function main(
  argv: string[],
  io: { stdin: NodeJS.ReadableStream; stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
): Promise<number> {
  if (argv[0] === '--score') return scoreCommand(argv.slice(1), io);
  const source = argv[0];
  if (!source || argv.length > 1) {
    io.stderr.write(`usage: afterview detect FILE   (or - to read stdin)\n${SCORE_USAGE}`);
    return 2;
  }
  let input: string;
  try {
    input = source === '-' ? await readStream(io.stdin) : await readBoundedFile(source);
  } catch (error) {
    io.stdout.write(`${JSON.stringify({ error: `cannot read ${source}: ${(error as Error).message}` })}\n`);
    return 2;
  }
  // `afterview detect file | head` closes our stdout early: stop writing, do not crash.
  let closed = false;
  io.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    closed = true;
  });
  try {
    for (const line of await runDetect(input)) {
      if (closed) break;
      io.stdout.write(`${line}\n`);
    }
    return 0;
  } catch (error) {
    if (!(error instanceof DetectInputError)) throw error;
    io.stdout.write(`${JSON.stringify({ error: error.message })}\n`);
    return 2;
  }
}

/** A file, refused before reading when it is larger than stdin may be. */
async function readBoundedFile(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    if (size > MAX_INPUT_BYTES) throw new Error(`the file is larger than ${MAX_INPUT_BYTES} bytes`);
    return (await handle.readFile()).toString('utf8');
  } finally {
    await handle.close();
  }
}

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array);
    size += buffer.length;
    if (size > MAX_INPUT_BYTES) throw new Error(`input is larger than ${MAX_INPUT_BYTES} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
