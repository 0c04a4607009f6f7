/** Tracks work started after an early HTTP answer, so shutdown can wait for it. */
export class InflightTracker {
  private readonly tasks = new Set<Promise<unknown>>();

  track<T>(task: Promise<T>): Promise<T> {
    this.tasks.add(task);
    task.finally(() => this.tasks.delete(task)).catch(() => undefined);
    return task;
  }

  get size(): number {
    return this.tasks.size;
  }

  /** Resolves when everything in flight has settled, or after `timeoutMs`. */
  async drain(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((r) => (timer = setTimeout(() => r(false), timeoutMs)));
    const done = (async () => {
      while (this.tasks.size) await Promise.allSettled([...this.tasks]);
      return true as const;
    })();
    const result = await Promise.race([done, timeout]);
    clearTimeout(timer);
    return result;
  }
}
