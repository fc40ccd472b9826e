import { XMLParser, XMLValidator } from 'fast-xml-parser';

export const ATOM_NS = 'http://www.w3.org/2005/Atom';

/** An element as fast-xml-parser gives it with every element an array (`isArray`): attributes `@_x`, text `#text`. */
type Element = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  alwaysCreateTextNode: true,
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
});

/** RFC 3339 date-time as RFC 4287 §3.3 wants it (upper-case T and Z), and a real instant. */
export function isRfc3339(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value) && !Number.isNaN(Date.parse(value));
}

/** An absolute IRI: a scheme, a colon and something after it (RFC 3987). */
const isAbsoluteIri = (value: string) => /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$/.test(value);

/** An entry or feed as read from the document, for tests to look at after the check. */
export interface AtomEntry {
  id: string;
  title: string;
  updated: string;
  content: string | null;
  summary: string | null;
  links: { rel: string; href: string; type: string | null }[];
  categories: { term: string; label: string | null; scheme: string | null }[];
}

export interface AtomDocument extends Omit<AtomEntry, 'content' | 'summary' | 'categories'> {
  authors: string[];
  entries: AtomEntry[];
}

/**
 * Checks a document against RFC 4287's rules a feed reader relies on; returns the problems
 * found (none: valid) and what was read. Well-formed XML; the root is `feed` in the Atom
 * namespace; the feed and each entry have exactly one id (an absolute IRI), title and
 * updated (an RFC 3339 date-time); the feed has an author or every entry has one, and each
 * author a name; every entry has content or a link rel=alternate; entry ids are unique; at
 * most one alternate link per type and hreflang; every link has an href; the feed links to itself.
 */
export function checkAtom(xml: string): { problems: string[]; feed: AtomDocument | null } {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) return { problems: [`not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`], feed: null };
  const problems: string[] = [];
  const doc = parser.parse(xml) as Record<string, Element[]>;
  const roots = Object.keys(doc).filter((k) => k !== '#text');
  if (roots.length !== 1) return { problems: [`expected one root element, found ${roots.join(', ') || 'none'}`], feed: null };
  const rootName = roots[0];
  const [prefix, local] = rootName.includes(':') ? rootName.split(':') : ['', rootName];
  const root = doc[rootName][0];
  const ns = root[prefix ? `@_xmlns:${prefix}` : '@_xmlns'];
  if (local !== 'feed') problems.push(`the root element is ${rootName}, not feed`);
  if (ns !== ATOM_NS) problems.push(`the root element is in namespace ${String(ns)}, not ${ATOM_NS}`);
  const name = (n: string) => (prefix ? `${prefix}:${n}` : n);
  const children = (el: Element, n: string) => (el[name(n)] as Element[] | undefined) ?? [];
  const textOf = (el: Element) => String(el['#text'] ?? '');

  const one = (el: Element, n: string, where: string): string => {
    const found = children(el, n);
    if (found.length !== 1) problems.push(`${where} has ${found.length} ${n} elements, not exactly one`);
    return found.length ? textOf(found[0]) : '';
  };
  const common = (el: Element, where: string) => {
    const id = one(el, 'id', where);
    if (id && !isAbsoluteIri(id)) problems.push(`${where}: id "${id}" is not an absolute IRI`);
    const title = one(el, 'title', where);
    const updated = one(el, 'updated', where);
    if (updated && !isRfc3339(updated)) problems.push(`${where}: updated "${updated}" is not an RFC 3339 date-time`);
    const links = children(el, 'link').map((l) => {
      if (l['@_href'] == null) problems.push(`${where}: a link has no href`);
      return {
        rel: String(l['@_rel'] ?? 'alternate'),
        href: String(l['@_href'] ?? ''),
        type: (l['@_type'] as string) ?? null,
        hreflang: l['@_hreflang'],
      };
    });
    const alternates = links.filter((l) => l.rel === 'alternate').map((l) => `${l.type ?? ''}|${String(l.hreflang ?? '')}`);
    if (new Set(alternates).size !== alternates.length)
      problems.push(`${where}: more than one link rel=alternate with the same type and hreflang`);
    const authors = children(el, 'author').map((a) => {
      const names = children(a, 'name');
      if (names.length !== 1) problems.push(`${where}: an author has ${names.length} name elements, not exactly one`);
      return names.length ? textOf(names[0]) : '';
    });
    return { id, title, updated, links: links.map(({ rel, href, type }) => ({ rel, href, type })), authors };
  };

  const feed = common(root, 'the feed');
  if (!feed.links.some((l) => l.rel === 'self')) problems.push('the feed has no link rel=self');
  const ids = new Set<string>();
  const entries = children(root, 'entry').map((el, i) => {
    const entry = common(el, `entry ${i + 1}`);
    if (!feed.authors.length && !entry.authors.length) problems.push(`entry ${i + 1} has no author and neither has the feed`);
    const content = children(el, 'content');
    if (content.length > 1) problems.push(`entry ${i + 1} has ${content.length} content elements`);
    if (!content.length && !entry.links.some((l) => l.rel === 'alternate'))
      problems.push(`entry ${i + 1} has neither content nor a link rel=alternate`);
    if (entry.id) {
      if (ids.has(entry.id)) problems.push(`entry ${i + 1}: id ${entry.id} is not unique`);
      ids.add(entry.id);
    }
    const summary = children(el, 'summary');
    return {
      id: entry.id,
      title: entry.title,
      updated: entry.updated,
      links: entry.links,
      content: content.length ? textOf(content[0]) : null,
      summary: summary.length ? textOf(summary[0]) : null,
      categories: children(el, 'category').map((c) => ({
        term: String(c['@_term']),
        label: (c['@_label'] as string) ?? null,
        scheme: (c['@_scheme'] as string) ?? null,
      })),
    };
  });
  return { problems, feed: { id: feed.id, title: feed.title, updated: feed.updated, links: feed.links, authors: feed.authors, entries } };
}
