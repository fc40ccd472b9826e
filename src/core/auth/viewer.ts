import { registerEnumType } from 'type-graphql';

/** Who may do what (docs/api.md "Who may do what"). */
export enum Role {
  ANONYMOUS = 'ANONYMOUS',
  MINISTRY = 'MINISTRY',
  MUNICIPALITY = 'MUNICIPALITY',
  ADMIN = 'ADMIN',
}

registerEnumType(Role, {
  name: 'Role',
  description: '権限 (the role of a caller).',
  valuesConfig: {
    ANONYMOUS: { description: '公開 (no token: reads everything published, never sealed bids or reserve prices).' },
    MINISTRY: { description: '府省 (bound to one ministry: writes and reads the sealed data of its own services).' },
    MUNICIPALITY: { description: '地方公共団体 (bound to one local government: writes its own pilots and their tenders).' },
    ADMIN: { description: '管理者 (the committee secretariat: everything, including basic policies).' },
  },
});

/** The caller of one request, resolved from its token (or anonymous). */
export interface Viewer {
  role: Role;
  /** Token id, for history; null when anonymous. */
  tokenId: number | null;
  /** Token name, for history. */
  name: string | null;
  /** For MINISTRY: the ministry's key. */
  ministryId: number | null;
  /** For MUNICIPALITY: the local government's key. */
  municipalityId: number | null;
}

export const ANONYMOUS: Viewer = Object.freeze({
  role: Role.ANONYMOUS,
  tokenId: null,
  name: null,
  ministryId: null,
  municipalityId: null,
});
