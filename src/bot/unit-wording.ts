/**
 * A GDNN-GDTX centre is no "trường": the bot's own words for the unit ("Quý này trường có hoạt
 * động…", "trường tự chấm…", "nhà trường") say "trung tâm" to an account linked to a centre.
 * Names stay as written ("Trường Tiểu học …" before a proper name), and so do "trường học số",
 * "trường hợp", "môi trường", "thị trường".
 */
const UNIT = /(?<![\p{L}])(nhà |Nhà )?([Tt])rường(?![\p{L}])(?!\s+(?:học số|hợp|\p{Lu}))/gu;

/** Whether a unit's name makes it a centre (not a school). */
export const isCentre = (name: string | null | undefined): boolean => !!name && /^\s*trung tâm\b/iu.test(name);

export function unitWording(text: string): string {
  return text.replace(UNIT, (m, home: string | undefined, t: string, at: number, all: string) => {
    const before = all.slice(Math.max(0, at - 5), at).toLowerCase();
    if (/(môi|thị|hiệu|tổ) $/.test(before)) return m;
    return (home ? home[0] === "N" : t === "T") ? "Trung tâm" : "trung tâm";
  });
}
