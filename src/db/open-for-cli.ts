/** Opens the configured database for a command-line tool, with readable failures. */
import { ConfigError, loadConfig, type Config } from "../config.ts";
import { openDatabase, type Database } from "./client.ts";

export async function openDatabaseForCli(): Promise<{ config: Config; db: Database }> {
  try {
    const config = loadConfig();
    const db = await openDatabase(config.database);
    return { config, db };
  } catch (err) {
    if (err instanceof ConfigError) console.error(err.message);
    else if (/locked by process/.test((err as Error).message)) {
      console.error(
        `${(err as Error).message}\nDịch vụ đang chạy và giữ cơ sở dữ liệu nhúng: hãy dừng dịch vụ rồi chạy lại lệnh này / stop the service first.`,
      );
    } else console.error(`Không mở được cơ sở dữ liệu / cannot open the database: ${(err as Error).message}`);
    process.exit(1);
  }
}
