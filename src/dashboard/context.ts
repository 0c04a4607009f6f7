/** What the dashboard pages need from the rest of the service. */
import type { Clock } from "../clock.ts";
import type { Db } from "../db/client.ts";
import type { DeadlineRules } from "../domain/periods.ts";
import type { Logger } from "../logger.ts";
import type { IngestDeps } from "../mail/inbound/ingest.ts";
import type { ReminderRoundDeps } from "../reminders/scheduler.ts";
import type { SelfAssessmentForm } from "../reports/self-assessment.ts";
import type { ReportTemplate } from "../reports/template.ts";

export interface DashboardDeps {
  prisma: Db;
  logger: Logger;
  clock: Clock;
  rules: DeadlineRules;
  template: ReportTemplate;
  selfAssessment: SelfAssessmentForm;
  office: { name: string; email: string };
  sessionHours: number;
  linkCodeTtlDays: number;
  /** Filing and answering a mail from the review queue. */
  ingest: IngestDeps;
  /** The reminder round (plan for the dry run, send for "send now"). */
  reminders: ReminderRoundDeps;
}
