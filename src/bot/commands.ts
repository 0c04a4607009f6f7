/**
 * Command recognition for people who type on a phone: with or without the slash, with or
 * without diacritics, Vietnamese or English names. Zalo basic bots have no buttons and no
 * command entities, so we match on the text itself.
 */
import { foldVietnamese } from "../domain/text.ts";

export type CommandName = "start" | "help" | "link" | "cancel";

/** Folded phrases (longest first when they share a prefix) for each command. */
const PHRASES: Record<CommandName, string[]> = {
  start: ["start", "bat dau", "batdau", "xin chao", "chao"],
  help: ["help", "tro giup", "trogiup", "huong dan", "giup"],
  link: ["lien ket", "lienket", "link"],
  cancel: ["huy bo", "huy", "cancel", "thoi"],
};

export interface ParsedCommand {
  name: CommandName;
  /** The rest of the message after the command word(s), trimmed, as typed. */
  args: string;
}

/** Only these take arguments; others must be the whole message (unless typed with a slash). */
const TAKES_ARGS: ReadonlySet<CommandName> = new Set(["link"]);

/** "lk ABCD-EFGH": the Zalo abbreviation of "liên kết", only when what follows looks like a link code. */
const ABBREVIATED_LINK = /^\/?lk\s+([A-Za-z0-9]{4}[\s-]?[A-Za-z0-9]{4})\s*$/i;

export function parseCommand(text: string): ParsedCommand | undefined {
  const abbreviated = ABBREVIATED_LINK.exec(text.normalize("NFC").trim());
  if (abbreviated) return { name: "link", args: abbreviated[1]! };
  const slashed = text.trimStart().startsWith("/");
  const trimmed = text.normalize("NFC").trim().replace(/^\//, "");
  // Telegram appends @botname to commands in groups: "/start@my_bot".
  const withoutMention = trimmed.replace(/^([^\s@]+)@\S+/, "$1");
  const words = withoutMention.split(/\s+/);
  const folded = foldVietnamese(withoutMention);
  for (const [name, phrases] of Object.entries(PHRASES) as [CommandName, string[]][]) {
    for (const phrase of phrases) {
      const n = phrase.split(" ").length;
      const head = foldVietnamese(words.slice(0, n).join(" "));
      if (head === phrase && (folded === phrase || folded.startsWith(`${phrase} `))) {
        const args = words.slice(n).join(" ").trim();
        if (args && !slashed && !TAKES_ARGS.has(name)) return undefined;
        return { name, args };
      }
    }
  }
  return undefined;
}
