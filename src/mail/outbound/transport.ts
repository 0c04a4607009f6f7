/** The SMTP transport (nodemailer) from SMTP_URL; undefined when none is configured. */
import nodemailer, { type Transporter } from "nodemailer";

export function createSmtpTransport(url: string | undefined, opts: { allowInsecure: boolean }): Transporter | undefined {
  if (!url) return undefined;
  const u = new URL(url);
  const loopback = ["127.0.0.1", "localhost", "::1", "[::1]"].includes(u.hostname);
  return nodemailer.createTransport({
    host: u.hostname,
    port: Number(u.port) || (u.protocol === "smtps:" ? 465 : 587),
    secure: u.protocol === "smtps:",
    auth: u.username ? { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } : undefined,
    // Plain SMTP only when explicitly allowed, and only to this machine (test servers).
    ignoreTLS: opts.allowInsecure && loopback,
    requireTLS: !(opts.allowInsecure && loopback) && u.protocol !== "smtps:",
  });
}
