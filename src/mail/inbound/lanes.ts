/** Work in lanes: different lanes side by side, one lane's items one after another. */
/**
 * Runs `fn` over the items, at most `parallel` at once; items of the same lane one after
 * another, in their order.
 */
export async function inLanes<T>(items: T[], laneOf: (item: T) => string, parallel: number, fn: (item: T) => Promise<void>): Promise<void> {
  const lanes = new Map<string, T[]>();
  for (const item of items) {
    const key = laneOf(item);
    lanes.set(key, [...(lanes.get(key) ?? []), item]);
  }
  const queue = [...lanes.values()];
  const worker = async () => {
    for (let lane = queue.shift(); lane; lane = queue.shift()) for (const item of lane) await fn(item);
  };
  await Promise.all(Array.from({ length: Math.min(parallel, queue.length) }, worker));
}
