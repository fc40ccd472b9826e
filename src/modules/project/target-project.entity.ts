import { BeforeCreate, BeforeUpdate, Entity, Enum, Index, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { yenColumn } from '../../core/db/column-types.js';
import { VersionedEntity, VersionField } from '../../core/db/recorded.entity.js';
import { Node } from '../../core/graphql/node.interface.js';
import { YenScalar } from '../../core/graphql/scalars/yen.scalar.js';
import { targetProjectSearchText } from './target-project-search.service.js';
import { Ministry } from '../ministry/ministry.entity.js';
import { CompetitionMethod, TargetProjectCategory, TargetProjectStatus } from './project.enum.js';

/**
 * 対象公共サービス: a service a basic policy put out to market testing. Its `status` moves
 * only along the lifecycle in docs/domain.md; `version` guards concurrent updates.
 */
@Entity({ tableName: 'target_project' })
@Index({ properties: ['ministry', 'updatedAt', 'id'] })
@ObjectType('TargetProject', {
  implements: Node,
  description: '対象公共サービス (a target service put out to public-private or private competitive tender).',
})
@VersionField('the service')
export class TargetProject extends VersionedEntity<'status' | 'searchText' | 'selectedInFiscalYear' | 'kana'> {
  @ManyToOne(() => Ministry, { deleteRule: 'restrict' })
  ministry!: Rel<Ministry>;

  @Field(() => String, { description: '事業名 (name of the service).' })
  @Property({ type: 'string', length: 300 })
  name!: string;

  @Field(() => String, { description: '概要 (what the service is).' })
  @Property({ type: 'text' })
  summary!: string;

  @Field(() => TargetProjectCategory, { description: '分類 (kind of service).' })
  @Enum({ items: () => TargetProjectCategory, type: 'string' })
  category!: TargetProjectCategory;

  @Field(() => CompetitionMethod, { description: '入札方式 (public-private or private competitive bidding).' })
  @Enum({ items: () => CompetitionMethod, type: 'string' })
  method!: CompetitionMethod;

  @Field(() => YenScalar, {
    description: '従来経費 (baseline annual cost in yen, tax excluded): what the service cost a year before tendering.',
  })
  @Property(yenColumn())
  baselineAnnualCostYen!: number;

  @Field(() => TargetProjectStatus, { description: '状態 (lifecycle status).' })
  @Enum({ items: () => TargetProjectStatus, type: 'string', index: true })
  status: TargetProjectStatus = TargetProjectStatus.SELECTED;

  @Field(() => Int, {
    nullable: true,
    description: '選定年度: fiscal year of the basic policy that first selected the service (null if no policy entry says SELECT).',
  })
  @Property({ type: 'integer', nullable: true, index: true })
  selectedInFiscalYear?: number | null;

  @Field(() => String, {
    nullable: true,
    description:
      'よみ (the reading of the name, or of its main words, in hiragana, where known), e.g. "とうきじこうしょうめいしょ こうふ じむ": ' +
      '`query` finds the service by it, in hiragana or katakana.',
  })
  @Property({ type: 'string', length: 300, nullable: true })
  kana?: string | null;

  /** Name, summary and reading, as search normalises them (`targetProjectSearchText`). */
  @Property({ type: 'text' })
  searchText: string = '';

  @BeforeCreate()
  @BeforeUpdate()
  refreshSearchText(): void {
    this.searchText = targetProjectSearchText(this);
  }
}
