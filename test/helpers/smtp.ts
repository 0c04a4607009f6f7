/** A real SMTP server on loopback (the smtp-server package) that keeps what it receives. */
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { simpleParser, type ParsedMail } from "mailparser";

export class TestSmtp {
  readonly received: { envelopeTo: string[]; raw: Buffer; parsed: ParsedMail }[] = [];
  /** Connection errors seen (a client killed mid-session resets its socket: expected in crash tests). */
  readonly connectionErrors: Error[] = [];
  /** Reject the next N messages with a temporary error (451). */
  rejectNext = 0;
  private readonly server: SMTPServer;
  private waiters: (() => void)[] = [];

  constructor() {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on("error", (err: Error) => callback(err));
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", async () => {
          if (this.rejectNext > 0) {
            this.rejectNext--;
            const err = Object.assign(new Error("Thử lại sau"), { responseCode: 451 });
            return callback(err);
          }
          const raw = Buffer.concat(chunks);
          this.received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), raw, parsed: await simpleParser(raw) });
          this.waiters.splice(0).forEach((w) => w());
          callback();
        });
      },
    });
    // Without a listener, a reset socket (the sending process was killed) is an uncaught exception
    // in the test runner: the "read ECONNRESET" that failed green CI runs at random.
    this.server.on("error", (err: Error) => void this.connectionErrors.push(err));
  }

  async start(): Promise<this> {
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", () => r()));
    return this;
  }

  get url(): string {
    return `smtp://127.0.0.1:${(this.server.server.address() as AddressInfo).port}`;
  }

  async waitFor(count: number, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length < count) {
      if (Date.now() > deadline) throw new Error(`waited for ${count} mail(s), got ${this.received.length}`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 200);
      });
    }
  }

  stop(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
}
