/**
 * Where a person's form lives between messages: one row per chat and sender (DialogueState), so
 * in a group chat each person's form is their own. The JSON is parsed with zod on load: a state
 * this version cannot read (an older shape, a hand edit) is reset, never cast and trusted.
 */
import { z } from "zod";
import { Prisma } from "../generated/prisma/client.ts";
import type { Db } from "../db/client.ts";
import type { QuarterlyState, Step as QuarterlyStep } from "./quarterly.ts";
import type { SelfAssessmentState } from "./self-assessment.ts";

const rowCode = z.string().max(20);

const quarterlyStep: z.ZodType<QuarterlyStep> = z.lazy(() =>
  z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("choose-period"), options: z.array(z.string().max(20)).max(5) }),
    z.object({ kind: z.literal("pick-rows") }),
    z.object({ kind: z.literal("row"), row: rowCode }),
    z.object({ kind: z.literal("field"), row: rowCode, field: z.enum(["status", "done", "next"]) }),
    z.object({ kind: z.literal("copied"), row: rowCode }),
    z.object({ kind: z.literal("review") }),
    z.object({ kind: z.literal("confirm-cancel"), resume: quarterlyStep }),
    z.object({ kind: z.literal("overtaken"), newer: z.string().max(40), resume: quarterlyStep }),
    z.object({ kind: z.literal("replace-done"), row: rowCode, text: z.string().max(2_000), said: z.string().max(2_000).optional(), resume: quarterlyStep }),
    z.object({ kind: z.literal("which-row"), row: rowCode, next: rowCode, text: z.string().max(2_000), resume: quarterlyStep }),
  ]),
);

const quarterly = z.object({
  flow: z.literal("quarterly"),
  reportId: z.string().max(40),
  period: z.string().max(20),
  rows: z.array(rowCode).max(100),
  step: quarterlyStep,
  back: z.array(quarterlyStep).max(60),
  returnToReview: z.boolean().optional(),
  paused: z.boolean().optional(),
  skipped: z.array(rowCode).max(100).optional(),
  adding: z.array(rowCode).max(100).optional(),
  ahead: z.array(rowCode).max(100).optional(),
});

const saStep = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("group"), index: z.number().int().min(0).max(20) }),
  z.object({ kind: z.literal("condition"), index: z.number().int().min(0).max(50) }),
  z.object({ kind: z.literal("notes") }),
  z.object({ kind: z.literal("review") }),
]);

const selfAssessment = z.object({
  flow: z.literal("self-assessment"),
  reportId: z.string().max(40),
  period: z.string().max(20),
  step: saStep,
  back: z.array(saStep).max(60),
  paused: z.boolean().optional(),
});

const formState = z.discriminatedUnion("flow", [quarterly, selfAssessment]);

export type FormState = (QuarterlyState | SelfAssessmentState) & { paused?: boolean };

export interface FormKey {
  conversationId: string;
  accountId: string;
}

/**
 * The sender's form in this chat: `null` when none, "unreadable" when a stored one failed
 * validation (it is then removed). `stored` is the row already read with the sender's identity.
 */
export async function loadForm(prisma: Db, key: FormKey, stored?: { state: unknown }): Promise<FormState | null | "unreadable"> {
  const row = stored ?? (await prisma.dialogueState.findUnique({ where: { conversationId_accountId: key }, select: { state: true } }));
  if (!row || row.state === null) return null;
  const parsed = formState.safeParse(row.state);
  if (parsed.success) return parsed.data as FormState;
  await clearForm(prisma, key);
  return "unreadable";
}

export async function saveForm(prisma: Db, key: FormKey, state: FormState | null): Promise<void> {
  if (!state) return clearForm(prisma, key);
  const json = formState.parse(state) as unknown as Prisma.InputJsonValue;
  await prisma.dialogueState.upsert({ where: { conversationId_accountId: key }, create: { ...key, state: json }, update: { state: json } });
}

export async function clearForm(prisma: Db, key: FormKey): Promise<void> {
  await prisma.dialogueState.deleteMany({ where: key });
}
