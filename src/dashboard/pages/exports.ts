/** Downloads: the consolidated PHỤ LỤC 3 of a period (.xlsx, .csv) and the questions the bot could not answer. */
import type { Router } from "express";
import type { DashboardDeps } from "../context.ts";
import { periodInfo } from "../data/board.ts";
import { consolidatedCsv, consolidatedXlsx, unansweredCsv } from "../data/export.ts";
import { html } from "../html.ts";
import { layout } from "../layout.ts";
import { formatDate } from "../../domain/periods.ts";

const attachment = (name: string) => `attachment; filename="${name}"`;

export function exportRoutes(router: Router, deps: DashboardDeps): void {
  router.get("/dashboard/periods/:code/export.xlsx", async (req, res) => {
    const period = await periodInfo(deps.prisma, String(req.params.code), deps.rules);
    if (!period) return res.status(404).type("text/plain; charset=utf-8").send("Không có kỳ báo cáo này.");
    const buf = await consolidatedXlsx(deps.prisma, period, deps.template);
    res.setHeader("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    res.setHeader("Content-Disposition", attachment(`tong-hop-${period.code}.xlsx`));
    res.send(buf);
  });
  router.get("/dashboard/periods/:code/export.csv", async (req, res) => {
    const period = await periodInfo(deps.prisma, String(req.params.code), deps.rules);
    if (!period) return res.status(404).type("text/plain; charset=utf-8").send("Không có kỳ báo cáo này.");
    res.setHeader("Content-Type", "text/csv; charset=utf-8");
    res.setHeader("Content-Disposition", attachment(`tong-hop-${period.code}.csv`));
    res.send(await consolidatedCsv(deps.prisma, period, deps.template));
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
    res.setHeader("Content-Type", "text/csv; charset=utf-8");
    res.setHeader("Content-Disposition", attachment("cau-hoi-chua-tra-loi.csv"));
    res.send(await unansweredCsv(deps.prisma));
  });
}
