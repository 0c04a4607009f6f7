/**
 * Every string of a parsed request body (dashboard forms, the web chat's JSON) as it can be
 * stored: the one text boundary of src/domain/text.ts, applied once where HTTP input enters.
 */
import type { RequestHandler } from "express";
import { storableText } from "../domain/text.ts";

function clean(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return storableText(value);
  if (depth > 8 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => clean(v, depth + 1));
  for (const [k, v] of Object.entries(value)) (value as Record<string, unknown>)[k] = clean(v, depth + 1);
  return value;
}

export const storableBody: RequestHandler = (req, _res, next) => {
  if (req.body !== undefined) req.body = clean(req.body);
  next();
};
