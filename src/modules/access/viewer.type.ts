import { Field, ObjectType } from 'type-graphql';
import { Role } from '../../core/auth/viewer.js';

/** Who the caller is, as the server sees its token. */
@ObjectType('Viewer', { description: '利用者 (who the caller is: role and what the token is bound to).' })
export class ViewerInfo {
  @Field(() => Role, { description: '権限 (role; ANONYMOUS without a token).' })
  role!: Role;

  @Field(() => String, { nullable: true, description: 'Name given to the token when it was issued; null when anonymous.' })
  name!: string | null;

  ministryId!: number | null;
  municipalityId!: number | null;
}
