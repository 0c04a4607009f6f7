/** Which inbound mails wait for a person: shared by the mailbox, the dashboard and the daily digest. */
export const REVIEW_STATUSES = ["review", "rejected", "quarantined"] as const;

/** The mails still waiting for a person (a where-clause on InboundEmail). */
export const AWAITING_REVIEW = { status: { in: [...REVIEW_STATUSES] }, resolvedAt: null };
