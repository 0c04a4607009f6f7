import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.ts";
import { importContactsCsv, importSchoolsCsv } from "../../src/registry/csv.ts";
import { engines, openTestDatabase } from "../helpers/db.ts";

const SCHOOLS = `\uFEFFcode,name,short_name,level,emails
TH-TTCC,Trường Tiểu học Thị Trấn Củ Chi,TH Thị Trấn Củ Chi,th,ThTtCuChi@Example.edu.vn; bgh.thttcc@example.edu.vn
THCS-TT2,Trường THCS Thị Trấn 2,,THCS,
BAD 1,Tên,,TH,
THCS-X,Trường X,,DAIHOC,
THCS-Y,Trường Y,,THCS,khong-phai-email
TH-TTCC,Trùng mã,,TH,
`;

describe.each(engines)("schools and contacts CSV on %s", (engine) => {
  let db: Database;
  beforeAll(async () => (db = await openTestDatabase(engine)));
  afterAll(async () => db.close());

  it("imports good rows, reports each bad row with its line and reason, and re-imports idempotently", async () => {
    const first = await importSchoolsCsv(db.prisma, SCHOOLS);
    expect({ created: first.created, updated: first.updated }).toEqual({ created: 2, updated: 0 });
    expect(first.errors.map((e) => e.line)).toEqual([4, 5, 6, 7]);
    expect(first.errors[0]!.message).toContain("code: chỉ gồm chữ không dấu");
    expect(first.errors[1]!.message).toContain("level: phải là một trong");
    expect(first.errors[2]!.message).toContain("không phải địa chỉ email hợp lệ");
    expect(first.errors[3]!.message).toContain("bị trùng trong tệp");
    const school = await db.prisma.school.findUniqueOrThrow({ where: { code: "TH-TTCC" } });
    expect(school).toMatchObject({ level: "TH", shortName: "TH Thị Trấn Củ Chi", emails: ["thttcuchi@example.edu.vn", "bgh.thttcc@example.edu.vn"] });

    const again = await importSchoolsCsv(db.prisma, SCHOOLS);
    expect({ created: again.created, updated: again.updated, unchanged: again.unchanged }).toEqual({ created: 0, updated: 0, unchanged: 2 });
    expect(await db.prisma.school.count()).toBe(2);

    const renamed = await importSchoolsCsv(db.prisma, "code,name,level\nTHCS-TT2,Trường THCS Thị Trấn 2 (mới),THCS\n");
    expect(renamed.updated).toBe(1);
    expect((await db.prisma.school.findUniqueOrThrow({ where: { code: "THCS-TT2" } })).name).toBe("Trường THCS Thị Trấn 2 (mới)");
  });

  it("refuses a file without the required columns, naming them", async () => {
    const r = await importSchoolsCsv(db.prisma, "ma,ten\nA,B\n");
    expect(r.errors).toEqual([{ line: 1, message: "Thiếu cột: code, name, level" }]);
  });

  it("imports contacts with Vietnamese role names, keyed by school and email", async () => {
    const csv = `school_code,name,role,email,phone
TH-TTCC,Nguyễn Thị Hoa,Hiệu trưởng,hoa@example.edu.vn,0909000111
TH-TTCC,Trần Văn Bình,can bo cntt,,
NOPE,Ai đó,Hiệu trưởng,,
TH-TTCC,Lê C,bảo vệ,,
`;
    const r = await importContactsCsv(db.prisma, csv);
    expect({ created: r.created, errors: r.errors.map((e) => e.line) }).toEqual({ created: 2, errors: [4, 5] });
    expect(r.errors[0]!.message).toContain("không có trường mã NOPE");
    expect(r.errors[1]!.message).toContain("vai trò không rõ");
    const again = await importContactsCsv(db.prisma, csv);
    expect({ created: again.created, unchanged: again.unchanged }).toEqual({ created: 0, unchanged: 2 });
    const hoa = await db.prisma.contact.findFirstOrThrow({ where: { email: "hoa@example.edu.vn" } });
    expect(hoa.role).toBe("principal");
  });
});
