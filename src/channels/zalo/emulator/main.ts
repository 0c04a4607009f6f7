/**
 * `npm run zalo:emulator -- [port] [token]` — a local Zalo Bot API for demos. Point the service at it with
 * ZALO_API_ROOT=http://127.0.0.1:<port> and ZALO_BOT_TOKEN=<printed token>.
 * Simulate a user: curl -XPOST localhost:<port>/_emulator/users/u1/messages -H 'content-type: application/json' -d '{"text":"trợ giúp"}'
 */
import { ZaloEmulator } from "./emulator.ts";

const port = Number(process.argv[2] ?? 8081);
const emulator = await new ZaloEmulator({ token: process.argv[3] }).start(port);
console.log(`Zalo emulator: ${emulator.apiRoot}  token: ${emulator.token}`);
process.on("SIGINT", () => void emulator.stop().then(() => process.exit(0)));
process.on("SIGTERM", () => void emulator.stop().then(() => process.exit(0)));
