import { Field, ObjectType, registerEnumType } from 'type-graphql';

/** Stable codes of domain refusals (docs/api.md "Mutations": user error codes). */
export enum UserErrorCode {
  VALIDATION = 'VALIDATION',
  NOT_FOUND = 'NOT_FOUND',
  FORBIDDEN = 'FORBIDDEN',
  STALE_VERSION = 'STALE_VERSION',
  INVALID_TRANSITION = 'INVALID_TRANSITION',
  INVALID_STATE = 'INVALID_STATE',
  DUPLICATE = 'DUPLICATE',
  SEALED = 'SEALED',
  AWARD_RULE = 'AWARD_RULE',
}

registerEnumType(UserErrorCode, {
  name: 'UserErrorCode',
  description: 'Why a mutation was refused. Nothing is written when any user error is returned.',
  valuesConfig: {
    VALIDATION: { description: 'An input value is malformed or out of range (`field` names it).' },
    NOT_FOUND: { description: 'A referenced object (by id or code) does not exist.' },
    FORBIDDEN: { description: "The caller's token does not cover this object (another ministry's or local government's, or admin-only)." },
    STALE_VERSION: { description: "`expectedVersion` is not the object's current version: someone changed it; re-read and retry." },
    INVALID_TRANSITION: {
      description: 'The lifecycle does not allow this move from the current state (the message names the allowed next states).',
    },
    INVALID_STATE: { description: 'The object is not in a state that allows this action (e.g. a bid on a tender that is not open).' },
    DUPLICATE: {
      description: 'The object already exists (e.g. a second bid of one bidder in one round, a corporate number already registered).',
    },
    SEALED: { description: 'The data is sealed until the round is opened.' },
    AWARD_RULE: {
      description:
        'The award breaks the award criteria (not the lowest valid price or highest total score) and no override reason was given.',
    },
  },
});

/** One refusal, as mutations return it (docs/api.md: `UserError { message, field, code }`). */
@ObjectType('UserError', {
  description: 'A domain refusal of a mutation: a stable code, a message for people, and the input field at fault.',
})
export class UserError {
  @Field(() => String, { description: 'What went wrong, for people.' })
  message!: string;

  @Field(() => [String], {
    nullable: true,
    description: 'Path to the input field at fault, e.g. ["input", "baselineAnnualCostYen"]; null when no single field is.',
  })
  field!: string[] | null;

  @Field(() => UserErrorCode, { description: 'Stable machine-readable code.' })
  code!: UserErrorCode;
}

/**
 * A refusal thrown by a service. The mutation runner turns it into `userErrors` and rolls
 * the transaction back, so a refused request writes nothing.
 */
export class DomainError extends Error {
  readonly errors: UserError[];

  constructor(code: UserErrorCode, message: string, field?: string[]) {
    super(message);
    this.name = 'DomainError';
    this.errors = [{ code, message, field: field ?? null }];
  }

  /** Several refusals at once (e.g. every invalid input field). */
  static of(errors: UserError[]): DomainError {
    const error = new DomainError(errors[0].code, errors[0].message, errors[0].field ?? undefined);
    error.errors.splice(0, 1, ...errors);
    return error;
  }
}

/** Collects validation problems so a caller learns about every bad field in one go. */
export class Problems {
  readonly list: UserError[] = [];

  add(field: string, message: string, code = UserErrorCode.VALIDATION): void {
    this.list.push({ code, message, field: ['input', field] });
  }

  throwIfAny(): void {
    if (this.list.length) throw DomainError.of(this.list);
  }
}
