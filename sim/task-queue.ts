/** A min-heap of timed tasks: earliest first, then in the order they were added. */
export class TaskQueue<T> {
  #heap: Array<{ at: number; seq: number; task: T }> = [];
  #seq = 0;

  get size(): number {
    return this.#heap.length;
  }

  push(at: number, task: T): void {
    this.#heap.push({ at, seq: this.#seq++, task });
    let i = this.#heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  /** When the earliest task is due. */
  peekAt(): number | undefined {
    return this.#heap[0]?.at;
  }

  /** Removes and returns every task due at or before `at`, in order. */
  popDue(at: number): T[] {
    const due: T[] = [];
    while (this.#heap.length > 0 && this.#heap[0]!.at <= at) due.push(this.pop());
    return due;
  }

  private pop(): T {
    const top = this.#heap[0]!;
    const last = this.#heap.pop()!;
    if (this.#heap.length > 0) {
      this.#heap[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < this.#heap.length && this.less(left, smallest)) smallest = left;
        if (right < this.#heap.length && this.less(right, smallest)) smallest = right;
        if (smallest === i) break;
        this.swap(i, smallest);
        i = smallest;
      }
    }
    return top.task;
  }

  private less(a: number, b: number): boolean {
    const x = this.#heap[a]!;
    const y = this.#heap[b]!;
    return x.at < y.at || (x.at === y.at && x.seq < y.seq);
  }

  private swap(a: number, b: number): void {
    const x = this.#heap[a]!;
    this.#heap[a] = this.#heap[b]!;
    this.#heap[b] = x;
  }
}

/** Runs `work` over `items` with at most `limit` in flight. */
export async function runLimited<T>(
  items: T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
