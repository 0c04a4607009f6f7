/**
 * Turning facts into short Vietnamese replies: placeholders filled from configuration, the
 * source on one line, a caveat where the source is unverified or the text is an interpretation.
 */
import type { DeadlineRules } from "../domain/periods.ts";
import type { ReportTemplate } from "../reports/template.ts";
import type { KnowledgeEntry } from "./corpus.ts";

export interface ComposeContext {
  office: { name: string; email: string; guidance: string };
  deadlines: DeadlineRules;
  template: ReportTemplate;
}

const dm = (d: { day: number; month: number }) => `${d.day}/${d.month}`;

export function fillPlaceholders(text: string, ctx: ComposeContext): string {
  const values: Record<string, () => string> = {
    "office.name": () => ctx.office.name,
    "office.email": () => ctx.office.email,
    "office.guidance": () => ctx.office.guidance,
    "deadline.quarterlyDueDay": () => String(ctx.deadlines.quarterlyDueDay),
    "deadline.selfAssessmentDistrict": () => dm(ctx.deadlines.selfAssessmentDistrict),
    "deadline.selfAssessmentNational": () => dm(ctx.deadlines.selfAssessmentNational),
    "report.rows": () =>
      ctx.template.rows.map((r) => `${r.code}. ${r.title}${r.heading ? " (tiêu đề nhóm)" : ""}`).join("\n"),
    "report.columns": () =>
      ctx.template.fields
        .filter((f) => f.column)
        .map((f) => `(${f.column}) ${f.label}`)
        .join("; "),
  };
  return text.replace(/\{\{([a-zA-Z.]+)\}\}/g, (all, key: string) => values[key]?.() ?? all);
}

export function caveatFor(entry: KnowledgeEntry, ctx: ComposeContext): string | undefined {
  if (entry.caveat) return fillPlaceholders(entry.caveat, ctx);
  if (entry.reliability === "unverified") {
    // Said to the reader (a principal), not a note for staff: where it comes from and whom to ask.
    return entry.source.startsWith("qd4725") || entry.source === "github-secondary"
      ? `ℹ️ Một phần thông tin trên lấy từ tài liệu tham khảo, không phải Phụ lục QĐ 4725 bản chính thức; khi cần chắc chắn, thầy/cô hỏi thêm ${ctx.office.name}.`
      : `ℹ️ Một phần thông tin trên chưa thấy trong văn bản gốc tôi có; khi cần chắc chắn, thầy/cô hỏi thêm ${ctx.office.name}.`;
  }
  if (entry.reliability === "inferred") {
    return `ℹ️ Đây là cách hiểu thường gặp, văn bản chưa quy định rõ; nên hỏi thêm ${ctx.office.name}.`;
  }
  return undefined;
}

export function sourceLine(labels: string[]): string {
  return `Nguồn: ${[...new Set(labels)].join("; ")}`;
}

/** What the assistant does, as a list: the help text of every path (chat, mail, `npm run ask`). */
export const COMMAND_LIST = [
  "• “trợ giúp” — xem hướng dẫn này",
  "• “liên kết <mã>” — liên kết tài khoản chat với trường bằng mã do Phòng cấp",
  "• “báo cáo” — nộp báo cáo quý ngay trong cuộc trò chuyện",
  "• “nộp chưa?” — xem trường đã nộp báo cáo quý chưa; “sửa báo cáo” — nộp phiên bản mới",
  "• “tự đánh giá” — nộp bản tự đánh giá mức độ chuyển đổi số hằng năm (QĐ 4725)",
  "• “hủy” — dừng thao tác đang làm",
  "• Hoặc gõ câu hỏi, ví dụ: “hạn nộp báo cáo quý là ngày nào?”, “mục 7 phụ lục 3 ghi gì”, “dạy học 70, quản trị 80 thì mức mấy”",
].join("\n");

export function helpText(office: { email: string }): string {
  return ["Hướng dẫn sử dụng:", COMMAND_LIST, `Báo cáo gửi qua email vẫn được nhận tại ${office.email}.`].join("\n\n");
}

/** A greeting, or a principal introducing herself ("em là HT trường …"): greeted back, then the help text. */
export function greetingText(office: { name: string; email: string }): string {
  return [`Dạ, chào thầy/cô ạ! Tôi là trợ lý chuyển đổi số của ${office.name}: thầy/cô cứ hỏi hoặc nộp báo cáo ngay tại đây.`, helpText(office)].join("\n\n");
}

/** "hỏi cái", "cho em hỏi": nothing asked yet — invite the question, with examples; nothing is forwarded. */
export function askAwayText(): string {
  return [
    "Dạ, thầy/cô cứ hỏi ạ. Ví dụ:",
    "• “hạn nộp báo cáo quý này là ngày nào?”",
    "• “mục 6 phụ lục 3 ghi gì?”",
    "• “dạy học 70, quản trị 80 thì mức mấy?”",
  ].join("\n");
}

/** A well-wish ("chúc ad cuối tuần vui vẻ"): returned briefly. */
export function wishText(): string {
  return "Dạ, cảm ơn thầy/cô ạ, chúc thầy/cô cũng vậy! Cần gì thầy/cô cứ nhắn nhé.";
}

/** Declined and kept for the district: a question in the domain that the documents do not answer. */
export function declineText(office: { name: string }): string {
  return [
    "Xin lỗi, các văn bản tôi có chưa nói về điều này nên tôi không trả lời để tránh sai.",
    `Tôi đã chuyển câu hỏi tới cán bộ CNTT của ${office.name}; thầy/cô sẽ được trả lời sau.`,
    "Tôi trả lời được về: hạn nộp và cách gửi báo cáo quý (PHỤ LỤC 2, 3); Bộ chỉ số QĐ 4725 (nhóm tiêu chí, mức độ, tính mức từ điểm); tự đánh giá hằng năm; Trường học số TP.HCM; thuật ngữ chuyển đổi số.",
  ].join("\n\n");
}

/** Outside the domain (salary, weather, exams…): declined, and nobody is promised a later answer. */
export function offTopicText(office: { name: string }): string {
  return [
    "Xin lỗi, câu này nằm ngoài phạm vi các văn bản về chuyển đổi số mà tôi có, nên tôi không trả lời để tránh sai.",
    `Việc này thầy/cô vui lòng hỏi trực tiếp bộ phận phụ trách (câu hỏi ngoài phạm vi không được chuyển tới cán bộ CNTT của ${office.name}).`,
    "Tôi trả lời được về: hạn nộp và cách gửi báo cáo quý (PHỤ LỤC 2, 3); Bộ chỉ số QĐ 4725 (nhóm tiêu chí, mức độ, tính mức từ điểm); tự đánh giá hằng năm; Trường học số TP.HCM; thuật ngữ chuyển đổi số.",
  ].join("\n\n");
}

/** A question about another district or province: our documents are this office's and the city's. */
export function otherPlaceText(office: { name: string }, place: string): string {
  return [
    `Xin lỗi, các văn bản tôi có là của ${office.name} và của TP.HCM, không có quy định riêng của ${place}, nên tôi không trả lời thay để tránh sai.`,
    `Thầy/cô vui lòng hỏi Phòng Giáo dục và Đào tạo của ${place}. Nếu thầy/cô hỏi cho trường mình thuộc ${office.name}, xin nhắn lại câu hỏi không kèm tên địa phương kia.`,
  ].join("\n\n");
}

/** No recognisable word (a slip of the keyboard, "???"): ask again, with examples; nothing is forwarded. */
export function unclearText(): string {
  return [
    "Xin lỗi, tôi chưa hiểu ý thầy/cô. Thầy/cô hỏi lại giúp tôi bằng một câu đầy đủ hơn, ví dụ:",
    "• “hạn nộp báo cáo quý 3 là ngày nào?”",
    "• “phụ lục 3 có những cột nào?”",
    "• “dạy học 70, quản trị 80 thì mức mấy?”",
    "Gõ “trợ giúp” để xem tôi giúp được những gì.",
  ].join("\n");
}

/** A request for someone's phone number or private contact: never given; the office's official channel instead. */
export function personalContactText(office: { name: string; email: string }): string {
  return [
    "Xin lỗi, tôi không cung cấp số điện thoại, Zalo hay địa chỉ riêng của lãnh đạo, cán bộ Phòng hay của bất kỳ ai.",
    `Thầy/cô liên hệ ${office.name} qua kênh chính thức: email ${office.email} (ghi rõ tên trường và việc cần hỏi).`,
    "Câu hỏi về báo cáo quý, tự đánh giá, chuyển đổi số thì thầy/cô cứ nhắn ngay tại đây; câu nào tôi chưa trả lời được sẽ được chuyển cán bộ CNTT của Phòng.",
  ].join("\n");
}
