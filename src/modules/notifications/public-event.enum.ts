import { registerEnumType } from 'type-graphql';
import { EVALUATION_DECISION_LABELS } from '../evaluation/evaluation.enum.js';
import { PILOT_STATUS_LABELS } from '../pilot/pilot.enum.js';
import { PROJECT_STATUS_LABELS } from '../project/project.enum.js';
import { TENDER_STATUS_LABELS } from '../tender/tender.enum.js';

/**
 * What a subscriber hears about (docs/notifications.md): the public side of the domain events
 * the write pipeline records. The opening of a round (開札) ends in TENDER_AWARDED (落札) or
 * TENDER_UNSUCCESSFUL (不調・不落); both carry the opening date and, from then on public, the
 * bids' count and the contract amount.
 */
export enum PublicEventType {
  TENDER_ANNOUNCED = 'TENDER_ANNOUNCED',
  TENDER_STATUS_CHANGED = 'TENDER_STATUS_CHANGED',
  TENDER_DEADLINE_CHANGED = 'TENDER_DEADLINE_CHANGED',
  TENDER_CHANGED = 'TENDER_CHANGED',
  TENDER_AWARDED = 'TENDER_AWARDED',
  TENDER_UNSUCCESSFUL = 'TENDER_UNSUCCESSFUL',
  TENDER_CANCELLED = 'TENDER_CANCELLED',
  SERVICE_CREATED = 'SERVICE_CREATED',
  SERVICE_STATUS_CHANGED = 'SERVICE_STATUS_CHANGED',
  EVALUATION_DECIDED = 'EVALUATION_DECIDED',
  PILOT_REGISTERED = 'PILOT_REGISTERED',
  PILOT_STATUS_CHANGED = 'PILOT_STATUS_CHANGED',
  POLICY_ADOPTED = 'POLICY_ADOPTED',
}

/** The Japanese name of each event type (feed titles, webhook bodies, `typeLabel`). */
export const PUBLIC_EVENT_LABELS: Record<PublicEventType, string> = {
  TENDER_ANNOUNCED: '入札公告',
  TENDER_STATUS_CHANGED: '入札状況の変更',
  TENDER_DEADLINE_CHANGED: '入札締切の変更',
  TENDER_CHANGED: '入札内容の変更',
  TENDER_AWARDED: '開札・落札',
  TENDER_UNSUCCESSFUL: '開札・不調',
  TENDER_CANCELLED: '入札中止',
  SERVICE_CREATED: '対象公共サービスの登録',
  SERVICE_STATUS_CHANGED: '対象公共サービスの状況変更',
  EVALUATION_DECIDED: '評価の決定',
  PILOT_REGISTERED: '地方公共団体の取組の登録',
  PILOT_STATUS_CHANGED: '地方公共団体の取組の状況変更',
  POLICY_ADOPTED: '基本方針の閣議決定',
};

/** Events about a round (the Atom feed of rounds carries these). */
export const TENDER_EVENT_TYPES: readonly PublicEventType[] = [
  PublicEventType.TENDER_ANNOUNCED,
  PublicEventType.TENDER_STATUS_CHANGED,
  PublicEventType.TENDER_DEADLINE_CHANGED,
  PublicEventType.TENDER_CHANGED,
  PublicEventType.TENDER_AWARDED,
  PublicEventType.TENDER_UNSUCCESSFUL,
  PublicEventType.TENDER_CANCELLED,
];

registerEnumType(PublicEventType, {
  name: 'PublicEventType',
  description: '通知の種類 (what happened; docs/notifications.md).',
  valuesConfig: {
    TENDER_ANNOUNCED: { description: '入札公告 (a round was created with its announcement date).' },
    TENDER_STATUS_CHANGED: { description: '入札状況の変更 (a round moved by hand: PLANNED → OPEN, OPEN → CLOSED).' },
    TENDER_DEADLINE_CHANGED: { description: '入札締切の変更 (the bid deadline of a round changed).' },
    TENDER_CHANGED: { description: '入札内容の変更 (other public terms of a round changed: title, dates, criteria).' },
    TENDER_AWARDED: { description: '開札・落札 (the round was opened and awarded; its bids are public from now on).' },
    TENDER_UNSUCCESSFUL: { description: '開札・不調 (the round was opened without a valid bid within the reserve price).' },
    TENDER_CANCELLED: { description: '入札中止 (the round was cancelled).' },
    SERVICE_CREATED: { description: '対象公共サービスの登録 (a target service was registered).' },
    SERVICE_STATUS_CHANGED: {
      description: '対象公共サービスの状況変更 (a service moved: by hand, an award, a failed round, an evaluation).',
    },
    EVALUATION_DECIDED: { description: '評価の決定 (an evaluation and its decision: exit, continue, re-tender).' },
    PILOT_REGISTERED: { description: '地方公共団体の取組の登録 (a local pilot was registered).' },
    PILOT_STATUS_CHANGED: { description: '地方公共団体の取組の状況変更 (a local pilot moved).' },
    POLICY_ADOPTED: { description: '基本方針の閣議決定 (an edition of the basic policy was adopted).' },
  },
});

export enum WebhookDeliveryStatus {
  PENDING = 'PENDING',
  DELIVERED = 'DELIVERED',
  DEAD = 'DEAD',
}

registerEnumType(WebhookDeliveryStatus, {
  name: 'WebhookDeliveryStatus',
  description: '配信の状態 (where a webhook delivery is).',
  valuesConfig: {
    PENDING: { description: '送信待ち (waiting for its first try or its next retry).' },
    DELIVERED: { description: '配信済み (the receiver answered 2xx).' },
    DEAD: { description: '配信停止 (every try failed: kept for inspection, sent again only by redeliverWebhook).' },
  },
});

/**
 * The Japanese names of the states and decisions event titles mention (the enums' own
 * descriptions say the same in the schema).
 */
/** The label sets of the states events name (each beside its enum: core/text/labels.ts). */
const STATE_LABELS = {
  Tender: TENDER_STATUS_LABELS,
  TargetProject: PROJECT_STATUS_LABELS,
  LocalPilot: PILOT_STATUS_LABELS,
  Evaluation: EVALUATION_DECISION_LABELS,
} as const;

/** A state's Japanese name (the code itself if unknown). */
export function stateLabel(kind: keyof typeof STATE_LABELS, value: string | null | undefined): string {
  if (value == null) return '—';
  const labels = STATE_LABELS[kind].labels as Readonly<Record<string, readonly string[]>>;
  return labels[value]?.[0] ?? value;
}
