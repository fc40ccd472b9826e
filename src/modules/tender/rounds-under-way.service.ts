import type { ChildrenUnderWay } from '../../core/lifecycle/lifecycle.js';
import { LocalPilot } from '../pilot/local-pilot.entity.js';
import { TargetProject } from '../project/target-project.entity.js';
import { ACTIVE_TENDER_STATUSES } from './tender-lifecycle.service.js';
import { Tender } from './tender.entity.js';

/**
 * The tender module's side of the `ChildrenUnderWay` port (core/lifecycle): whether a target
 * service or a local pilot has a round under way (planned, open or closed), which holds it in
 * TENDERING. The project and pilot modules sit below this one and cannot import it; the root
 * (`app.ts`) puts this function in every request's context, and their transition resolvers
 * pass it to their services.
 */
export const roundsUnderWay: ChildrenUnderWay = async (em, parent) => {
  const active = { $in: [...ACTIVE_TENDER_STATUSES] };
  if (parent.type === TargetProject.name) return (await em.count(Tender, { project: parent.id, status: active })) > 0;
  if (parent.type === LocalPilot.name) return (await em.count(Tender, { localPilot: parent.id, status: active })) > 0;
  throw new Error(`tender rounds belong to a TargetProject or a LocalPilot, not to a ${parent.type}`);
};
