/**
 * The outline and table readers on the shapes schools write, one rule per case (the variation
 * suite and the held-out sets measure them in bulk; these name what each rule is for).
 */
import { describe, expect, it } from "vitest";
import { extractFromGrid } from "../../src/mail/inbound/extract/grid.ts";
import { extractOutline } from "../../src/mail/inbound/extract/outline.ts";
import { forwardedPart, newPartOfText } from "../../src/mail/inbound/extract/quoted.ts";
import { rowByTitle } from "../../src/mail/inbound/extract/row-title.ts";
import { loadReportTemplate } from "../../src/reports/template.ts";

const template = loadReportTemplate();
const items = (text: string, quarter?: number) => extractOutline(text, template, quarter)?.items ?? {};

describe("which row a name means", () => {
  it.each([
    ["EDUGIS", "1.1"],
    ["Học bạ số", "6"],
    ["vpđt", "7"],
    ["Tập huấn", "2"],
    ["Dạy học online", "8"],
    ["Thư viện số", "9"],
    ["Bộ giải pháp chuyển đổi số cơ bản", "5"],
    ["Kiến trúc tham chiếu bộ giải pháp CĐS cơ bản", "3.3"],
  ])("“%s” → %s", (name, code) => expect(rowByTitle(name, template)).toBe(code));
  it.each(["Dạ em chào Phòng ạ", "Kính gửi Phòng GD&ĐT", "Trường gửi báo cáo", "Trân trọng"])("“%s” names no row", (name) => expect(rowByTitle(name, template)).toBeUndefined());
});

describe("outlines", () => {
  // Mail held-out set 4 classes, in other words than the set's.
  it("keeps a school's sentence whole when a status or a % is inside it", () => {
    const got = items("Về văn phòng điện tử: 100% văn bản đi được ký số trên hệ thống.\n\nVề học bạ số: hoàn thành ký số học bạ khối 9 với 320/320 học sinh.\n\nVề thư viện số: đang thực hiện 60%.");
    expect(got["7"]?.done).toBe("100% văn bản đi được ký số trên hệ thống");
    expect(got["6"]).toMatchObject({ status: "da_hoan_thanh", done: "hoàn thành ký số học bạ khối 9 với 320/320 học sinh" });
    expect(got["9"]).toMatchObject({ status: "dang_thuc_hien", progressPercent: 60, done: null });
  });

  it("reads a form code alone before the name (“1.1 EDUGIS: …”)", () => {
    const got = items("1.1 EDUGIS: da cap nhat so phong hoc.\n6. Hoc ba so: da ky so khoi 6.");
    expect(got["1.1"]?.done).toBe("da cap nhat so phong hoc");
    expect(got["6"]?.done).toBe("da ky so khoi 6");
  });

  it("sends a later sentence under a label where its own cue says (“Khó khăn: … . Kiến nghị …”, “Trường đề xuất …”)", () => {
    const got = items("Về dạy học trực tuyến: dạy trên K12Online cho 8 lớp. Khó khăn: mạng chập chờn. Kiến nghị Phòng hỗ trợ thêm bộ phát wifi.\n\nVề học bạ số: đã ký số khối 6. Khó khăn là ký theo lô chậm. Trường đề xuất Phòng mở lớp hướng dẫn.");
    expect(got["8"]).toMatchObject({ difficulties: "mạng chập chờn", recommendations: "Phòng hỗ trợ thêm bộ phát wifi" });
    expect(got["6"]).toMatchObject({ difficulties: "ký theo lô chậm", recommendations: "Trường đề xuất Phòng mở lớp hướng dẫn" });
  });

  it("reads paragraphs that open with a short task name, cues splitting the parts", () => {
    const got = items("Kính gửi Phòng,\n\nVề EDUGIS: đã cập nhật tọa độ trường. Quý tới rà soát phòng bộ môn.\n\nHọc bạ số: đã ký số khối 9. Vướng chứng thư số hết hạn, đề nghị Phòng hướng dẫn gia hạn.\n\nTrân trọng.");
    expect(got["1.1"]).toMatchObject({ done: "đã cập nhật tọa độ trường", next: "rà soát phòng bộ môn" });
    expect(got["6"]).toMatchObject({ done: "đã ký số khối 9", difficulties: "Vướng chứng thư số hết hạn", recommendations: "đề nghị Phòng hướng dẫn gia hạn" });
    expect(Object.keys(got).sort()).toEqual(["1.1", "6"]);
  });

  it("takes a list number before a name as numbering, not as the row with that number", () => {
    const got = items("1. Đối với Hệ thống điều hành và giám sát (IOC): đã kết nối camera.\n2. Đối với Kiến trúc tham chiếu bộ giải pháp CĐS cơ bản: đã đối chiếu các phần mềm.");
    expect(Object.keys(got).sort()).toEqual(["1.2", "3.3"]);
    expect(got["2"]).toBeUndefined();
  });

  it("tells a label naming the mail's own quarter (done) from the next one (plan)", () => {
    const got = items("1.1 - quy 3: cap nhat bep an. quy 4: cap nhat san choi moi", 3);
    expect(got["1.1"]).toMatchObject({ done: "cap nhat bep an", next: "cap nhat san choi moi" });
    expect(items("- edugis: da cap nhat anh truong. q4 cap nhat lai so tre", 3)["1.1"]).toMatchObject({ next: "q4 cap nhat lai so tre" });
  });

  it("reads labels from the lexicon, several in one line", () => {
    const got = items("Mục 8: Dạy trực tuyến 3 lớp. Sẽ làm: mở thêm lớp ôn thi. Vướng: phòng máy yếu. Xin hỗ trợ: nâng cấp băng thông.");
    expect(got["8"]).toEqual({ status: null, progressPercent: null, done: "Dạy trực tuyến 3 lớp", next: "mở thêm lớp ôn thi", difficulties: "phòng máy yếu", recommendations: "nâng cấp băng thông" });
  });

  it("finds the forwarded report under a forward header, without the forwarded headers", () => {
    const body = "Em chuyển tiếp ạ.\n\n---------- Forwarded message ---------\nFrom: GV Tin <gv@gmail.com>\nDate: Thu, 11 Sep 2025\nSubject: bc\nTo: <ht@x.vn>\n\nMục 4: tuyển sinh 100% hs nhập học.";
    expect(forwardedPart(body)).toBe("Mục 4: tuyển sinh 100% hs nhập học.");
    expect(forwardedPart("không có gì chuyển tiếp")).toBeUndefined();
  });
});

describe("tables", () => {
  const header = ["STT", "Nội dung", "Kết quả quý III/2025", "Nhiệm vụ quý IV/2025", "Vướng", "Xin hỗ trợ"];
  it("reads columns named by quarters and by labels inside their words, rows numbered 1..N by their names", () => {
    const t = extractFromGrid([header, ["1", "EDUGIS", "Cập nhật bản đồ", "", "", ""], ["2", "Học bạ số", "Ký số khối 5", "Ký số khối 1-4", "Chứng thư hết hạn", "Gia hạn chứng thư"], ["3", "Thư viện số", "-", "-", "-", "-"]], template);
    expect(t.ok && t.items).toEqual({
      "1.1": { status: null, progressPercent: null, done: "Cập nhật bản đồ", next: null, difficulties: null, recommendations: null },
      "6": { status: null, progressPercent: null, done: "Ký số khối 5", next: "Ký số khối 1-4", difficulties: "Chứng thư hết hạn", recommendations: "Gia hạn chứng thư" },
    });
  });

  it("continues a table split in two by Word with the first part's columns; one 'Quý IV' column is the plan of a quarter III mail", () => {
    const first = extractFromGrid([["TT", "Nội dung công việc", "Đã làm", "Quý IV"], ["2", "Đào tạo", "Tập huấn", "Tập huấn tiếp"]], template, { quarter: 3 });
    expect(first.ok && first.items["2"]).toMatchObject({ done: "Tập huấn", next: "Tập huấn tiếp" });
    const second = extractFromGrid([["8", "Dạy học trực tuyến", "Dạy 3 lớp", "Mở rộng"]], template, { continues: first.ok ? first.layout : undefined });
    expect(second.ok && second.items["8"]).toMatchObject({ done: "Dạy 3 lớp", next: "Mở rộng" });
    expect(extractFromGrid([["8", "Dạy học trực tuyến", "Dạy 3 lớp", "Mở rộng"]], template).ok).toBe(false);
  });
});

describe("the new part of a reply", () => {
  it("stops at a webmail's “Tin nhắn gốc” quote, whatever order its header lines come in", () => {
    const reply = "Trường xin sửa mục 2 như sau:\nĐã thực hiện: tập huấn 38/40 GV.";
    for (const quote of [
      "----- Tin nhắn gốc -----\nTừ: Phòng GD&ĐT <cntt@x.vn>\nĐã gửi: Thứ Sáu, 19 Tháng Chín 2025\nĐến: truong@x.vn\nChủ đề: Đã nhận báo cáo\n\nMục 2 - Đã làm: 30/40 GV.",
      "Từ: Phòng GD&ĐT <cntt@x.vn>\nĐã gửi: Thứ Sáu, 19 Tháng Chín 2025\nChủ đề: Đã nhận báo cáo\n\nMục 2 - Đã làm: 30/40 GV.",
    ]) expect(newPartOfText(`${reply}\n\n${quote}`)).toBe(reply);
  });
});
