-- AlterTable
ALTER TABLE "ReminderSend" ADD COLUMN     "text" TEXT;
