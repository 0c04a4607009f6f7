import { parseRowAnswer } from "./src/lang/row-answer.ts";
console.log(parseRowAnswer("Tập huấn 24/30 giáo viên về học liệu số. Quý tới: Tập huấn 6 giáo viên còn lại. Khó khăn: Thiếu máy chiếu ở 2 phòng học. Kiến nghị: Đề nghị cấp 2 máy chiếu.", "done"));
console.log(parseRowAnswer("Tập huấn 24/30 giáo viên về học liệu số. Quý tới: Tập huấn 6 giáo viên còn lại. Vướng mắc: Thiếu máy chiếu ở 2 phòng học. Đề xuất: Đề nghị cấp 2 máy chiếu.", "done"));
