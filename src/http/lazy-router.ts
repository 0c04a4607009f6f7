/**
 * A router whose code is loaded on the first request under its path prefix: the dashboard's
 * pages (and the mail-review code they use) cost memory in every process, but only district staff
 * open them, and only some of the time. Requests outside the prefix pass through untouched.
 */
import { Router, type NextFunction, type Request, type Response } from "express";

export function lazyRouter(prefix: string, load: () => Promise<Router>): Router {
  let loading: Promise<Router> | undefined;
  const router = Router();
  router.use(async (req: Request, res: Response, next: NextFunction) => {
    if (req.path !== prefix && !req.path.startsWith(`${prefix}/`)) return next();
    loading ??= load().catch((err: unknown) => {
      loading = undefined; // a failed load is tried again on the next request
      throw err;
    });
    // The loaded router mounts its own routes under the prefix: it sees the same path.
    (await loading)(req, res, next);
  });
  return router;
}
