import type { CompetitionMethod, TargetProjectCategory, TargetProjectStatus } from '../project/project.enum.js';
import type { Tender, TenderValues } from '../tender/tender.entity.js';
import { BidStatus, type BidderKind } from '../tender/tender.enum.js';

/**
 * The import works on an in-memory copy of the rows it may touch: it applies every row to
 * the copy under the API's rules, collects every problem, and only then writes what
 * changed, in one transaction. Each record keeps what was loaded (`original`, null for one
 * the import creates) and what it is now (`current`), so the history entry of a record is
 * the difference of the two and an unchanged row writes nothing (idempotence).
 */
export abstract class Tracked<T extends object> {
  /** Database id; null until the writer inserts a new record. */
  id: number | null;
  readonly original: Readonly<T> | null;
  current: T;
  /** Rows of the file that created or changed the record (for the history note). */
  readonly rows = new Set<number>();
  /** Why a record changed beyond its own row, e.g. "award of round 2". */
  cause: string | null = null;

  constructor(id: number | null, data: T, isNew: boolean) {
    this.id = id;
    this.original = isNew ? null : Object.freeze({ ...data });
    this.current = { ...data };
  }

  get isNew(): boolean {
    return this.original === null;
  }

  /** The fields history records and change detection compares. */
  abstract snapshot(data: T): Record<string, unknown>;

  get changed(): boolean {
    if (this.isNew) return true;
    return JSON.stringify(this.snapshot(this.original as T)) !== JSON.stringify(this.snapshot(this.current));
  }
}

export interface MinistryRef {
  id: number;
  code: string;
  name: string;
}

export interface ProjectData {
  name: string;
  summary: string;
  category: TargetProjectCategory;
  method: CompetitionMethod;
  baselineAnnualCostYen: number;
  status: TargetProjectStatus;
  version: number;
  /** よみ: kept as it is (the spreadsheets have no column for it); part of the search text the import writes. */
  kana: string | null;
}

export class ProjectModel extends Tracked<ProjectData> {
  /** Rounds in round order. */
  readonly tenders: TenderModel[] = [];

  constructor(
    id: number | null,
    readonly ministry: MinistryRef,
    data: ProjectData,
    isNew: boolean,
  ) {
    super(id, data, isNew);
  }

  /** target-project.service's projectSnapshot fields. */
  snapshot(d: ProjectData): Record<string, unknown> {
    return {
      name: d.name,
      summary: d.summary,
      category: d.category,
      method: d.method,
      baselineAnnualCostYen: d.baselineAnnualCostYen,
      status: d.status,
      kana: d.kana,
    };
  }

  lastTender(): TenderModel | undefined {
    return this.tenders[this.tenders.length - 1];
  }
}

/**
 * A round as the import holds it: the round's own values and the version it was loaded at
 * (the writer's optimistic lock). Its `bidCount` (応札者数) is written with the round
 * without bumping that version.
 */
export type TenderData = TenderValues & Pick<Tender, 'version'>;

export class TenderModel extends Tracked<TenderData> {
  readonly bids: BidModel[] = [];

  constructor(
    id: number | null,
    readonly project: ProjectModel,
    data: TenderData,
    isNew: boolean,
  ) {
    super(id, data, isNew);
  }

  /** tender.service's tenderSnapshot fields, plus what an outcome sets. */
  snapshot(d: TenderData): Record<string, unknown> {
    return {
      round: d.round,
      title: d.title,
      awardCriteria: d.awardCriteria,
      announcedOn: d.announcedOn,
      bidDeadline: d.bidDeadline,
      reservePriceYen: d.reservePriceYen,
      contractStart: d.contractStart,
      contractEnd: d.contractEnd,
      status: d.status,
      negotiatedAfterFailure: d.negotiatedAfterFailure,
      openedOn: d.openedOn,
      contractAmountYen: d.contractAmountYen,
      outcomeNote: d.outcomeNote,
    };
  }

  get bidCountChanged(): boolean {
    return this.original !== null && this.original.bidCount !== this.current.bidCount;
  }

  winner(): BidModel | undefined {
    return this.bids.find((b) => b.current.status === BidStatus.WON);
  }
}

export interface BidderData {
  name: string;
  corporateNumber: string | null;
  kind: BidderKind;
}

export class BidderModel extends Tracked<BidderData> {
  snapshot(d: BidderData): Record<string, unknown> {
    return { name: d.name, corporateNumber: d.corporateNumber, kind: d.kind };
  }
}

export interface BidData {
  amountYen: number;
  technicalScore: number | null;
  totalScore: number | null;
  status: BidStatus;
  submittedAt: Date;
}

export class BidModel extends Tracked<BidData> {
  constructor(
    id: number | null,
    readonly tender: TenderModel,
    readonly bidder: BidderModel,
    data: BidData,
    isNew: boolean,
  ) {
    super(id, data, isNew);
  }

  /** bid.service's recordBid history fields (the references are added by the writer). */
  snapshot(d: BidData): Record<string, unknown> {
    return { amountYen: d.amountYen, technicalScore: d.technicalScore, totalScore: d.totalScore, status: d.status };
  }
}

/** Everything an import may read or change, with lookups by the tables' natural keys. */
export class ImportWorld {
  readonly projects: ProjectModel[] = [];
  private readonly projectsByKey = new Map<string, ProjectModel[]>();
  readonly bidders: BidderModel[] = [];
  private readonly biddersByNumber = new Map<string, BidderModel>();
  private readonly biddersByName = new Map<string, BidderModel[]>();
  private readonly byCode = new Map<string, MinistryRef>();
  private readonly byName = new Map<string, MinistryRef[]>();

  constructor(readonly ministries: readonly MinistryRef[]) {
    for (const m of ministries) {
      this.byCode.set(m.code.toUpperCase(), m);
      const key = m.name.normalize('NFKC').trim();
      this.byName.set(key, [...(this.byName.get(key) ?? []), m]);
    }
  }

  /** 府省 by code (any case) or by its Japanese name; null when none or several match. */
  ministry(ref: string): MinistryRef | null {
    const text = ref.normalize('NFKC').trim();
    const byCode = this.byCode.get(text.toUpperCase());
    if (byCode) return byCode;
    const named = this.byName.get(text) ?? [];
    return named.length === 1 ? named[0] : null;
  }

  addProject(project: ProjectModel): ProjectModel {
    this.projects.push(project);
    const key = `${project.ministry.id}\u0000${project.current.name}`;
    this.projectsByKey.set(key, [...(this.projectsByKey.get(key) ?? []), project]);
    return project;
  }

  /** Services of a ministry with this 事業名 (the API does not forbid two of the same name). */
  projectsNamed(ministryId: number, name: string): ProjectModel[] {
    return this.projectsByKey.get(`${ministryId}\u0000${name}`) ?? [];
  }

  addBidder(bidder: BidderModel): BidderModel {
    this.bidders.push(bidder);
    if (bidder.current.corporateNumber) this.biddersByNumber.set(bidder.current.corporateNumber, bidder);
    const key = bidder.current.name;
    this.biddersByName.set(key, [...(this.biddersByName.get(key) ?? []), bidder]);
    return bidder;
  }

  bidderByNumber(corporateNumber: string): BidderModel | undefined {
    return this.biddersByNumber.get(corporateNumber);
  }

  biddersNamed(name: string): BidderModel[] {
    return this.biddersByName.get(name) ?? [];
  }
}
