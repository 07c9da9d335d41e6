// One order: the workflow with its current status and highlighted arrow, the details, the actions its status
// allows, and the "Certificaat historie" at the right. Follows the order while shown (polling GET /api/orders/{id}).
import {h, bi, time, replace} from './dom.js';
import {call, ApiError} from './api.js';
import {statusLabel, transitionLabel} from './labels.js';
import {availableActions} from './actions.js';
import {field, csrField, requesterFields, companyFields, requesterValue, companyValue, showErrors} from './fields.js';

const POLL_MILLIS = 1500;
const FINAL = ['REJECTED', 'REVOKED', 'EXPIRED'];

/** Shows the order and keeps it current; returns the function that stops following it. */
export async function showOrder(container, id, session) {
  const path = '/api/orders/' + encodeURIComponent(id);
  const display = h('div', {class: 'order-display'});
  const forms = h('div', {class: 'order-forms'});
  const message = h('p', {class: 'action-message', role: 'alert', hidden: true});
  let order = await call('GET', path);
  let shown = '';
  let stopped = false;

  const render = next => {
    order = next;
    const json = JSON.stringify(next);
    if (json !== shown) {
      shown = json;
      replace(display, orderDisplay(next, actionButtons(next), session?.operator, {check: checkDcv, change: openDcv, resend: resendDcv}));
    }
  };

  const act = async (method, suffix, body) => {
    message.hidden = true;
    try {
      render(await call(method, path + suffix, body));
      return true;
    } catch (e) {
      if (!(e instanceof ApiError)) {
        throw e;
      }
      replace(message, e.status === 409 ? bi('Dit kan nu niet.', 'Not possible now.') : null, ' ', e.message);
      message.hidden = false;
      render(await call('GET', path));
      return false;
    }
  };

  // "Check now": certflow looks every domain's record up; the answer is the order's `dcv` with each lastCheck.
  const checkDcv = async button => {
    message.hidden = true;
    button.disabled = true;
    try {
      render({...order, dcv: await call('POST', path + '/dcv/check')});
    } catch (e) {
      if (!(e instanceof ApiError)) {
        throw e;
      }
      replace(message, e.status === 409 ? bi('Dit kan nu niet.', 'Not possible now.') : null, ' ', e.message);
      message.hidden = false;
    } finally {
      button.disabled = false;
    }
  };

  const actionButtons = current => {
    const buttons = {
      edit: () => h('button', {type: 'button', id: 'action-edit', onclick: () => openEdit()},
          bi('Wijzigen', 'Edit')),
      submit: () => h('button', {type: 'button', id: 'action-submit', class: 'primary',
        onclick: () => act('POST', '/submit')}, bi('Aanvragen', 'Submit to the CA')),
      cancel: () => h('button', {type: 'button', id: 'action-cancel', class: 'danger', onclick: () => openCancel()},
          bi('Annuleren', 'Cancel')),
      reissue: () => h('button', {type: 'button', id: 'action-reissue', onclick: () => openReissue()},
          bi('Heruitgeven', 'Reissue')),
      renew: () => h('button', {type: 'button', id: 'action-renew', onclick: () => renew()},
          bi('Verlengen', 'Renew')),
      download: () => downloadLinks(current),
    };
    const offered = availableActions(current).filter(action => buttons[action]);
    return offered.length
        ? h('ul', {class: 'actions'}, offered.map(action => h('li', {}, buttons[action]())))
        : h('p', {class: 'no-actions'}, bi('Geen acties mogelijk in deze status.', 'No actions in this status.'));
  };

  // Renewal (contract, "Term and renewal"): a new Open order prefilled from this one; the page opens it.
  const renew = async () => {
    message.hidden = true;
    try {
      const renewal = await call('POST', path + '/renew');
      location.hash = '#/orders/' + encodeURIComponent(renewal.id);
    } catch (e) {
      if (!(e instanceof ApiError)) {
        throw e;
      }
      replace(message, e.status === 409 ? bi('Dit kan nu niet.', 'Not possible now.') : null, ' ', e.message);
      message.hidden = false;
      render(await call('GET', path));
    }
  };

  const openCancel = () => {
    const form = h('form', {class: 'confirm-cancel', 'aria-labelledby': 'cancel-heading'},
        h('h2', {id: 'cancel-heading'}, bi('Bestelling annuleren?', 'Cancel this order?')),
        h('p', {}, order.status === 'OPEN'
            ? bi('De bestelling wordt direct ingetrokken.', 'The order is withdrawn at once.')
            : bi('Het annuleringsverzoek gaat naar de CA; de pijl "Annuleren" blijft gemarkeerd tot de CA het bevestigt.',
                'The cancellation is sent to the CA; the Cancel arrow stays highlighted until the CA confirms.')),
        h('div', {class: 'field', 'data-field': 'reason'},
            h('label', {for: 'cancel-reason'}, bi('Reden', 'Reason')),
            h('textarea', {id: 'cancel-reason', name: 'reason', rows: 2, maxlength: 500}),
            h('p', {class: 'field-error'})),
        h('div', {class: 'buttons'},
            h('button', {type: 'submit', class: 'danger', id: 'confirm-cancel'},
                bi('Annulering bevestigen', 'Confirm cancellation')),
            h('button', {type: 'button', onclick: () => replace(forms)}, bi('Terug', 'Back'))));
    form.addEventListener('submit', async event => {
      event.preventDefault();
      const reason = form.querySelector('textarea').value.trim();
      if (await act('POST', '/cancel', {reason: reason || null})) {
        replace(forms);
      }
    });
    replace(forms, form);
    form.querySelector('textarea').focus();
  };

  // A replacement certificate while Actief (contract, "Reissue"): the same CSR, or a new one (required when the
  // key is compromised); the API's field errors appear next to the fields.
  const openReissue = () => {
    const compromised = h('input', {type: 'checkbox', id: 'f-keyCompromised', name: 'keyCompromised'});
    const form = h('form', {class: 'reissue-order', novalidate: true, 'aria-labelledby': 'reissue-heading'},
        h('h2', {id: 'reissue-heading'}, bi('Certificaat heruitgeven', 'Reissue the certificate')),
        h('p', {}, bi('De CA geeft een vervangend certificaat uit; de pijl "Heruitgeven" blijft gemarkeerd tot het er '
            + 'is. Daarna wordt het vervangen certificaat ingetrokken (bij een gecompromitteerde sleutel met die '
            + 'reden).', 'The CA issues a replacement; the Reissue arrow stays highlighted until it is there. The '
            + 'replaced certificate is then revoked (with reason key compromise when the key is compromised).')),
        h('div', {class: 'form-errors', role: 'alert', hidden: true}),
        field('reason', 'Reden', 'Reason', {required: true}),
        h('div', {class: 'field', 'data-field': 'keyCompromised'},
            h('label', {for: 'f-keyCompromised'}, compromised, ' ',
                bi('De sleutel is gecompromitteerd (nieuwe CSR verplicht)', 'The key is compromised (new CSR required)')),
            h('p', {class: 'field-error'})),
        field('csr', 'Nieuwe CSR (PEM)', 'New CSR', {multiline: true,
          hint: bi('Leeg laten: de huidige CSR.', 'Leave empty: the current CSR.')}),
        h('div', {class: 'buttons'},
            h('button', {type: 'submit', class: 'primary', id: 'confirm-reissue'},
                bi('Heruitgifte aanvragen', 'Request the reissue')),
            h('button', {type: 'button', onclick: () => replace(forms)}, bi('Terug', 'Back'))));
    form.addEventListener('submit', async event => {
      event.preventDefault();
      const csr = form.querySelector('textarea[name="csr"]').value.trim();
      const body = {reason: form.querySelector('input[name="reason"]').value.trim() || null,
        keyCompromised: compromised.checked};
      if (csr) {
        body.csr = csr;
      }
      try {
        render(await call('POST', path + '/reissue', body));
        replace(forms);
      } catch (e) {
        if (!(e instanceof ApiError)) {
          throw e;
        }
        showErrors(form, e.fieldErrors.length ? e.fieldErrors : [{field: null, message: e.message}]);
      }
    });
    replace(forms, form);
    form.querySelector('input[name="reason"]').focus();
  };

  // "Resend e-mail" while Aangevraagd by EMAIL: POST /dcv/resend (202); the history shows when the CA sent it.
  const resendDcv = async button => {
    message.hidden = true;
    button.disabled = true;
    try {
      render(await call('POST', path + '/dcv/resend'));
      replace(message, bi('De goedkeuringsmail wordt opnieuw verstuurd.', 'The approval e-mail is being sent again.'));
      message.hidden = false;
    } catch (e) {
      if (!(e instanceof ApiError)) {
        throw e;
      }
      replace(message, e.status === 409 ? bi('Dit kan nu niet.', 'Not possible now.') : null, ' ', e.message);
      message.hidden = false;
    } finally {
      button.disabled = false;
    }
  };

  // The DCV method while Open (PATCH dcv {method, approverEmail}) or Aangevraagd (POST /dcv, at the CA); for EMAIL one of the CA's approver addresses as
  // GET /dcv/approver-emails lists them. A select's options hold plain text, so they follow the language switch here.
  const openDcv = () => {
    const current = order.dcv || {};
    const methodSelect = h('select', {id: 'f-dcv-method', name: 'dcv.method', 'aria-describedby': 'f-dcv-method-error'},
        Object.keys(DCV_METHODS).map(key => h('option', {value: key, selected: key === current.method})));
    const approverSelect = h('select', {id: 'f-dcv-approverEmail', name: 'dcv.approverEmail',
      'aria-describedby': 'f-dcv-approverEmail-error'});
    const approverField = h('div', {class: 'field', 'data-field': 'dcv.approverEmail'},
        h('label', {for: 'f-dcv-approverEmail'}, bi('Goedkeuringsadres', 'Approver address')), approverSelect,
        h('p', {class: 'field-error', id: 'f-dcv-approverEmail-error'}));
    const form = h('form', {class: 'dcv-change', novalidate: true, 'aria-labelledby': 'dcv-change-heading'},
        h('h2', {id: 'dcv-change-heading'}, bi('Validatiemethode wijzigen', 'Change the validation method')),
        h('div', {class: 'form-errors', role: 'alert', hidden: true}),
        h('div', {class: 'field', 'data-field': 'dcv.method'},
            h('label', {for: 'f-dcv-method'}, bi('Methode', 'Method')), methodSelect,
            h('p', {class: 'field-error', id: 'f-dcv-method-error'})),
        approverField,
        h('div', {class: 'buttons'},
            h('button', {type: 'submit', class: 'primary', id: 'save-dcv'}, bi('Opslaan', 'Save')),
            h('button', {type: 'button', onclick: () => replace(forms)}, bi('Terug', 'Back'))));
    const relabel = () => {
      const language = document.documentElement.dataset.language;
      for (const option of methodSelect.options) {
        const label = DCV_METHODS[option.value];
        option.textContent = language === 'nl' ? label.nl : language === 'en' ? label.en : `${label.nl} (${label.en})`;
      }
    };
    const switched = new MutationObserver(() => form.isConnected ? relabel() : switched.disconnect());
    switched.observe(document.documentElement, {attributes: true, attributeFilter: ['data-language']});
    relabel();
    let loaded = false;
    const showApprover = async () => {
      approverField.hidden = methodSelect.value !== 'EMAIL';
      if (approverField.hidden || loaded) {
        return;
      }
      loaded = true;
      try {
        const {addresses} = await call('GET', path + '/dcv/approver-emails');
        replace(approverSelect, addresses.map(address => h('option', {value: address,
          selected: address === current.approverEmail}, address)));
      } catch (e) {
        loaded = false;
        if (!(e instanceof ApiError)) {
          throw e;
        }
        showErrors(form, [{field: 'dcv.approverEmail', message: e.message}]);
      }
    };
    methodSelect.addEventListener('change', showApprover);
    showApprover();
    form.addEventListener('submit', async event => {
      event.preventDefault();
      const method = methodSelect.value;
      const dcv = {method, approverEmail: method === 'EMAIL' ? approverSelect.value || null : null};
      // Open: part of the order's data (PATCH). Aangevraagd: the CA is asked (POST /dcv, 202); the page shows the new
      // method once the CA took it. That call names its fields without the "dcv." prefix.
      const atCa = order.status === 'REQUESTED';
      try {
        render(atCa ? await call('POST', path + '/dcv', dcv) : await call('PATCH', path, {dcv}));
        replace(forms);
        if (atCa) {
          replace(message, bi('Doorgegeven aan de CA; de methode verandert zodra de CA haar overneemt.',
              'Sent to the CA; the method changes once the CA took it.'));
          message.hidden = false;
        }
      } catch (e) {
        if (!(e instanceof ApiError)) {
          throw e;
        }
        const errors = e.fieldErrors.map(error => atCa && error.field ? {...error, field: 'dcv.' + error.field} : error);
        showErrors(form, errors.length ? errors : [{field: null, message: e.message}]);
      }
    });
    replace(forms, form);
    methodSelect.focus();
  };

  const openEdit = () => {
    const organisation = order.validation !== 'DV' || order.company;
    const form = h('form', {class: 'edit-order', novalidate: true, 'aria-labelledby': 'edit-heading'},
        h('h2', {id: 'edit-heading'}, bi('Gegevens wijzigen', 'Change the order')),
        h('div', {class: 'form-errors', role: 'alert', hidden: true}),
        csrField(order.csr || ''),
        requesterFields(order.requester || {}),
        organisation ? companyFields(order.company || {}) : null,
        h('div', {class: 'buttons'},
            h('button', {type: 'submit', class: 'primary', id: 'save-edit'}, bi('Opslaan', 'Save')),
            h('button', {type: 'button', onclick: () => replace(forms)}, bi('Terug', 'Back'))));
    form.addEventListener('submit', async event => {
      event.preventDefault();
      const body = {csr: form.querySelector('textarea[name="csr"]').value.trim(), requester: requesterValue(form)};
      if (organisation) {
        body.company = companyValue(form);
      }
      try {
        render(await call('PATCH', path, body));
        replace(forms);
      } catch (e) {
        if (!(e instanceof ApiError)) {
          throw e;
        }
        showErrors(form, e.fieldErrors.length ? e.fieldErrors : [{field: null, message: e.message}]);
      }
    });
    replace(forms, form);
    form.querySelector('textarea').focus();
  };

  render(order);
  replace(container, h('h1', {class: 'order-title'}, order.commonName), message, display, forms);

  const follow = async () => {
    if (stopped || !display.isConnected) {
      return;
    }
    // A final status with nothing pending never changes again.
    const settled = FINAL.includes(order.status) && !order.pendingTransition;
    if (!settled && !document.hidden) {
      try {
        render(await call('GET', path));
      } catch (e) {
        // a missed look is taken again at the next tick
      }
    }
    if (!stopped && !settled) {
      setTimeout(follow, POLL_MILLIS);
    }
  };
  setTimeout(follow, POLL_MILLIS);
  return () => {
    stopped = true;
  };
}

function orderDisplay(order, actions, operator, dcvActions) {
  return h('div', {class: 'order-layout', 'data-status': order.status,
    'data-pending': order.pendingTransition || null},
      h('div', {class: 'order-main'},
          workflow(order),
          details(order),
          domainValidation(order, dcvActions),
          term(order),
          certificates(order),
          h('section', {'aria-labelledby': 'actions-heading'},
              h('h2', {id: 'actions-heading'}, bi('Acties', 'Actions')), actions,
              // Cockpit shows running process instances only; a final order's process has ended.
              operator && !FINAL.includes(order.status) ? h('p', {class: 'cockpit'},
                  h('a', {id: 'cockpit-link', href: `/panel/orders/${encodeURIComponent(order.id)}/cockpit`},
                      bi('Procesinstantie in Cockpit', 'Process instance in Cockpit'))) : null)),
      history(order));
}

/** The seed's arrows: Open → Aangevraagd → Actief (→ Vervallen), and Annuleren → Ingetrokken, Afgekeurd. */
function workflow(order) {
  const step = (status, tag = 'li') => {
    const label = statusLabel(status);
    const current = order.status === status;
    return h(tag, {class: 'step' + (current ? ' current' : ''), 'data-status': status,
      'aria-current': current ? 'step' : null},
        h('span', {class: 'step-nl nl'}, label.nl), ' ', h('span', {class: 'en', lang: 'en'}, label.en),
        current ? h('span', {class: 'visually-hidden'}, ' ', bi('huidige status', 'current status')) : null);
  };
  const arrow = (transition, text, tag = 'li') => {
    const pending = transition && order.pendingTransition === transition;
    const label = transition ? transitionLabel(transition) : text;
    return h(tag, {class: 'arrow' + (pending ? ' pending' : ''), 'data-transition': transition || null,
      'data-pending-transition': pending ? transition : null},
        h('span', {'aria-hidden': 'true'}, '→ '), bi(label.nl, label.en),
        pending ? h('span', {class: 'pending-note'}, ' — ', bi('bezig', 'pending')) : null);
  };
  const drawn = new Set(['REQUEST', 'CANCEL', 'REISSUE']);
  const other = order.pendingTransition && !drawn.has(order.pendingTransition) ? order.pendingTransition : null;
  return h('section', {class: 'workflow-section', 'aria-labelledby': 'workflow-heading'},
      h('h2', {id: 'workflow-heading'}, bi('Status', 'Workflow')),
      h('ol', {class: 'workflow main-path', 'aria-label': 'Workflow'},
          step('OPEN'),
          arrow('REQUEST'),
          step('REQUESTED'),
          arrow(null, {nl: 'uitgegeven', en: 'issued'}),
          step('ACTIVE'),
          arrow(null, {nl: 'verloopt', en: 'expires'}),
          step('EXPIRED')),
      h('ul', {class: 'workflow side-paths', 'aria-label': 'Andere overgangen (other transitions)'},
          h('li', {}, arrow('CANCEL', null, 'span'), ' ', step('REVOKED', 'span')),
          h('li', {}, arrow(null, {nl: 'niet geaccepteerd', en: 'not accepted'}, 'span'), ' ', step('REJECTED', 'span')),
          h('li', {}, arrow('REISSUE', null, 'span'), ' ', h('span', {class: 'loop'}, bi('blijft Actief',
              'stays Active'))),
          other ? h('li', {}, arrow(other, null, 'span')) : null));
}

function orderLink(id) {
  return h('a', {href: '#/orders/' + encodeURIComponent(id)}, id);
}

function details(order) {
  const row = (nl, en, value, cls) => [h('dt', {}, bi(nl, en)), h('dd', {class: cls || null}, value)];
  const prevalidation = order.prevalidation || {};
  const outcome = {PASSED: ['Geslaagd', 'Passed'], FAILED: ['Mislukt', 'Failed']}[prevalidation.outcome];
  return h('section', {'aria-labelledby': 'details-heading'},
      h('h2', {id: 'details-heading'}, bi('Gegevens', 'Details')),
      h('dl', {class: 'details'},
          row('Status', 'Status', bi(statusLabel(order.status).nl, statusLabel(order.status).en), 'detail-status'),
          row('Type', 'Validation', order.validation),
          row('Alternatieve namen', 'Subject alternative names', order.subjectAlternativeNames?.length
              ? h('ul', {}, order.subjectAlternativeNames.map(name => h('li', {}, name))) : '—'),
          row('Aangemaakt', 'Created', time(order.createdAt)),
          row('Aangevraagd op', 'Requested at', time(order.requestedAt), 'requested-at'),
          row('CA-ordernummer', 'CA order number', order.ca?.orderNumber || '—', 'ca-order-number'),
          row('Aanvrager', 'Requester', order.requester
              ? [order.requester.name, ' <', order.requester.email, '>'] : '—'),
          order.company ? row('Bedrijf', 'Company', [order.company.name,
            order.company.kvkNumber ? ` (KvK ${order.company.kvkNumber})` : '']) : null,
          prevalidation.required ? row('Prevalidatie', 'Prevalidation', [
            outcome ? bi(outcome[0], outcome[1]) : bi('Nog niet uitgevoerd', 'Not run yet'),
            prevalidation.reasons?.length
                ? h('ul', {class: 'reasons'}, prevalidation.reasons.map(reason => h('li', {}, reason))) : null,
          ], 'prevalidation') : null,
          order.renewalOf ? row('Verlenging van', 'Renewal of', orderLink(order.renewalOf), 'renewal-of') : null,
          order.renewedBy ? row('Verlengd door', 'Renewed by', orderLink(order.renewedBy), 'renewed-by') : null,
          order.certificate ? row('Certificaat', 'Certificate', [
            bi('Serienummer', 'serial number'), ` ${order.certificate.serialNumber}, `,
            bi('geldig tot', 'valid until'), ' ', time(order.certificate.notAfter)]) : null));
}

function history(order) {
  return h('aside', {class: 'history', 'aria-labelledby': 'history-heading'},
      h('h2', {id: 'history-heading'}, bi('Certificaat historie', 'Certificate history')),
      h('ol', {class: 'history-entries'}, (order.history || []).map(entry => {
        const label = statusLabel(entry.status);
        return h('li', {class: 'history-entry', 'data-status': entry.status,
          'data-transition': entry.pendingTransition || null},
            h('span', {class: 'history-status'}, bi(label.nl, label.en)),
            entry.pendingTransition ? h('span', {class: 'history-arrow'}, ' → ',
                bi(transitionLabel(entry.pendingTransition).nl, transitionLabel(entry.pendingTransition).en)) : null,
            h('span', {class: 'history-time'}, time(entry.at)),
            entry.reason ? h('span', {class: 'history-reason'}, entry.reason) : null);
      })));
}

const DCV_METHODS = {
  CNAME_CSR_HASH: {nl: 'DNS-record (CNAME)', en: 'DNS record (CNAME)'},
  HTTP_CSR_HASH: {nl: 'Bestand op de website (HTTP)', en: 'File on the website (HTTP)'},
  HTTPS_CSR_HASH: {nl: 'Bestand op de website (HTTPS)', en: 'File on the website (HTTPS)'},
  EMAIL: {nl: 'Goedkeuring per e-mail', en: 'Approval by e-mail'},
};

const DCV_STATES = {
  PENDING: {nl: 'In afwachting', en: 'Pending'},
  VALIDATED: {nl: 'Gevalideerd', en: 'Validated'},
  FAILED: {nl: 'Mislukt', en: 'Failed'},
};

/**
 * Domain control validation while it matters (Open, Aangevraagd): per domain the CA's status, exactly what to
 * publish as the API computed it, and the last look-up's result; "Change method" while Open, "Check now" while
 * Aangevraagd.
 */
function domainValidation(order, dcvActions) {
  const dcv = order.dcv;
  if (!dcv?.domains?.length || !['OPEN', 'REQUESTED'].includes(order.status)) {
    return null;
  }
  const method = DCV_METHODS[dcv.method] || {nl: dcv.method, en: dcv.method};
  const value = (nl, en, text, cls) => [h('dt', {}, bi(nl, en)), h('dd', {}, h('code', {class: cls}, text))];
  const instructions = instruction => {
    switch (instruction?.type) {
      case 'CNAME':
        return h('dl', {class: 'details dcv-instructions'},
            value('Naam (CNAME)', 'Name (CNAME)', instruction.name, 'dcv-cname-name'),
            value('Waarde', 'Value', instruction.value, 'dcv-cname-value'));
      case 'HTTP':
      case 'HTTPS':
        return h('dl', {class: 'details dcv-instructions'},
            value('URL', 'URL', instruction.url, 'dcv-url'),
            [h('dt', {}, bi('Inhoud van het bestand', 'File content')),
              h('dd', {}, h('pre', {class: 'dcv-content'}, instruction.content))]);
      case 'EMAIL':
        return h('dl', {class: 'details dcv-instructions'},
            value('Goedkeuringsadres', 'Approver address', instruction.address, 'dcv-address'));
      default:
        return null;
    }
  };
  const lastCheck = check => check ? h('p', {class: 'dcv-last-check', 'data-found': String(check.found)},
      h('strong', {}, check.found ? bi('Gevonden', 'Found') : bi('Niet gevonden', 'Not found')), ' ',
      time(check.at), ': ', h('span', {class: 'dcv-detail'}, check.detail)) : null;
  return h('section', {class: 'dcv', 'aria-labelledby': 'dcv-heading'},
      h('h2', {id: 'dcv-heading'}, bi('Domeinvalidatie', 'Domain validation')),
      h('p', {class: 'dcv-method'}, bi('Methode', 'Method'), ': ', bi(method.nl, method.en)),
      h('p', {}, bi('Publiceer voor elk domein wat hieronder staat; de CA geeft het certificaat uit zodra alle '
          + 'domeinen gevalideerd zijn.', 'Publish what is shown below for every domain; the CA issues the '
          + 'certificate once every domain is validated.')),
      h('ul', {class: 'dcv-domains'}, dcv.domains.map(domain => {
        const state = DCV_STATES[domain.status] || {nl: domain.status, en: domain.status};
        return h('li', {class: 'dcv-domain', 'data-domain': domain.domain, 'data-status': domain.status || null},
            h('h3', {}, domain.domain, ' — ', h('span', {class: 'dcv-status'}, bi(state.nl, state.en))),
            instructions(domain.instructions),
            lastCheck(domain.lastCheck));
      })),
      order.status === 'OPEN' || (order.status === 'REQUESTED' && !order.pendingTransition) ? h('button', {type: 'button',
        id: 'action-dcv-change',
        onclick: () => dcvActions.change()}, bi('Methode wijzigen', 'Change method')) : null,
      order.status === 'REQUESTED' ? h('button', {type: 'button', id: 'action-dcv-check',
        onclick: event => dcvActions.check(event.currentTarget)}, bi('Nu controleren', 'Check now')) : null,
      order.status === 'REQUESTED' && !order.pendingTransition && dcv.method === 'EMAIL' ? h('button', {type: 'button',
        id: 'action-dcv-resend', onclick: event => dcvActions.resend(event.currentTarget)},
        bi('Goedkeuringsmail opnieuw sturen', 'Resend the approval e-mail')) : null);
}

/**
 * An order with a term (the API's `term` and `schedule`): the term's start and end, and the certificates certflow
 * plans until the end — each one's validity and when it is reissued (the last one expires with the term).
 */
function term(order) {
  if (!order.term) {
    return null;
  }
  const row = (nl, en, value, cls) => [h('dt', {}, bi(nl, en)), h('dd', {class: cls}, value)];
  const header = (nl, en) => h('th', {scope: 'col'}, bi(nl, en));
  const schedule = order.schedule || [];
  return h('section', {class: 'term', 'aria-labelledby': 'term-heading'},
      h('h2', {id: 'term-heading'}, bi('Looptijd', 'Term')),
      h('dl', {class: 'details'},
          row('Duur', 'Length', [String(order.term.months), ' ', bi('maanden', 'months')], 'term-months'),
          row('Begint', 'Starts', order.term.startsAt ? time(order.term.startsAt)
              : bi('bij het eerste certificaat', 'with the first certificate'), 'term-starts'),
          row('Eindigt', 'Ends', order.term.endsAt ? time(order.term.endsAt)
              : bi('looptijd na het eerste certificaat', 'the term after the first certificate'), 'term-ends')),
      schedule.length ? h('div', {class: 'table-scroll'}, h('table', {class: 'schedule'},
          h('caption', {}, bi('Planning: certificaten en heruitgiftes', 'Schedule: certificates and reissues')),
          h('thead', {}, h('tr', {},
              header('Geldig vanaf', 'Valid from'), header('Geldig tot', 'Valid until'),
              header('Heruitgifte gepland', 'Reissue planned'))),
          h('tbody', {}, schedule.map(entry => h('tr', {class: 'schedule-row'},
              h('td', {class: 'schedule-from'}, time(entry.validFrom)),
              h('td', {class: 'schedule-until'}, time(entry.validUntil)),
              h('td', {class: 'schedule-reissue'}, entry.reissueAt ? time(entry.reissueAt)
                  : bi('geen: verloopt met de looptijd', 'none: expires with the term'))))))) : null);
}

const CERTIFICATE_STATES = {
  CURRENT: {nl: 'Huidig', en: 'Current'},
  REPLACED: {nl: 'Vervangen', en: 'Replaced'},
  REVOKED: {nl: 'Ingetrokken', en: 'Revoked'},
  EXPIRED: {nl: 'Verlopen', en: 'Expired'},
};

/** Every certificate the order ever had (the API's `certificates`, oldest first) with its state. */
function certificates(order) {
  const list = order.certificates || [];
  if (!list.length) {
    return null;
  }
  const header = (nl, en) => h('th', {scope: 'col'}, bi(nl, en));
  return h('section', {class: 'certificates', 'aria-labelledby': 'certificates-heading'},
      h('h2', {id: 'certificates-heading'}, bi('Certificaten', 'Certificates')),
      h('div', {class: 'table-scroll'}, h('table', {class: 'certificate-list'},
          h('thead', {}, h('tr', {},
              header('Serienummer', 'Serial number'), header('Geldig vanaf', 'Valid from'),
              header('Geldig tot', 'Valid until'), header('Status', 'State'))),
          h('tbody', {}, list.map(certificate => {
            const state = CERTIFICATE_STATES[certificate.state] || {nl: certificate.state, en: certificate.state};
            return h('tr', {class: 'certificate-row', 'data-serial': certificate.serialNumber,
              'data-state': certificate.state},
                h('td', {class: 'certificate-serial'}, certificate.serialNumber),
                h('td', {}, time(certificate.notBefore)),
                h('td', {class: 'certificate-not-after'}, time(certificate.notAfter)),
                h('td', {class: 'certificate-state'}, bi(state.nl, state.en)));
          })))));
}

/**
 * The current certificate as a file, and with the CA's chain after it when the CA sent one: links whose href holds
 * the PEM the API returned (a data: URL, so there is no object URL to release and a test can read what the browser
 * saves).
 */
function downloadLinks(order) {
  const name = order.commonName.replace(/[^a-zA-Z0-9.-]/g, '_');
  const link = (id, file, pem, label) => h('a', {class: 'button', id, download: file,
    href: 'data:application/x-pem-file;charset=utf-8,' + encodeURIComponent(pem)}, label);
  const certificate = order.certificate.pem;
  const chain = order.certificate.chainPem;
  return [
    link('action-download', `${name}.pem`, certificate,
        [bi('Certificaat downloaden', 'Download certificate'), ' (PEM)']),
    chain ? ' ' : null,
    chain ? link('action-download-chain', `${name}-chain.pem`,
        certificate.replace(/\s*$/, '\n') + chain,
        [bi('Met keten downloaden', 'Download with chain'), ' (PEM)']) : null,
  ];
}
