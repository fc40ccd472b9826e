import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../../core/graphql/context.js';
import { runMutation } from '../../core/graphql/mutation.js';
import { DeleteSavedSearchPayload, SavedSearchPayload } from './notifications.payloads.js';
import { savedSearchesOf } from './notifications.loaders.js';
import { SavedSearch } from './saved-search.entity.js';
import { CreateSavedSearchInput, DeleteSavedSearchInput, RotateWebhookSecretInput, UpdateSavedSearchInput } from './saved-search.inputs.js';
import { createSavedSearch, deleteSavedSearch, rotateWebhookSecret, updateSavedSearch } from './saved-search.service.js';

/** What a SavedSearchPayload answers for an outcome of runMutation. */
function payload(outcome: Awaited<ReturnType<typeof runMutation<{ savedSearch: SavedSearch; webhookSecret: string | null }>>>) {
  return {
    savedSearch: outcome.value?.savedSearch ?? null,
    webhookSecret: outcome.value?.webhookSecret ?? null,
    userErrors: outcome.userErrors,
  };
}

@Resolver(() => SavedSearch)
export class SavedSearchResolver {
  @Query(() => [SavedSearch], { description: "保存した検索: the caller's saved searches, oldest first (none for anonymous callers)." })
  savedSearches(@Ctx() ctx: Context) {
    return savedSearchesOf(ctx);
  }

  @Mutation(() => SavedSearchPayload, {
    description:
      'Saves a filter over events, with a webhook to deliver them to if given (docs/notifications.md). Any token; at most 100 per token.',
  })
  async createSavedSearch(
    @Arg('input', () => CreateSavedSearchInput, { description: 'The search.' }) input: CreateSavedSearchInput,
    @Ctx() ctx: Context,
  ) {
    return payload(await runMutation(ctx, (em, actor) => createSavedSearch(em, actor, input, ctx.webhookAllowedHosts ?? [])));
  }

  @Mutation(() => SavedSearchPayload, {
    description: 'Changes a saved search of yours (a new webhook URL gets a new secret, answered once).',
  })
  async updateSavedSearch(
    @Arg('input', () => UpdateSavedSearchInput, { description: 'The changes.' }) input: UpdateSavedSearchInput,
    @Ctx() ctx: Context,
  ) {
    return payload(await runMutation(ctx, (em, actor) => updateSavedSearch(em, actor, input, ctx.webhookAllowedHosts ?? [])));
  }

  @Mutation(() => SavedSearchPayload, {
    description: "Makes a new signing secret for a saved search's webhook, answered once; the old one stops signing at once.",
  })
  async rotateWebhookSecret(
    @Arg('input', () => RotateWebhookSecretInput, { description: 'The saved search.' }) input: RotateWebhookSecretInput,
    @Ctx() ctx: Context,
  ) {
    return payload(await runMutation(ctx, (em, actor) => rotateWebhookSecret(em, actor, input.id)));
  }

  @Mutation(() => DeleteSavedSearchPayload, { description: 'Deletes a saved search of yours, with its deliveries.' })
  deleteSavedSearch(
    @Arg('input', () => DeleteSavedSearchInput, { description: 'The saved search.' }) input: DeleteSavedSearchInput,
    @Ctx() ctx: Context,
  ) {
    return runMutation(ctx, (em, actor) => deleteSavedSearch(em, actor, input.id));
  }
}
