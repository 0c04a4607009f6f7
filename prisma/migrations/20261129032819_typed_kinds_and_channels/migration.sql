-- CreateEnum
CREATE TYPE "OutboundKind" AS ENUM ('report_filed', 'self_assessment_filed', 'reminder', 'digest', 'reply');

-- CreateEnum
CREATE TYPE "ReminderChannel" AS ENUM ('zalo', 'telegram', 'email', 'escalation');

-- CreateEnum
CREATE TYPE "EmailKind" AS ENUM ('quarterly_report', 'self_assessment', 'question', 'auto_reply', 'unrelated');

-- Columns change type in place (USING): rows keep their values. A kind an older version wrote
-- under another name is kept as the nearest one (answers to senders were all "reply").

-- AlterTable
ALTER TABLE "InboundEmail" ALTER COLUMN "classification" TYPE "EmailKind" USING (CASE WHEN "classification" IN ('quarterly_report', 'self_assessment', 'question', 'auto_reply', 'unrelated') THEN "classification" END)::"EmailKind";

-- AlterTable
ALTER TABLE "OutboundEmail" ALTER COLUMN "kind" TYPE "OutboundKind" USING (CASE WHEN "kind" IN ('report_filed', 'self_assessment_filed', 'reminder', 'digest', 'reply') THEN "kind" ELSE 'reply' END)::"OutboundKind";

-- AlterTable
ALTER TABLE "ReminderSend" ALTER COLUMN "channel" TYPE "ReminderChannel" USING "channel"::"ReminderChannel";
