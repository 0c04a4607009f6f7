/** Every file the dashboard hands out is a download (never rendered by the browser), named safely. */
import type { Response } from "express";

export const CONTENT_TYPES = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  binary: "application/octet-stream",
} as const;

export function sendDownload(res: Response, name: string, contentType: string, body: Buffer | Uint8Array | string): void {
  res.setHeader("Content-Type", contentType);
  res.setHeader("Content-Disposition", `attachment; filename="${name.replace(/[^\w.\-]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(name)}`);
  res.send(typeof body === "string" ? body : Buffer.from(body));
}
