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
 * What each refusal means, in Japanese: the start of a message whose own text is English only
 * (docs/api.md "Messages": Japanese first, the English detail in full-width parentheses).
 */
export const USER_ERROR_LEADS: Readonly<Record<UserErrorCode, string>> = {
  VALIDATION: '入力に誤りがあります',
  NOT_FOUND: '見つかりません',
  FORBIDDEN: 'このトークンではできません',
  STALE_VERSION: 'ほかの更新と重なりました。読み直してからやり直してください',
  INVALID_TRANSITION: 'その状態へは移せません',
  INVALID_STATE: 'いまの状態ではできません',
  DUPLICATE: 'すでに登録されています',
  SEALED: '開札まで封印されています',
  AWARD_RULE: '落札者の決め方に合いません',
};

/**
 * A message already written Japanese first: before any parenthesis it has kana or Japanese
 * punctuation (「」、。), as a Japanese sentence does and an English one quoting a Japanese
 * name (総合評価点) does not.
 */
const JAPANESE_FIRST = /^[^（(]*[\u3001\u3002\u300c\u300d\u3040-\u30ff]/u;

/**
 * A message for people, Japanese first: a message that begins in Japanese is kept; an English
 * one is put in full-width parentheses after `lead`, what it means in Japanese
 * (`入力に誤りがあります（a RATED round needs …）`).
 */
export function japaneseFirst(lead: string, message: string): string {
  return JAPANESE_FIRST.test(message) ? message : `${lead}（${message}）`;
}

/**
 * A refusal thrown by a service. The mutation runner turns it into `userErrors` and rolls
 * the transaction back, so a refused request writes nothing.
 */
export class DomainError extends Error {
  readonly errors: UserError[];

  constructor(code: UserErrorCode, message: string, field?: string[]) {
    super(japaneseFirst(USER_ERROR_LEADS[code], message));
    this.name = 'DomainError';
    this.errors = [{ code, message: this.message, field: field ?? null }];
  }

  /** Several refusals at once (e.g. every invalid input field). */
  static of(errors: UserError[]): DomainError {
    const error = new DomainError(errors[0].code, errors[0].message, errors[0].field ?? undefined);
    error.errors.splice(0, 1, ...errors.map((e) => ({ ...e, message: japaneseFirst(USER_ERROR_LEADS[e.code], e.message) })));
    return error;
  }
}

/** Collects validation problems so a caller learns about every bad field in one go. */
export class Problems {
  readonly list: UserError[] = [];

  add(field: string, message: string, code = UserErrorCode.VALIDATION): void {
    this.list.push({ code, message: japaneseFirst(USER_ERROR_LEADS[code], message), field: ['input', field] });
  }

  throwIfAny(): void {
    if (this.list.length) throw DomainError.of(this.list);
  }
}
