import { Field, Int, ObjectType } from 'type-graphql';
import { LocalPilotScheme, LocalPilotService, LocalPilotStatus } from '../pilot/pilot.enum.js';

@ObjectType('LocalPilotStatusCount', { description: 'How many pilots are in one state.' })
export class LocalPilotStatusCount {
  @Field(() => LocalPilotStatus, { description: '状態 (the state).' })
  status!: LocalPilotStatus;

  @Field(() => String, { description: '状態 in Japanese, e.g. 実施中.' })
  statusLabel!: string;

  @Field(() => Int, { description: '件数 (number of pilots).' })
  count!: number;
}

@ObjectType('LocalPilotSchemeCount', { description: 'How many pilots run under one scheme.' })
export class LocalPilotSchemeCount {
  @Field(() => LocalPilotScheme, { description: '枠組み (the scheme).' })
  scheme!: LocalPilotScheme;

  @Field(() => String, { description: '枠組み in Japanese, e.g. 特定公共サービス.' })
  schemeLabel!: string;

  @Field(() => Int, { description: '件数 (number of pilots).' })
  count!: number;
}

@ObjectType('LocalPilotServiceCount', { description: 'How many pilots cover one counter service.' })
export class LocalPilotServiceCount {
  @Field(() => LocalPilotService, { description: '対象業務 (the service).' })
  service!: LocalPilotService;

  @Field(() => Int, { description: '件数 (number of pilots covering it).' })
  count!: number;
}

@ObjectType('PrefecturePilotCount', { description: 'Local pilots in one prefecture.' })
export class PrefecturePilotCount {
  /** The prefecture's id, resolved to the prefecture through the loaders. */
  prefectureId!: number;

  @Field(() => Int, { description: '取組数 (pilots of the prefecture and its local governments).' })
  pilotCount!: number;

  @Field(() => Int, { description: '団体数 (local governments, the prefecture included, with at least one pilot).' })
  municipalityCount!: number;
}

@ObjectType('LocalPilotStats', { description: '地方公共団体の取組の実績 (local-pilot figures), computed by the database.' })
export class LocalPilotStats {
  @Field(() => Int, { description: '取組数 (pilots).' })
  pilotCount!: number;

  @Field(() => Int, { description: '団体数 (local governments with at least one pilot).' })
  municipalityCount!: number;

  @Field(() => [LocalPilotStatusCount], { description: 'Pilots by state (states without pilots left out).' })
  byStatus!: LocalPilotStatusCount[];

  @Field(() => [LocalPilotSchemeCount], { description: 'Pilots by scheme (schemes without pilots left out).' })
  byScheme!: LocalPilotSchemeCount[];

  @Field(() => [PrefecturePilotCount], {
    description:
      '都道府県別 (every prefecture in code order, 01 北海道 to 47 沖縄県, those without pilots with 0; one prefecture when the filter names one).',
  })
  byPrefecture!: PrefecturePilotCount[];

  @Field(() => [LocalPilotServiceCount], { description: 'Pilots by counter service covered (a pilot covering several counts for each).' })
  byService!: LocalPilotServiceCount[];
}
