import { Field, ID, ObjectType } from 'type-graphql';
import { Role } from '../../core/auth/viewer.js';

/** Who made a change: the token's name and role (tokens are revoked, never deleted). */
@ObjectType('Actor', { description: '変更者 (who made a change: the token used).' })
export class Actor {
  @Field(() => ID, { nullable: true, description: 'Id of the token (use it in `changes(filter: { actorId })`); null for the system.' })
  id!: string | null;

  @Field(() => String, { description: 'Name given to the token when it was issued.' })
  name!: string;

  @Field(() => Role, { description: 'Role of the token.' })
  role!: Role;
}
