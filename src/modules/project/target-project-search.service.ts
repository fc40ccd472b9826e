import { normaliseForSearch } from '../../core/text/search-text.js';

/**
 * A service's search text: its name, summary and reading (`kana`), normalised for search.
 * The one formula every writer of `target_project` uses (the entity, the import, the sample).
 */
export function targetProjectSearchText(p: { name: string; summary: string; kana?: string | null }): string {
  return normaliseForSearch([p.name, p.summary, p.kana].filter(Boolean).join('\n'));
}
