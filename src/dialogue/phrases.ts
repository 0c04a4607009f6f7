/** What starts or steers the report dialogue, recognised on folded text (no diacritics). */
import { foldVietnamese } from "../domain/text.ts";

const fold = (t: string) => foldVietnamese(t).replace(/[.!]+$/, "").trim();

export type Opening = "report" | "correct" | "status" | "self-assessment" | "correct-self-assessment";

/** "báo cáo", "nộp báo cáo quý 3/2025", "sửa báo cáo", "trường em nộp chưa"… (not questions). */
export function detectOpening(text: string): Opening | undefined {
  if (/\?\s*$/.test(text) && !/nop chua|da nop|tinh trang/.test(fold(text))) return undefined;
  const t = fold(text).replace(/\?$/, "").trim();
  if (/^(sua|chinh sua|nop lai|cap nhat) (ban )?tu danh gia\b/.test(t)) return "correct-self-assessment";
  if (/^(bat dau |lam |nop |gui )?(ban )?tu danh gia( cds| chuyen doi so| muc do chuyen doi so)?( nam \d{4})?$/.test(t)) return "self-assessment";
  if (/^(sua|chinh sua|nop lai|cap nhat) (bao cao|bc)\b/.test(t)) return "correct";
  if (/\b(nop chua|da nop (chua|bao cao chua)|tinh trang (bao cao|nop)|nop bao cao chua|bao cao chua)\b/.test(t)) return "status";
  if (/^(bat dau |lam |nop |gui )?(bao cao|bc)( dinh ky)?( quy( \d( ?(\/|nam) ?\d{4})?| (nay|truoc|sau))?)?$/.test(t)) return "report";
  return undefined;
}

export type Steering = "back" | "review" | "skip" | "keep" | "same-as-last" | "as-planned" | "confirm" | { jump: string };

export function detectSteering(text: string): Steering | undefined {
  const t = fold(text);
  if (/^(quay lai|tro lai|lui lai|back)$/.test(t)) return "back";
  if (/^(xem lai|tom tat|xem bao cao)$/.test(t)) return "review";
  if (/^(bo qua|khong co|khong|ko|ko co|k co|khong co gi|chua co|skip|-)$/.test(t)) return "skip";
  if (/^(giu nguyen|giu|nhu cu|khong doi)$/.test(t)) return "keep";
  if (/^(nhu quy truoc|giong quy truoc|nhu ky truoc)$/.test(t)) return "same-as-last";
  if (/^(nhu ke hoach|theo ke hoach|nhu du kien)$/.test(t)) return "as-planned";
  if (/^(xac nhan|dong y|nop|gui|nop bao cao|ok nop|ok|oke|chot)$/.test(t)) return "confirm";
  const jump = /^(sua|them|sua muc|them muc|muc) (\d+(?:\.\d+)?)$/.exec(t);
  if (jump) return { jump: jump[2]! };
  return undefined;
}
