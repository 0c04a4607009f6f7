-- CreateEnum
CREATE TYPE "TaskStatus" AS ENUM ('chua_thuc_hien', 'dang_thuc_hien', 'da_hoan_thanh');

-- CreateEnum
CREATE TYPE "InboundStatus" AS ENUM ('stored', 'filed', 'review', 'rejected', 'answered', 'ignored', 'quarantined');

-- CreateEnum
CREATE TYPE "ReminderStatus" AS ENUM ('claimed', 'sent', 'failed');

-- CreateEnum
CREATE TYPE "OutboxStatus" AS ENUM ('pending', 'sent', 'failed');

-- CreateEnum
CREATE TYPE "UpdateStatus" AS ENUM ('pending', 'done', 'failed');

-- CreateEnum
CREATE TYPE "QuestionStatus" AS ENUM ('open', 'answered', 'dismissed');

-- CreateEnum
CREATE TYPE "ActorType" AS ENUM ('contact', 'account', 'staff', 'email', 'system');

-- Columns change type in place (USING): existing rows keep their values, indexes are rebuilt.

-- AlterTable
ALTER TABLE "AuditLog" ALTER COLUMN "actorType" TYPE "ActorType" USING "actorType"::"ActorType";

-- AlterTable
ALTER TABLE "InboundEmail" ALTER COLUMN "status" DROP DEFAULT,
  ALTER COLUMN "status" TYPE "InboundStatus" USING "status"::"InboundStatus",
  ALTER COLUMN "status" SET DEFAULT 'stored';

-- AlterTable
ALTER TABLE "InboundUpdate" ALTER COLUMN "status" DROP DEFAULT,
  ALTER COLUMN "status" TYPE "UpdateStatus" USING "status"::"UpdateStatus",
  ALTER COLUMN "status" SET DEFAULT 'pending';

-- AlterTable
ALTER TABLE "OutboundEmail" ALTER COLUMN "status" DROP DEFAULT,
  ALTER COLUMN "status" TYPE "OutboxStatus" USING "status"::"OutboxStatus",
  ALTER COLUMN "status" SET DEFAULT 'pending';

-- AlterTable
ALTER TABLE "ReminderSend" ALTER COLUMN "status" DROP DEFAULT,
  ALTER COLUMN "status" TYPE "ReminderStatus" USING "status"::"ReminderStatus",
  ALTER COLUMN "status" SET DEFAULT 'claimed';

-- AlterTable
ALTER TABLE "ReportItem" ALTER COLUMN "status" TYPE "TaskStatus" USING "status"::"TaskStatus";

-- AlterTable
ALTER TABLE "UnansweredQuestion" ALTER COLUMN "status" DROP DEFAULT,
  ALTER COLUMN "status" TYPE "QuestionStatus" USING "status"::"QuestionStatus",
  ALTER COLUMN "status" SET DEFAULT 'open';
