/**
 * What an entry module builds once per Lambda container (clients, secrets),
 * started on first use. A failed start is not kept: a transient error
 * (Secrets Manager throttled, say) fails that one invocation, and the next
 * invocation in the same warm container starts again.
 */
export function startOnce<T>(start: () => Promise<T>): () => Promise<T> {
  let started: Promise<T> | undefined;
  return () => {
    started ??= start().catch((error: unknown) => {
      started = undefined;
      throw error;
    });
    return started;
  };
}
