/** PHỤ LỤC 2 — the quarterly report outline — as .docx, filled from the report. */
import type { Paragraph } from "docx";
import { STATUS_LABELS, type Status } from "../../domain/report-input.ts";
import type { ReportTemplate } from "../template.ts";
import type { ReportDocumentData } from "./report-data.ts";

const FONT = "Times New Roman";

export async function buildPhuLuc2Docx(data: ReportDocumentData, template: ReportTemplate, officeName: string): Promise<Buffer> {
  // docx is loaded when a document is first built, not at start-up.
  const { AlignmentType, Document, HeadingLevel, Packer, Paragraph, TextRun } = await import("docx");
  const p = (text: string, opts: { bold?: boolean; center?: boolean; indent?: boolean } = {}) =>
    new Paragraph({
      alignment: opts.center ? AlignmentType.CENTER : AlignmentType.LEFT,
      indent: opts.indent ? { left: 360 } : undefined,
      spacing: { after: 80 },
      children: [new TextRun({ text, bold: opts.bold, font: FONT, size: 26 })],
    });
  const rows = template.rows.filter((r) => !r.heading);
  const items = rows.map((r) => ({ row: r, item: data.items.find((i) => i.taskCode === r.code) })).filter((x) => x.item);
  const body: Paragraph[] = [
    p("PHỤ LỤC 2", { bold: true, center: true }),
    new Paragraph({
      heading: HeadingLevel.TITLE,
      alignment: AlignmentType.CENTER,
      children: [new TextRun({ text: "BÁO CÁO ĐỊNH KỲ HÀNG QUÝ VỀ KẾT QUẢ THỰC HIỆN NHIỆM VỤ CÔNG NGHỆ THÔNG TIN VÀ CHUYỂN ĐỔI SỐ", bold: true, font: FONT, size: 28 })],
    }),
    p(`Đơn vị: ${data.school.name}`, { center: true }),
    p(`Quý ${data.period.quarter}/${data.period.year} — phiên bản ${data.version}${data.referenceNo ? ` — mã tiếp nhận ${data.referenceNo}` : ""}`, { center: true }),
    p(`Kính gửi: ${officeName}`),
    p("I. KẾT QUẢ CÁC CÔNG TÁC THỰC HIỆN TRONG QUÝ", { bold: true }),
    p("1. Các nội dung được phân công thực hiện trong kế hoạch và trong kế hoạch của đơn vị", { bold: true }),
  ];
  if (!items.length) body.push(p("Trong quý, đơn vị không có nội dung thực hiện.", { indent: true }));
  for (const { row, item } of items) {
    body.push(p(`- Tên nội dung công việc: ${row.code}. ${row.title}`, { indent: true }));
    body.push(p(`- Tình trạng: ${item!.status ? STATUS_LABELS[item!.status as Status] : "chưa ghi"}`, { indent: true }));
    body.push(p(`- Nội dung đã thực hiện trong quý: ${item!.done ?? "không có"}`, { indent: true }));
    body.push(p(`- Kết quả đạt được đến thời điểm báo cáo: ${item!.progressPercent !== null ? `${item!.progressPercent}% so với kế hoạch` : "chưa ghi"}`, { indent: true }));
  }
  body.push(p("2. Các công việc đột xuất theo chỉ đạo của Sở GDĐT", { bold: true }), p("Không có.", { indent: true }));
  body.push(p("II. KẾ HOẠCH THỰC HIỆN TRONG QUÝ TIẾP THEO", { bold: true }));
  const nexts = items.filter((x) => x.item!.next);
  if (!nexts.length) body.push(p("Không có.", { indent: true }));
  for (const { row, item } of nexts) {
    body.push(p(`- ${row.code}. ${row.title}: ${item!.next}`, { indent: true }));
  }
  body.push(p("III. CÁC KHÓ KHĂN VÀ KIẾN NGHỊ, ĐỀ XUẤT", { bold: true }));
  const issues = items.filter((x) => x.item!.difficulties || x.item!.recommendations);
  if (!issues.length) body.push(p("Không có.", { indent: true }));
  for (const { row, item } of issues) {
    if (item!.difficulties) body.push(p(`- Khó khăn (${row.code}): ${item!.difficulties}`, { indent: true }));
    if (item!.recommendations) body.push(p(`- Kiến nghị (${row.code}): ${item!.recommendations}`, { indent: true }));
  }
  body.push(p("(Đính kèm bảng phụ lục các nội dung thực hiện — PHỤ LỤC 3)"));
  const doc = new Document({ creator: "Trợ lý chuyển đổi số", title: `Báo cáo CĐS quý ${data.period.quarter}/${data.period.year}`, sections: [{ children: body }] });
  return Packer.toBuffer(doc);
}
