/**
 * Command-line arguments of the npm tools: node's parseArgs, but a wrong flag or value ends in
 * one Vietnamese/English line and exit code 2, never a stack trace.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";

export function cliArgs<T extends ParseArgsConfig>(config: T, usage: string): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (err) {
    return usageError(`${(err as Error).message}`, usage);
  }
}

/** An integer flag within bounds, or the usage error naming it. */
export function intFlag(value: string | undefined, flag: string, min: number, max: number, usage: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim()) || Number(value) < min || Number(value) > max) {
    return usageError(`--${flag} phải là số nguyên ${min}–${max} / must be an integer ${min}–${max}`, usage);
  }
  return Number(value);
}

function usageError(message: string, usage: string): never {
  console.error(`Tham số không hợp lệ / invalid arguments: ${message}\n${usage}`);
  process.exit(2);
}
