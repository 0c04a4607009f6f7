/**
 * The district dashboard under /dashboard: security headers (helmet, strict CSP, no scripts),
 * small form bodies, sign-in, then every page behind a session (POSTs also need the CSRF token
 * and the officer role).
 */
import express, { Router } from "express";
import helmet from "helmet";
import { requireStaff } from "./auth/middleware.ts";
import type { DashboardDeps } from "./context.ts";
import { boardRoutes } from "./pages/board.ts";
import { entryRoutes } from "./pages/entry.ts";
import { exportRoutes } from "./pages/exports.ts";
import { loginRoutes, logoutRoute } from "./pages/login.ts";
import { reminderRoutes } from "./pages/reminders.ts";
import { reportRoutes } from "./pages/report.ts";
import { reviewRoutes } from "./pages/review.ts";
import { schoolRoutes } from "./pages/schools.ts";

import { storableBody } from "../http/storable-body.ts";

export function dashboardRouter(deps: DashboardDeps): Router {
  const router = Router();
  router.use(
    "/dashboard",
    helmet({
      contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], styleSrc: ["'unsafe-inline'"], imgSrc: ["'self'"], formAction: ["'self'"], frameAncestors: ["'none'"], baseUri: ["'none'"], upgradeInsecureRequests: null } },
      referrerPolicy: { policy: "no-referrer" },
    }),
    (_req, res, next) => {
      res.setHeader("Cache-Control", "no-store");
      next();
    },
    express.urlencoded({ extended: false, limit: "512kb", parameterLimit: 2_000 }),
    storableBody,
  );
  loginRoutes(router, deps);
  router.use("/dashboard", requireStaff(deps.prisma));
  logoutRoute(router, deps);
  boardRoutes(router, deps);
  reportRoutes(router, deps);
  reviewRoutes(router, deps);
  entryRoutes(router, deps);
  schoolRoutes(router, deps);
  reminderRoutes(router, deps);
  exportRoutes(router, deps);
  return router;
}
