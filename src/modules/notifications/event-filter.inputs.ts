import { Field, InputType, ObjectType } from 'type-graphql';
import { YenScalar } from '../../core/graphql/scalars/yen.scalar.js';
import { TargetProjectCategory, TargetProjectStatus } from '../project/project.enum.js';
import { TenderStatus } from '../tender/tender.enum.js';
import { PublicEventType } from './public-event.enum.js';

/**
 * Which events a saved search or a subscription wants (docs/notifications.md "Filters"):
 * the same conditions as the lists, each list an OR of its values, the conditions ANDed; an
 * event that lacks a fact a condition asks about (a basic policy has no ministry) does not
 * match it. The same class is the input and, stored with a saved search, the answer.
 */
@InputType('EventFilter', { description: 'Which events to hear of; every condition given must hold (docs/notifications.md "Filters").' })
@ObjectType('SavedEventFilter', { description: 'The conditions of a saved search, as saved.' })
export class EventFilter {
  @Field(() => [PublicEventType], { nullable: true, description: 'Only these kinds of event.' })
  types?: PublicEventType[] | null;

  @Field(() => [String], {
    nullable: true,
    description: 'Only events of services of these ministries (codes or Japanese names, e.g. ["MOJ"], ["法務省"]; kept as codes).',
  })
  ministryCodes?: string[] | null;

  @Field(() => [String], {
    nullable: true,
    description:
      "Only events of pilots of these local governments (six-digit codes; a prefecture's code also takes in its municipalities).",
  })
  municipalityCodes?: string[] | null;

  @Field(() => [TargetProjectCategory], { nullable: true, description: 'Only events of services of these kinds.' })
  categories?: TargetProjectCategory[] | null;

  @Field(() => [TenderStatus], { nullable: true, description: 'Only events of rounds that are now in one of these states.' })
  tenderStatuses?: TenderStatus[] | null;

  @Field(() => [TargetProjectStatus], { nullable: true, description: 'Only events of services that are now in one of these states.' })
  serviceStatuses?: TargetProjectStatus[] | null;

  @Field(() => String, {
    nullable: true,
    description:
      "Words the event must contain, in its service, round, pilot, ministry or local government names (and a winner's name once opened); " +
      'several words separated by spaces (half- or full-width) must all occur. Full- and half-width forms match.',
  })
  text?: string | null;

  @Field(() => YenScalar, { nullable: true, description: 'Only events whose amount (`PublicEvent.amountYen`) is at least this.' })
  minAmountYen?: number | null;

  @Field(() => YenScalar, { nullable: true, description: 'Only events whose amount (`PublicEvent.amountYen`) is at most this.' })
  maxAmountYen?: number | null;
}
