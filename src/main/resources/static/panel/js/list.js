// The customer's orders, newest first, filtered by status, a page at a time (GET /api/orders).
import {h, bi, time, replace} from './dom.js';
import {call} from './api.js';
import {STATUSES, statusLabel, transitionLabel} from './labels.js';

const PAGE_SIZE = 20;

export async function showList(container, params) {
  const status = params.get('status') || '';
  const page = Math.max(0, parseInt(params.get('page') || '0', 10) || 0);
  const query = new URLSearchParams({page, size: PAGE_SIZE});
  if (status) {
    query.set('status', status);
  }
  const result = await call('GET', '/api/orders?' + query);
  const pages = Math.max(1, Math.ceil(result.total / result.size));

  const filter = h('select', {id: 'status-filter', name: 'status', onchange: e => go(e.target.value, 0)},
      h('option', {value: ''}, 'Alle statussen (all statuses)'),
      Object.entries(STATUSES).map(([key, label]) =>
          h('option', {value: key, selected: key === status}, `${label.nl} (${label.en})`)));

  const rows = result.items.map(order => {
    const label = statusLabel(order.status);
    return h('tr', {'data-order-id': order.id},
        h('th', {scope: 'row'}, h('a', {href: '#/orders/' + encodeURIComponent(order.id)}, order.commonName)),
        h('td', {'data-label': 'Status'}, bi(label.nl, label.en),
            order.pendingTransition ? h('span', {class: 'pending-badge'}, ' → ',
                transitionLabel(order.pendingTransition).nl) : null),
        h('td', {'data-label': 'Type'}, order.validation),
        h('td', {'data-label': 'Aangemaakt'}, time(order.createdAt)));
  });

  replace(container,
      h('h1', {}, bi('Bestellingen', 'Orders')),
      h('div', {class: 'toolbar'},
          h('label', {for: 'status-filter'}, bi('Status', 'Filter by status')), filter,
          h('a', {class: 'button', href: '#/new'}, bi('Nieuwe bestelling', 'New order'))),
      result.items.length === 0
          ? h('p', {class: 'empty'}, bi('Geen bestellingen.', 'No orders.'))
          : h('table', {class: 'orders'},
              h('caption', {}, bi('Uw bestellingen, nieuwste eerst', 'Your orders, newest first')),
              h('thead', {}, h('tr', {},
                  h('th', {scope: 'col'}, bi('Algemene naam', 'Common name')),
                  h('th', {scope: 'col'}, 'Status'),
                  h('th', {scope: 'col'}, 'Type'),
                  h('th', {scope: 'col'}, bi('Aangemaakt', 'Created')))),
              h('tbody', {}, rows)),
      h('nav', {class: 'paging', 'aria-label': 'Paginering (paging)'},
          h('button', {type: 'button', disabled: page === 0, onclick: () => go(status, page - 1)},
              bi('Vorige', 'Previous')),
          h('span', {class: 'page-of'}, `Pagina ${page + 1} van ${pages} (${result.total})`),
          h('button', {type: 'button', disabled: page + 1 >= pages, onclick: () => go(status, page + 1)},
              bi('Volgende', 'Next'))));
}

function go(status, page) {
  const query = new URLSearchParams();
  if (status) {
    query.set('status', status);
  }
  if (page) {
    query.set('page', page);
  }
  location.hash = '#/orders' + (query.toString() ? '?' + query : '');
}
