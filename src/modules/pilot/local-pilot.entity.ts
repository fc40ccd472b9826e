import { Entity, Enum, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { dateColumn } from '../../core/db/column-types.js';
import { VersionedEntity, VersionField } from '../../core/db/recorded.entity.js';
import { Node } from '../../core/graphql/node.interface.js';
import { DateScalar } from '../../core/graphql/scalars/date.scalar.js';
import { Municipality } from '../municipality/municipality.entity.js';
import { PilotOutcome } from './pilot-outcome.type.js';
import { LocalPilotScheme, LocalPilotService, LocalPilotStatus } from './pilot.enum.js';

/**
 * 地方公共団体における取組: a local government tendering its own counter services, under
 * Art. 34 of the Act or a scheme of its own. Low uptake is normal data.
 */
@Entity({ tableName: 'local_pilot' })
@ObjectType('LocalPilot', {
  implements: Node,
  description: "地方公共団体における取組 (a local government's competitive tendering of its own services).",
})
@VersionField('the pilot')
export class LocalPilot extends VersionedEntity<'status' | 'outcomes' | 'startedOn' | 'endedOn' | 'summary' | 'services'> {
  @ManyToOne(() => Municipality, { deleteRule: 'restrict' })
  municipality!: Rel<Municipality>;

  @Field(() => String, { description: '件名 (title of the pilot).' })
  @Property({ type: 'string', length: 300 })
  title!: string;

  @Field(() => String, { nullable: true, description: '概要 (summary).' })
  @Property({ type: 'text', nullable: true })
  summary?: string | null;

  @Field(() => LocalPilotScheme, { description: '枠組み (Art. 34 specific public service, or an own scheme).' })
  @Enum({ items: () => LocalPilotScheme, type: 'string' })
  scheme!: LocalPilotScheme;

  /**
   * The services, stored as `,A,B,` so "covers any of these" is a portable `LIKE '%,A,%'`
   * on every database; `services` below is the list clients see.
   */
  @Property({ type: 'string', length: 400 })
  servicesList!: string;

  @Field(() => [LocalPilotService], { description: '対象業務 (the counter services covered).' })
  get services(): LocalPilotService[] {
    return this.servicesList.split(',').filter(Boolean) as LocalPilotService[];
  }

  set services(services: LocalPilotService[]) {
    this.servicesList = `,${[...new Set(services)].join(',')},`;
  }

  @Field(() => LocalPilotStatus, { description: '状態 (status).' })
  @Enum({ items: () => LocalPilotStatus, type: 'string', index: true })
  status: LocalPilotStatus = LocalPilotStatus.PLANNED;

  @Field(() => DateScalar, { nullable: true, description: '開始日 (when operation started).' })
  @Property(dateColumn({ nullable: true }))
  startedOn?: string | null;

  @Field(() => DateScalar, { nullable: true, description: '終了日 (when operation ended).' })
  @Property(dateColumn({ nullable: true }))
  endedOn?: string | null;

  @Field(() => [PilotOutcome], { description: '効果 (measured outcomes: counter waiting time, cost, staff hours, before and after).' })
  @Property({ type: 'json' })
  outcomes: PilotOutcome[] = [];
}
