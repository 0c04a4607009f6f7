/** A real Dovecot IMAP server on loopback (Debian's dovecot-imapd), with its own config and one user. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import net from "node:net";
import { execFileSync } from "node:child_process";
import { ImapFlow } from "imapflow";

export const hasDovecot = fs.existsSync("/usr/sbin/dovecot");

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export class TestDovecot {
  readonly user = "cntt";
  readonly password = "mat-khau-thu";
  port = 0;
  private dir = "";
  private conf = "";

  async start(): Promise<this> {
    if (!this.dir) {
      this.dir = fs.mkdtempSync(path.join(os.tmpdir(), "cds-dovecot-"));
      this.port = await freePort();
      fs.mkdirSync(path.join(this.dir, "mail"), { recursive: true });
      fs.writeFileSync(path.join(this.dir, "passwd"), `${this.user}:{PLAIN}${this.password}\n`);
      this.conf = path.join(this.dir, "dovecot.conf");
      fs.writeFileSync(
        this.conf,
        [
          "protocols = imap",
          "listen = 127.0.0.1",
          `base_dir = ${this.dir}/run`,
          `state_dir = ${this.dir}/state`,
          `log_path = ${this.dir}/dovecot.log`,
          "ssl = no",
          "disable_plaintext_auth = no",
          "auth_mechanisms = plain login",
          `mail_location = maildir:${this.dir}/mail/%n/Maildir`,
          "first_valid_uid = 1",
          `passdb {\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%n ${this.dir}/passwd\n}`,
          `userdb {\n  driver = static\n  args = uid=nobody gid=nogroup home=${this.dir}/mail/%n\n}`,
          `service imap-login {\n  inet_listener imap {\n    address = 127.0.0.1\n    port = ${this.port}\n  }\n  inet_listener imaps {\n    port = 0\n  }\n}`,
          "namespace inbox {\n  inbox = yes\n  separator = /\n}",
          "protocol lda {\n  postmaster_address = postmaster@localhost\n}",
        ].join("\n"),
      );
      execFileSync("chown", ["-R", "nobody:nogroup", path.join(this.dir, "mail")]);
      // Dovecot's auth and mail processes run as unprivileged users: they must reach these files.
      fs.chmodSync(this.dir, 0o755);
      fs.chmodSync(path.join(this.dir, "passwd"), 0o644);
    }
    // stdio ignored: the daemon keeps inherited pipes open, which would block execFileSync.
    execFileSync("/usr/sbin/dovecot", ["-c", this.conf], { stdio: "ignore" });
    await this.waitForPort();
    return this;
  }

  private async waitForPort(): Promise<void> {
    for (let i = 0; i < 100; i++) {
      const ok = await new Promise<boolean>((r) => {
        const s = net.connect(this.port, "127.0.0.1", () => (s.end(), r(true)));
        s.on("error", () => r(false));
      });
      if (ok) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error("dovecot did not start");
  }

  /** Stops the server and drops every open session (like a crash or a reboot of the mail server). */
  stop(): void {
    let children: string[] = [];
    try {
      const master = fs.readFileSync(path.join(this.dir, "run", "master.pid"), "utf8").trim();
      children = execFileSync("pgrep", ["-P", master], { encoding: "utf8" }).split(/\s+/).filter(Boolean);
    } catch {
      /* not running */
    }
    try {
      execFileSync("/usr/bin/doveadm", ["-c", this.conf, "stop"], { stdio: "ignore" });
    } catch {
      /* already stopped */
    }
    // Dovecot lets running IMAP sessions finish; a real outage would not.
    for (const pid of children) {
      try {
        process.kill(Number(pid), "SIGKILL");
      } catch {
        /* gone */
      }
    }
  }

  destroy(): void {
    this.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  get url(): string {
    return `imap://${this.user}:${this.password}@127.0.0.1:${this.port}`;
  }

  /** A separate client, as another mail server would be, to APPEND and inspect folders. */
  async client(): Promise<ImapFlow> {
    const c = new ImapFlow({ host: "127.0.0.1", port: this.port, secure: false, doSTARTTLS: false, auth: { user: this.user, pass: this.password }, logger: false });
    await c.connect();
    return c;
  }

  async append(raw: Buffer, folder = "INBOX", flags: string[] = []): Promise<void> {
    const c = await this.client();
    try {
      await c.append(folder, raw, flags);
    } finally {
      await c.logout();
    }
  }

  async count(folder: string): Promise<number> {
    const c = await this.client();
    try {
      const s = await c.status(folder, { messages: true }).catch(() => ({ messages: 0 }));
      return (s && s.messages) || 0;
    } finally {
      await c.logout();
    }
  }
}
