/**
 * The express app: health checks, request ids in logs, the routers of the channels, and one
 * error handler that never shows a stack trace.
 */
import { randomUUID } from "node:crypto";
import express, { type ErrorRequestHandler, type Router } from "express";
import { pinoHttp } from "pino-http";
import type { Logger } from "../logger.ts";
import { isMissingRecord } from "../db/errors.ts";

function isDecodable(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

export interface HttpDeps {
  logger: Logger;
  /** True when the database answers. */
  ready: () => Promise<boolean>;
  routers: Router[];
  /** express "trust proxy" (TRUST_PROXY): which reverse proxies may name the client IP. */
  trustProxy?: string | number | false;
}

export function createHttpApp(deps: HttpDeps): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", deps.trustProxy ?? "loopback");

  // A NUL or a malformed escape in the URL is never a real page: 400 before any router decodes it.
  app.use((req, res, next) => {
    if (/%00|\0/i.test(req.url) || !isDecodable(req.path)) return void res.status(400).json({ error: "Địa chỉ không hợp lệ." });
    next();
  });

  // One log line per request (pino-http): id, method, path without the query, status, time.
  // Headers, cookies and query strings are never logged (they carry sessions and tokens).
  app.use(
    pinoHttp({
      logger: deps.logger,
      genReqId: (req, res) => {
        const id = (String(req.headers["x-request-id"] ?? "").slice(0, 64).replace(/[^\w.:-]/g, "")) || randomUUID();
        res.setHeader("x-request-id", id);
        return id;
      },
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, path: req.url.split("?")[0] }),
        res: (res: { statusCode: number }) => ({ status: res.statusCode }),
      },
      customSuccessMessage: () => "http request",
      customErrorMessage: () => "http request failed",
      // Health checks every few seconds would drown the log.
      autoLogging: { ignore: (req) => (req.url ?? "").startsWith("/healthz") },
    }),
  );

  app.get("/healthz", (_req, res) => void res.json({ status: "ok" }));
  app.get("/healthz/ready", async (_req, res) => {
    const ok = await deps.ready();
    res.status(ok ? 200 : 503).json({ status: ok ? "ready" : "database unavailable" });
  });

  for (const router of deps.routers) app.use(router);

  app.use((_req, res) => void res.status(404).json({ error: "Không tìm thấy trang." }));
  const onError: ErrorRequestHandler = (err, _req, res, _next) => {
    // A record that does not exist (an unknown id in a form's URL): 404, not a fault.
    const status = isMissingRecord(err) ? 404 : typeof err?.status === "number" && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status >= 500) deps.logger.error({ err }, "http handler failed");
    const message =
      status === 413 ? "Dữ liệu gửi lên quá lớn." : status === 404 ? "Không tìm thấy trang." : status < 500 ? "Yêu cầu không hợp lệ." : "Hệ thống gặp sự cố, vui lòng thử lại sau.";
    res.status(status).json({ error: message });
  };
  app.use(onError);
  return app;
}
