/**
 * The ICS "sync token": what the last read of the feed saw, as JSON. ICS has
 * no deltas, so it only lets an unchanged feed be skipped: by HTTP validators
 * (ETag, Last-Modified) or by the hash of the body.
 */
import { z } from 'zod';

/** What the last read saw; every field optional but the time of the listing. */
export const IcsCursor = z.object({
  etag: z.string().max(1024).optional(),
  lastModified: z.string().max(200).optional(),
  /** sha256 of the body, hex. */
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  /** When the listing was made: recurring events roll into the window over time. */
  listedAt: z.iso.datetime(),
});
export type IcsCursor = z.infer<typeof IcsCursor>;

/** The cursor as the sync-token string the core stores. */
export function encodeCursor(cursor: IcsCursor): string {
  return JSON.stringify(cursor);
}

/** The cursor in `token`, or undefined when it is absent or not ours (then read in full). */
export function decodeCursor(token: string | undefined): IcsCursor | undefined {
  if (!token) return undefined;
  try {
    const parsed = IcsCursor.safeParse(JSON.parse(token));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
