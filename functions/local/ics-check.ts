/**
 * Checks `--ics` before the runner starts, so that a typo is refused with a
 * reason instead of failing quietly on every poll: a URL must be http(s) or
 * webcal; a file must exist, be readable, fit the size bound and start like
 * a calendar.
 */
import { open } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { IcsFetchError } from '../adapters/calendar/ics/errors.js';
import { sourceUrl } from '../adapters/calendar/ics/ics-source.js';

/** As `IcsProvider` reads by default. */
const MAX_BYTES = 10 * 1024 * 1024;

/** Why `location` cannot be a calendar, or undefined when it looks like one. */
export async function icsProblem(location: string): Promise<string | undefined> {
  let url: URL | undefined;
  try {
    url = sourceUrl(location);
  } catch (error) {
    if (error instanceof IcsFetchError)
      return `--ics ${location}: ${error.message}; use a file, http(s):// or webcal://`;
    return `--ics ${location} is not a valid URL`;
  }
  if (url && url.protocol !== 'file:') return undefined;
  const path = url ? fileURLToPath(url) : location;
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return `--ics ${path}: no such file`;
    if (code === 'EACCES') return `--ics ${path}: cannot read the file (permission denied)`;
    return `--ics ${path}: cannot open the file (${code ?? 'unknown error'})`;
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) return `--ics ${path} is not a file`;
    if (stat.size > MAX_BYTES) return `--ics ${path} is larger than ${MAX_BYTES / 1024 / 1024} MB`;
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4096), 0, 4096, 0);
    const head = buffer
      .subarray(0, bytesRead)
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trimStart();
    if (!/^BEGIN:VCALENDAR\b/i.test(head)) {
      return `--ics ${path} is not an iCalendar file (it should start with BEGIN:VCALENDAR)`;
    }
    return undefined;
  } finally {
    await handle.close();
  }
}
