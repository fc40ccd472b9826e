import { registerEnumType } from 'type-graphql';
import type { LabelSet } from '../../core/text/labels.js';

/** Under which rules a local government tenders its own services. */
export enum LocalPilotScheme {
  SPECIFIC_PUBLIC_SERVICE = 'SPECIFIC_PUBLIC_SERVICE',
  OWN_SCHEME = 'OWN_SCHEME',
}

registerEnumType(LocalPilotScheme, {
  name: 'LocalPilotScheme',
  description: '実施の枠組み (legal basis of a local pilot).',
  valuesConfig: {
    SPECIFIC_PUBLIC_SERVICE: { description: '特定公共サービス (Art. 34 of the Act: counter services named there).' },
    OWN_SCHEME: {
      description: "独自の取組 (the local government's own outsourcing scheme, as Yokohama, Tajimi, Hamamatsu and Osaka did).",
    },
  },
});

/** The counter services of Art. 34 a pilot may cover. */
export enum LocalPilotService {
  FAMILY_REGISTER_COPIES = 'FAMILY_REGISTER_COPIES',
  FAMILY_REGISTER_ANNEX_COPIES = 'FAMILY_REGISTER_ANNEX_COPIES',
  RESIDENT_RECORD_COPIES = 'RESIDENT_RECORD_COPIES',
  SEAL_CERTIFICATES = 'SEAL_CERTIFICATES',
  TAX_CERTIFICATES = 'TAX_CERTIFICATES',
  OTHER_COUNTER_SERVICE = 'OTHER_COUNTER_SERVICE',
}

registerEnumType(LocalPilotService, {
  name: 'LocalPilotService',
  description: '対象業務 (counter service covered by a local pilot).',
  valuesConfig: {
    FAMILY_REGISTER_COPIES: { description: '戸籍謄本等の交付請求の受付・引渡し (family-register copies).' },
    FAMILY_REGISTER_ANNEX_COPIES: { description: '戸籍の附票の写し (copies of the family-register annex).' },
    RESIDENT_RECORD_COPIES: { description: '住民票の写し (copies of the resident record).' },
    SEAL_CERTIFICATES: { description: '印鑑登録証明書 (seal-registration certificates).' },
    TAX_CERTIFICATES: { description: '納税証明書 (tax certificates).' },
    OTHER_COUNTER_SERVICE: { description: 'その他の窓口業務 (other counter services).' },
  },
});

/** A local pilot's lifecycle (docs/domain.md "LocalPilot"). */
export enum LocalPilotStatus {
  PLANNED = 'PLANNED',
  POLICY_ADOPTED = 'POLICY_ADOPTED',
  TENDERING = 'TENDERING',
  IN_OPERATION = 'IN_OPERATION',
  ENDED = 'ENDED',
  SUSPENDED = 'SUSPENDED',
}

registerEnumType(LocalPilotStatus, {
  name: 'LocalPilotStatus',
  description: '取組の状態 (status of a local pilot).',
  valuesConfig: {
    PLANNED: { description: '検討中 (planned).' },
    POLICY_ADOPTED: { description: '実施方針策定 (implementation policy adopted).' },
    TENDERING: { description: '入札手続中 (being tendered).' },
    IN_OPERATION: { description: '実施中 (a contractor runs the service).' },
    ENDED: { description: '終了 (ended).' },
    SUSPENDED: { description: '中断・延期 (suspended or postponed, e.g. after an ordinance the tender was put off).' },
  },
});

// Japanese labels (core/text/labels.ts), read in the `…Label` fields and event titles.
export const PILOT_STATUS_LABELS: LabelSet<LocalPilotStatus> = {
  what: '取組の状態',
  labels: {
    PLANNED: ['検討中'],
    POLICY_ADOPTED: ['実施方針策定'],
    TENDERING: ['入札手続中'],
    IN_OPERATION: ['実施中'],
    ENDED: ['終了'],
    SUSPENDED: ['中断・延期'],
  },
};

export const PILOT_SCHEME_LABELS: LabelSet<LocalPilotScheme> = {
  what: '実施の枠組み',
  labels: { SPECIFIC_PUBLIC_SERVICE: ['特定公共サービス'], OWN_SCHEME: ['独自の取組'] },
};
