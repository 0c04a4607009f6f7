/** Drives conversations over the Zalo emulator: each `say` delivers an update and returns the replies. */
import { ZaloEmulator } from "../../src/channels/zalo/emulator/emulator.ts";
import type { Service } from "../../src/service.ts";

export const ZALO_SECRET = "dialogue-test-secret";

export function zaloEnv(emulator: ZaloEmulator): Record<string, string> {
  return { ZALO_BOT_TOKEN: emulator.token, ZALO_API_ROOT: emulator.apiRoot, ZALO_UPDATE_MODE: "webhook", ZALO_WEBHOOK_SECRET: ZALO_SECRET };
}

export function pointWebhook(emulator: ZaloEmulator, service: Service): void {
  emulator.webhook = { url: `${service.url}/webhooks/zalo`, secret: ZALO_SECRET, updatedAt: Date.now() };
}

export class ZaloUser {
  private readonly emulator: ZaloEmulator;
  private readonly service: () => Service;
  readonly id: string;
  readonly name: string;
  /** Set for a member of a group chat: messages go to the group, replies are read from it. */
  readonly group?: string;

  constructor(emulator: ZaloEmulator, service: () => Service, id: string, name = "Nguyễn Thị Hoa", group?: string) {
    this.emulator = emulator;
    this.service = service;
    this.id = id;
    this.name = name;
    this.group = group;
  }

  /** Sends `text` and returns everything the bot answered to it. */
  async say(text: string): Promise<string[]> {
    return this.send(this.group ? this.emulator.groupSays(this.group, this.id, text, this.name) : this.emulator.userSays(this.id, text, this.name));
  }

  async sendSticker(): Promise<string[]> {
    return this.send(this.emulator.userEvent(this.id, "message.sticker.received", { sticker: "s1" }, this.name));
  }

  private async send(update: object): Promise<string[]> {
    const chat = this.group ?? this.id;
    const before = this.emulator.sentTo(chat).length;
    const status = await this.emulator.deliver(update);
    if (status !== 200) throw new Error(`webhook answered ${status}`);
    await this.service().idle();
    return this.emulator.sentTo(chat).slice(before).map((m) => m.text);
  }

  /** Says each line in turn; returns the replies to the last one. */
  async script(lines: string[]): Promise<string[]> {
    let last: string[] = [];
    for (const line of lines) last = await this.say(line);
    return last;
  }
}
