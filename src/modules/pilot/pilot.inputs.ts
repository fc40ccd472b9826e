import { Field, InputType } from 'type-graphql';
import { LocalGovernmentCodeScalar } from '../../core/graphql/scalars/code.scalar.js';
import { LocalPilotScheme, LocalPilotService, LocalPilotStatus } from './pilot.enum.js';

@InputType('LocalPilotFilter', { description: 'Narrows a list of local pilots; all given conditions must hold.' })
export class LocalPilotFilter {
  @Field(() => String, {
    nullable: true,
    description: 'Only pilots of local governments in this prefecture: its number ("13") or six-digit code ("130001").',
  })
  prefectureCode?: string | null;

  @Field(() => LocalGovernmentCodeScalar, { nullable: true, description: 'Only pilots of this local government.' })
  municipalityCode?: string | null;

  @Field(() => [LocalPilotStatus], { nullable: true, description: 'Only pilots in these states.' })
  statuses?: LocalPilotStatus[] | null;

  @Field(() => [LocalPilotService], { nullable: true, description: 'Only pilots covering at least one of these services.' })
  services?: LocalPilotService[] | null;

  @Field(() => [LocalPilotScheme], { nullable: true, description: 'Only pilots under these schemes.' })
  schemes?: LocalPilotScheme[] | null;
}
