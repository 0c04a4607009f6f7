/**
 * Failures an officer must see rather than find in a log: mails that could not be sent after
 * every retry, chat messages whose handling failed, mails quarantined after repeated errors.
 * Each line says what, how many, the last error and what to do.
 */
import type { Db } from "../../db/client.ts";
import { formatDate } from "../../domain/periods.ts";

export async function loadProblems(prisma: Db): Promise<string[]> {
  const out: string[] = [];
  const failedMail = await prisma.outboundEmail.findMany({ where: { status: "failed" }, orderBy: { createdAt: "desc" }, take: 1, select: { lastError: true, createdAt: true, to: true } });
  const failedMailCount = failedMail.length ? await prisma.outboundEmail.count({ where: { status: "failed" } }) : 0;
  if (failedMailCount) {
    const last = failedMail[0]!;
    out.push(`${failedMailCount} thư gửi đi không gửi được sau mọi lần thử (gần nhất ${formatDate(last.createdAt)} tới ${last.to.join(", ")}: ${(last.lastError ?? "không rõ lỗi").slice(0, 200)}). Kiểm tra SMTP_URL và hộp thư gửi.`);
  }
  const failedUpdates = await prisma.inboundUpdate.count({ where: { status: "failed" } });
  if (failedUpdates) out.push(`${failedUpdates} tin nhắn Zalo/Telegram xử lý lỗi (tin gốc vẫn được lưu trong bảng InboundUpdate). Xem nhật ký “stored update failed”.`);
  const quarantined = await prisma.inboundEmail.count({ where: { status: "quarantined", resolvedAt: null } });
  if (quarantined) out.push(`${quarantined} thư đến bị cách ly sau 3 lần xử lý lỗi: mở “Thư cần xem” để đọc thư gốc và xử lý tay.`);
  return out;
}
