/** Downloads: the consolidated PHỤ LỤC 3 of a period (.xlsx, .csv) and the questions the bot could not answer. */
import type { Router } from "express";
import type { DashboardDeps } from "../context.ts";
import { periodInfo } from "../data/board.ts";
import { consolidatedCsv, consolidatedXlsx, unansweredCsv } from "../data/export.ts";
import { CONTENT_TYPES, sendDownload } from "../download.ts";
import { html } from "../html.ts";
import { layout, notFound } from "../layout.ts";
import { formatDate } from "../../domain/periods.ts";

export function exportRoutes(router: Router, deps: DashboardDeps): void {
  router.get("/dashboard/periods/:code/export.xlsx", async (req, res) => {
    const period = await periodInfo(deps.prisma, String(req.params.code), deps.rules);
    if (!period) return notFound(req, res, "Không có kỳ báo cáo này.");
    const buf = await consolidatedXlsx(deps.prisma, period, deps.template);
    sendDownload(res, `tong-hop-${period.code}.xlsx`, CONTENT_TYPES.xlsx, buf);
  });
  router.get("/dashboard/periods/:code/export.csv", async (req, res) => {
    const period = await periodInfo(deps.prisma, String(req.params.code), deps.rules);
    if (!period) return notFound(req, res, "Không có kỳ báo cáo này.");
    sendDownload(res, `tong-hop-${period.code}.csv`, CONTENT_TYPES.csv, await consolidatedCsv(deps.prisma, period, deps.template));
  });
  router.get("/dashboard/questions", async (req, res) => {
    const qs = await deps.prisma.unansweredQuestion.findMany({ where: { status: "open" }, orderBy: { createdAt: "desc" }, take: 300 });
    const body = html`<h1>Câu hỏi trợ lý chưa trả lời được (${qs.length})</h1>
<p>Dùng để bổ sung kho kiến thức (src/knowledge/corpus). <a href="/dashboard/questions.csv">Tải CSV</a></p>
<div class="wrap"><table><thead><tr><th>Ngày</th><th>Kênh</th><th>Câu hỏi</th></tr></thead><tbody>
${qs.map((q) => html`<tr><td>${formatDate(q.createdAt)}</td><td>${q.channel}</td><td>${q.question}</td></tr>`)}</tbody></table></div>`;
    res.type("html").send(layout("Câu hỏi chưa trả lời", body, req.staff).value);
  });
  router.get("/dashboard/questions.csv", async (_req, res) => {
    sendDownload(res, "cau-hoi-chua-tra-loi.csv", CONTENT_TYPES.csv, await unansweredCsv(deps.prisma));
  });
}
