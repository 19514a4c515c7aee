/** Ids a test can read: `id-000001`, `id-000002`, ... */
import type { Ids } from '../../functions/core/ports.js';

/** Sortable, unique ids: `id-000001`, `id-000002`, ... */
export class CountingIds implements Ids {
  private count = 0;
  next(): string {
    this.count += 1;
    return `id-${String(this.count).padStart(6, '0')}`;
  }
}
