// What the page offers for an order. The process decides what an order can do; until the API lists that as
// `actions`, this one function reads it from the status and the pending transition, and the API's 409 has the
// last word.

/** The actions to show: 'edit', 'submit', 'cancel', 'reissue', 'renew', 'download'. */
export function availableActions(order) {
  if (Array.isArray(order.actions)) {
    return order.actions.map(action => String(action).toLowerCase());
  }
  const actions = [];
  const pending = order.pendingTransition;
  const prevalidationFailed = order.prevalidation?.outcome === 'FAILED';
  if (order.status === 'OPEN') {
    if (!pending) {
      actions.push('edit', 'submit', 'cancel');
    } else if (pending === 'REQUEST' && prevalidationFailed) {
      // Waiting for corrected data: a change runs the prevalidation again.
      actions.push('edit', 'cancel');
    }
  } else if (order.status === 'REQUESTED' && !pending) {
    actions.push('cancel');
  } else if (order.status === 'ACTIVE' && !pending) {
    actions.push('cancel', 'reissue');
    if (!order.renewedBy) {
      // A renewal is a new order linked to this one; once it exists, a second one is a 409.
      actions.push('renew');
    }
  }
  if (order.status === 'ACTIVE' && order.certificate?.pem) {
    actions.push('download');
  }
  return actions;
}
