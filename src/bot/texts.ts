/** Every text the bot writes, in Vietnamese. Functions where a value is filled in. */
import { COMMAND_LIST, helpText } from "../knowledge/compose.ts";
import type { Identity } from "./context.ts";

type Office = { name: string; email: string };

export const texts = {
  welcome(identity: Identity, office: Office): string {
    const who = identity.contact?.name ? `Chào thầy/cô ${identity.contact.name}` : "Xin chào thầy/cô";
    const where = identity.school
      ? `Tài khoản này đang được liên kết với ${identity.school.name}.`
      : `Tài khoản này chưa liên kết với trường nào. Để báo cáo thay cho trường, hãy gõ “liên kết <mã>” với mã do ${office.name} cấp.`;
    return [
      `${who}! Đây là trợ lý chuyển đổi số của ${office.name}.`,
      where,
      "Tôi có thể:\n" + COMMAND_LIST,
    ].join("\n\n");
  },

  help: helpText,

  linkUsage: "Thầy/cô hãy gõ “liên kết” kèm mã do Phòng cấp, ví dụ: liên kết K7M2-Q9XP",
  linkOk: (schoolName: string, contactName: string) =>
    `Đã liên kết thành công với ${schoolName}${contactName ? ` (${contactName})` : ""}. Từ nay thầy/cô có thể báo cáo thay cho trường trong cuộc trò chuyện này.`,
  linkAlready: (schoolName: string) => `Tài khoản này đã được liên kết với ${schoolName} từ trước. Không cần làm gì thêm.`,
  linkUnknown:
    "Mã liên kết không đúng. Thầy/cô kiểm tra lại mã (8 ký tự, ví dụ K7M2-Q9XP) hoặc liên hệ Phòng để được cấp mã mới.",
  linkUsed: "Mã này đã được sử dụng. Mỗi mã chỉ dùng được một lần; thầy/cô liên hệ Phòng để được cấp mã mới.",
  linkExpired: "Mã này đã hết hạn. Thầy/cô liên hệ Phòng để được cấp mã mới.",
  linkTooMany: "Thầy/cô đã nhập sai mã quá nhiều lần. Vui lòng thử lại sau một giờ hoặc liên hệ Phòng.",
  linkElsewhere: (schoolName?: string) =>
    `Tài khoản này đang liên kết với ${schoolName ?? "một trường khác"}. Nếu cần chuyển trường, thầy/cô liên hệ Phòng để được hỗ trợ.`,

  reportCancelled: "Đã dừng. Bản nháp báo cáo vẫn được giữ nguyên; khi nào tiện, gõ “báo cáo” để làm tiếp.",
  /** A report's answer typed with no form open: nothing is stored, the way in is shown. */
  rowAnswerWithoutForm: (paused?: string) =>
    paused
      ? `Tin này giống câu trả lời cho một mục của báo cáo, nhưng bản nháp ${paused} đang tạm dừng nên tôi chưa ghi gì. Gõ “làm tiếp” để tiếp tục đúng chỗ đã dừng, rồi gửi lại tin này.`
      : "Tin này giống câu trả lời cho một mục của báo cáo quý, nhưng chưa có báo cáo nào đang mở nên tôi chưa ghi gì. Gõ “báo cáo” để bắt đầu (chọn mục rồi trả lời từng mục), hoặc hỏi tôi điều thầy/cô cần biết.",
  reportNeedsLink: (office: Office) =>
    [
      "Tài khoản chat này chưa liên kết với trường nào, nên chưa nộp hoặc xem báo cáo của trường được.",
      `Cách làm: xin ${office.name} mã liên kết của trường, rồi gõ “liên kết <mã>” (ví dụ: liên kết K7M2-Q9XP) — chỉ cần một lần.`,
      `Cần nộp ngay mà chưa có mã: gửi báo cáo (PHỤ LỤC 2, 3) qua email ${office.email}.`,
    ].join("\n"),
  /** The message names a school that is not the linked one, or several that might be meant, or one not registered. */
  reportNotOwnSchool: (linked: string, named: string[], office: Office, status: boolean) => {
    const what = status ? "xem được tình trạng báo cáo" : "nộp, sửa được báo cáo";
    const who =
      named.length === 1
        ? named[0]!
        : named.length > 1
          ? `trường thầy/cô nhắc tới (${named.join(" hay ")}?)`
          : `trường thầy/cô nhắc tới (không có trong danh sách trường của ${office.name})`;
    return [
      status
        ? `Tôi không xem được tình trạng báo cáo của ${who}: mỗi tài khoản chỉ xem được báo cáo của trường mình đang liên kết.`
        : `Tài khoản này đang liên kết với ${linked}, nên chỉ nộp được báo cáo của ${linked}. Tôi không mở báo cáo của ${who}.`,
      status
        ? `Tài khoản này đang liên kết với ${linked}, nên chỉ ${what} của ${linked}. Tình hình nộp của các trường do ${office.name} theo dõi.`
        : `Báo cáo của trường khác do người của trường đó nộp (tài khoản đã liên kết với trường đó), hoặc gửi qua email ${office.email}. Nếu ý thầy/cô là báo cáo của ${linked}, gõ “báo cáo” (hoặc “sửa báo cáo”). Nếu thầy/cô đã chuyển công tác, liên hệ ${office.name} để đổi liên kết.`,
    ].join("\n");
  },
  ownStatusLabel: (linked: string) => `Còn báo cáo của trường thầy/cô (${linked}):`,
  reportTextOnly: "Tôi chỉ đọc được chữ. Thầy/cô trả lời câu hỏi ở trên bằng tin nhắn chữ giúp tôi (hoặc gõ “xem lại”, “hủy”).",
  nothingToCancel: "Hiện không có thao tác nào đang thực hiện.",
  nothingToConfirm: "Hiện không có báo cáo nào đang chờ xác nhận. Gõ “báo cáo” để làm báo cáo quý, hoặc “nộp chưa?” để xem trường đã nộp chưa.",
  formReset: "Xin lỗi thầy/cô, tôi không đọc được bước đang làm dở của biểu mẫu nên đã đặt lại. Bản nháp báo cáo (nếu có) vẫn được giữ: gõ “báo cáo” để tiếp tục.",

  unsupported(office: Office): string {
    return `Xin lỗi, hiện tôi chỉ đọc được tin nhắn chữ. Nếu thầy/cô muốn gửi tệp báo cáo (Excel, Word), vui lòng gửi qua email ${office.email}.`;
  },
  tooLong: (max: number) => `Tin nhắn dài quá ${max} ký tự. Thầy/cô vui lòng chia nhỏ hoặc gửi qua email.`,
  internalError:
    "Xin lỗi, hệ thống đang gặp sự cố nên chưa xử lý được tin nhắn này. Thầy/cô vui lòng thử lại sau ít phút; tin nhắn của thầy/cô vẫn được lưu lại.",
};
