import { ConflictError } from './errors.js';

/**
 * Runs a read-modify-write until it wins its conditional write. Conflicts are
 * rare (one calendar syncs at a time) but actions and syncs can meet.
 */
export async function retryOnConflict<T>(work: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof ConflictError) || attempt >= attempts) throw error;
    }
  }
}
