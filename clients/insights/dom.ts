/**
 * Building the page's elements. Text always goes in as text (never as HTML), so nothing the
 * API answers (a service's name, a bidder's) can become markup.
 */
type Child = Node | string | number | null | undefined | false;
type Attributes = Record<string, string | number | boolean | null | undefined | ((event: Event) => void)>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value == null || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.replace(/^on/, ''), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

export function append(parent: Element, children: Child[]): void {
  for (const child of children) {
    if (child == null || child === false) continue;
    parent.append(typeof child === 'number' ? String(child) : child);
  }
}

/** A table with a caption, its header row and body rows: the alternative to each chart. */
export function dataTable(caption: string, headers: string[], rows: Child[][], options: { numeric?: boolean[] } = {}): HTMLTableElement {
  return h(
    'table',
    { class: 'data' },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, ...headers.map((text, i) => h('th', { scope: 'col', class: options.numeric?.[i] ? 'num' : null }, text)))),
    h(
      'tbody',
      {},
      ...rows.map((cells) =>
        h(
          'tr',
          {},
          ...cells.map((cell, i) =>
            i === 0 ? h('th', { scope: 'row' }, cell) : h('td', { class: options.numeric?.[i] ? 'num' : null }, cell),
          ),
        ),
      ),
    ),
  );
}

/** A number cell that carries its exact value for tests and copy-paste (`data-value`). */
export function figure(text: string, value: number | string | null | undefined): HTMLElement {
  return h('span', { 'data-value': value == null ? 'null' : String(value) }, text);
}
