/** `npm start`: load the configuration, start the service, stop cleanly on SIGTERM/SIGINT. */
import v8 from "node:v8";
import { checkDataDir, ConfigError, loadConfig } from "./config.ts";
import { startService } from "./service.ts";

let config;
try {
  config = loadConfig();
  checkDataDir(config);
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}

// Memory before speed on a small office server: a full collection once the heap has grown this
// much past what was live (V8's own rule lets a 60 MB heap reach ~110 MB of mostly garbage first).
if (config.heapGrowingPercent > 0) v8.setFlagsFromString(`--heap-growing-percent=${config.heapGrowingPercent}`);

try {
  const service = await startService(config);
  console.log(`\nTrợ lý chuyển đổi số đang chạy: mở ${service.url}/ để trò chuyện thử.\n`);
  const shutdown = (signal: string) => {
    service.logger.info({ signal }, "signal received");
    service.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  process.once("SIGINT", () => shutdown("SIGINT"));
  // A fault nobody awaited: logged with its cause, then a clean exit so the supervisor (systemd,
  // Docker) restarts a process in a known state; stored work resumes from the database.
  const fatal = (kind: string) => (err: unknown) => {
    service.logger.fatal({ err, kind }, "unexpected fault: stopping");
    service.stop().finally(() => process.exit(1));
  };
  process.once("unhandledRejection", fatal("unhandledRejection"));
  process.once("uncaughtException", fatal("uncaughtException"));
} catch (err) {
  console.error(`Không khởi động được dịch vụ / start-up failed: ${(err as Error).message}`);
  process.exit(1);
}
