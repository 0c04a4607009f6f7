/** The page frame: Vietnamese navigation, a small stylesheet that works on a phone, no scripts. */
import type { Request, Response } from "express";
import { html, SafeHtml } from "./html.ts";
import type { StaffIdentity } from "./auth/sessions.ts";

const STYLE = `
body{font-family:system-ui,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d2733;background:#f6f7f9}
header{background:#0b5394;color:#fff;padding:.6rem 1rem;display:flex;flex-wrap:wrap;gap:.8rem;align-items:center}
header a{color:#fff;text-decoration:none}header .who{margin-left:auto;font-size:.9rem}
main{padding:1rem;max-width:1200px;margin:auto}
table{border-collapse:collapse;width:100%;background:#fff}th,td{border:1px solid #d5dae1;padding:.35rem .5rem;text-align:left;vertical-align:top;font-size:.92rem}
th{background:#eef2f7}.wrap{overflow-x:auto}
.badge{display:inline-block;padding:.1rem .45rem;border-radius:.6rem;font-size:.8rem;background:#e3e7ed}
.on_time{background:#d4edda}.late{background:#fff3cd}.draft{background:#dbe9f8}.missing{background:#f8d7da}.review{background:#e8dcf5}
.counts{display:flex;flex-wrap:wrap;gap:.5rem;margin:.5rem 0}.counts span{background:#fff;border:1px solid #d5dae1;padding:.3rem .6rem;border-radius:.3rem}
form.inline{display:inline}input,select,textarea,button{font:inherit;padding:.3rem}button{cursor:pointer}
.error{color:#a40000}.ok{color:#1b6e20}pre{white-space:pre-wrap;background:#fff;border:1px solid #d5dae1;padding:.5rem}
.changed{background:#fff3cd}
svg{max-width:100%;height:auto}figure{margin:.5rem 0}input,select,textarea{max-width:100%;box-sizing:border-box}
@media (max-width:700px){th,td{font-size:.82rem;padding:.25rem}header{font-size:.9rem}}
@media print{header,form{display:none}}
`;

export function layout(title: string, body: SafeHtml, user?: StaffIdentity): SafeHtml {
  return html`<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title} — Bảng điều khiển Phòng GD&amp;ĐT</title><style>${new SafeHtml(STYLE)}</style></head>
<body>${user
    ? html`<header><strong>Chuyển đổi số</strong>
<a href="/dashboard">Tình hình nộp</a><a href="/dashboard/review">Thư cần xem</a><a href="/dashboard/schools">Trường</a>
<a href="/dashboard/reminders">Nhắc hạn</a><a href="/dashboard/questions">Câu hỏi chưa trả lời</a>
<span class="who">${user.name} (${user.role === "officer" ? "cán bộ" : "xem"})
<form class="inline" method="post" action="/dashboard/logout"><input type="hidden" name="_csrf" value="${user.csrfToken}"><button>Đăng xuất</button></form></span></header>`
    : ""}
<main>${body}</main></body></html>`;
}

/** The hidden field every form must carry. */
export const csrfField = (user: StaffIdentity) => html`<input type="hidden" name="_csrf" value="${user.csrfToken}">`;

/** 404: a page for a browser's GET, one plain line for a form post or a download. */
export function notFound(req: Request, res: Response, text: string): void {
  res.status(404);
  if (req.method === "GET") res.type("html").send(layout("Không tìm thấy", html`<p>${text}</p>`, req.staff).value);
  else res.type("text/plain; charset=utf-8").send(text);
}
