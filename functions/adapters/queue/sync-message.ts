/** The body of a sync-queue message: shared by the queue adapter and the sync handler. */
import { z } from 'zod';
import { Instant } from '../../core/model.js';

export const SyncMessage = z.object({
  userId: z.string().min(1),
  connectionId: z.string().min(1),
  /** Why a sync was asked for ("webhook", "maintenance", "connected"...), for logs. */
  reason: z.string().min(1).max(200),
  requestedAt: Instant,
});
export type SyncMessage = z.infer<typeof SyncMessage>;
