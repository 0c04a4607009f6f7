/**
 * One retrievable entry per PHỤ LỤC 3 row and column, built from the loaded template
 * (src/reports/phu-luc-3.yaml), so "dòng tuyển sinh đầu cấp ghi gì" finds its row and an
 * office that edits the template gets answers about its own rows.
 */
import type { ReportTemplate } from "../reports/template.ts";
import type { KnowledgeEntry } from "./corpus.ts";

export function templateEntries(t: ReportTemplate): KnowledgeEntry[] {
  const columns = t.fields.filter((f) => f.column);
  const columnList = columns.map((f) => `(${f.column}) ${f.label.toLowerCase()}`).join("; ");
  const rows: KnowledgeEntry[] = t.rows.map((r) => ({
    id: `pl3-muc-${r.code.replace(".", "-")}`,
    title: `PHỤ LỤC 3 mục ${r.code}: ${r.title}`,
    source: t.source,
    tags: ["phụ lục 3", `mục ${r.code}`, `dòng ${r.code}`],
    questions: [`mục ${r.code} phụ lục 3 là gì`, `dòng ${r.code} ghi gì`],
    reliability: "verified",
    file: "phu-luc-3.yaml",
    body: r.heading
      ? `Mục ${r.code} của PHỤ LỤC 3 là tiêu đề nhóm “${r.title}”; trường điền vào các dòng con của nó.`
      : `Mục ${r.code} của PHỤ LỤC 3: “${r.title}”. Trường ghi cho dòng này: ${columnList}.`,
  }));
  const cols: KnowledgeEntry[] = columns.map((f) => ({
    id: `pl3-cot-${f.column}`,
    title: `PHỤ LỤC 3 cột (${f.column}): ${f.label}`,
    source: t.source,
    tags: ["phụ lục 3", `cột ${f.column}`],
    questions: [`cột ${f.column} phụ lục 3 ghi gì`],
    reliability: "verified",
    file: "phu-luc-3.yaml",
    body: `Cột (${f.column}) của PHỤ LỤC 3 là “${f.label}”: ${f.ask.toLowerCase()} Ghi cho từng dòng nhiệm vụ, để trống nếu không có.`,
  }));
  const STATUS = "chưa thực hiện / đang thực hiện / đã hoàn thành";
  const fields: KnowledgeEntry[] = t.fields
    .filter((f) => !f.column)
    .map((f) => ({
      id: `pl2-${f.key.toLowerCase()}`,
      title: `PHỤ LỤC 2: ${f.label}`,
      source: t.source,
      tags: ["phụ lục 2", f.label.toLowerCase(), "ghi thế nào", ...(f.kind === "percent" ? ["phần trăm", "% tiến độ"] : [])],
      questions: [`phụ lục 2 phần ${f.label.toLowerCase()} ghi thế nào`, `${f.label.toLowerCase()} ghi ở phụ lục nào, phụ lục 2 hay phụ lục 3`],
      reliability: "verified",
      file: "phu-luc-3.yaml",
      body:
        (f.kind === "status"
          ? `Mục “${f.label}” trong PHỤ LỤC 2 ghi cho từng nội dung công việc một trong ba lựa chọn: ${STATUS}.`
          : `Mục “${f.label}” trong PHỤ LỤC 2: ghi cho từng nội dung công việc tiến độ đã đạt bao nhiêu % so với kế hoạch (ví dụ 80%), kèm kết quả cụ thể.`) +
        // Asked "ghi ở pl2 hay pl3": the table has no column for it.
        ` Bảng PHỤ LỤC 3 không có cột này (chỉ có ${columnList}).`,
    }));
  return [...rows, ...cols, ...fields];
}
