/**
 * `npm run chat` — talk to the bot in a terminal, through the same pipeline as Zalo
 * (channel "cli"). Uses the configured database; with the embedded one, stop the service
 * first (or use the web chat page while it runs).
 */
import os from "node:os";
import readline from "node:readline/promises";
import { createLogger } from "../../logger.ts";
import { openDatabaseForCli } from "../../db/open-for-cli.ts";
import { createBotDeps } from "../../bot/deps.ts";
import { createLocalChat } from "../local/local-chat.ts";

const { config, db } = await openDatabaseForCli();
const logger = createLogger({ level: "warn", secrets: config.secrets, write: (line) => process.stderr.write(line) });
const chat = createLocalChat("cli", createBotDeps(config, db.prisma, logger).deps);
const userId = `cli-${os.userInfo().username}`;
const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });

if (process.stdin.isTTY) console.log("Trò chuyện với trợ lý (gõ “thoát” hoặc Ctrl+D để kết thúc).\n");
for await (const line of rl) {
  const text = line.trim();
  if (!text) continue;
  if (["thoát", "thoat", "exit", "quit"].includes(text.toLowerCase())) break;
  for (const reply of await chat.send(userId, text)) console.log(`${reply}\n`);
  if (process.stdin.isTTY) process.stdout.write("> ");
}
rl.close();
await db.close();
process.exit(0);
