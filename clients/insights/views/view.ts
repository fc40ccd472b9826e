import type { PageState, ViewName } from '../state.js';

/** One view of the page: its name in the address, its title, and what it draws for a state. */
export interface View {
  name: ViewName;
  title: string;
  /** One line under the title: what the view answers. */
  lead: string;
  render(state: PageState): Promise<HTMLElement>;
}
