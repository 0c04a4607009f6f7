/**
 * A report entered by an officer on a school's behalf (sent on paper, read out on the phone, or
 * corrected): the cells start from the school's latest version; saving files a new version with
 * source "dashboard".
 */
import type { Router } from "express";
import { parsePeriodCode } from "../../domain/periods.ts";
import { answersOf, ensureReportingPeriod, fileVersion, latestSubmitted } from "../../reports/store.ts";
import type { DashboardDeps } from "../context.ts";
import { periodLabel } from "../data/board.ts";
import { html, seg } from "../html.ts";
import { csrfField, layout, notFound } from "../layout.ts";
import { cellsTable, readCells, rowCodes } from "./cells.ts";

export function entryRoutes(router: Router, deps: DashboardDeps): void {
  const path = (period: string, school: string) => `/dashboard/periods/${seg(period)}/schools/${seg(school)}/enter`;

  router.get("/dashboard/periods/:period/schools/:school/enter", async (req, res) => {
    const periodCode = String(req.params.period);
    const school = await deps.prisma.school.findUnique({ where: { code: String(req.params.school) } });
    if (!school || !parsePeriodCode(periodCode)) return notFound(req, res, "Không có trường hoặc kỳ này.");
    const period = await deps.prisma.period.findUnique({ where: { code: periodCode } });
    const last = period ? await latestSubmitted(deps.prisma, school.id, period.id) : null;
    const items = Object.fromEntries((last ? answersOf(last) : []).map((i) => [i.taskCode, i]));
    const error = typeof req.query.error === "string" ? req.query.error.slice(0, 300) : "";
    const body = html`<h1>Nhập báo cáo thay trường: ${school.name} — ${periodLabel(periodCode)}</h1>
<p>${last ? `Bắt đầu từ phiên bản ${last.version}; lưu sẽ tạo phiên bản mới.` : "Trường chưa có báo cáo cho kỳ này."} Ghi chú nguồn: “bảng điều khiển”.</p>
${error ? html`<p class="error" role="alert">${error}</p>` : ""}
<form method="post" action="${path(periodCode, school.code)}">${csrfField(req.staff!)}
${cellsTable(deps, periodCode, items)}
<p><button>Lưu và nộp thay trường</button></p></form>`;
    res.type("html").send(layout("Nhập thay trường", body, req.staff).value);
  });

  router.post("/dashboard/periods/:period/schools/:school/enter", async (req, res) => {
    const periodCode = String(req.params.period);
    const reporting = parsePeriodCode(periodCode);
    const school = await deps.prisma.school.findUnique({ where: { code: String(req.params.school) } });
    if (!school || !reporting) return notFound(req, res, "Không có trường hoặc kỳ này.");
    const codes = rowCodes(deps, periodCode).map((r) => r.code);
    const items = readCells((req.body ?? {}) as Record<string, unknown>, codes);
    const back = (error: string) => res.redirect(303, `${path(periodCode, school.code)}?error=${encodeURIComponent(error)}`);
    if (typeof items === "string") return back(items);
    if (!Object.keys(items).length) return back("Chưa có ô nào được điền.");
    const period = await ensureReportingPeriod(deps.prisma, reporting, deps.rules);
    // The form shows every row: the version is exactly what it holds (a row left empty is not kept).
    // Built from the form alone, never from a principal's open chat draft.
    const filed = await fileVersion(deps.prisma, { schoolId: school.id, periodId: period.id, source: "dashboard", actor: { type: "staff", id: req.staff!.staffId }, rows: items, mode: "replace", now: deps.clock.now(), rules: deps.rules });
    res.redirect(303, `/dashboard/reports/${seg(filed.id)}`);
  });
}
