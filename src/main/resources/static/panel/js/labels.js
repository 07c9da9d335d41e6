// The seed's statuses and arrows, Dutch as customers see them, with the English reading.

export const STATUSES = {
  OPEN: {nl: 'Open', en: 'Open'},
  REQUESTED: {nl: 'Aangevraagd', en: 'Requested'},
  ACTIVE: {nl: 'Actief', en: 'Active'},
  REJECTED: {nl: 'Afgekeurd', en: 'Rejected'},
  REVOKED: {nl: 'Ingetrokken', en: 'Revoked'},
  EXPIRED: {nl: 'Vervallen', en: 'Expired'},
};

/** The arrows of the workflow; a pending transition highlights its arrow. */
export const TRANSITIONS = {
  REQUEST: {nl: 'Aangevraagd', en: 'Request'},
  CANCEL: {nl: 'Annuleren', en: 'Cancel'},
  REISSUE: {nl: 'Heruitgeven', en: 'Reissue'},
};

export function statusLabel(status) {
  return STATUSES[status] || {nl: status, en: status};
}

export function transitionLabel(transition) {
  return TRANSITIONS[transition] || {nl: transition, en: transition};
}
