// The control panel page: hash routes #/orders, #/orders/{id}, #/new over certflow's JSON API.
import {h, bi, replace} from './dom.js';
import {loadSession, csrfToken, ApiError} from './api.js';
import {showList} from './list.js';
import {showOrder} from './order.js';
import {showNewOrder} from './form.js';

const main = document.getElementById('main');
let stopFollowing = () => {};
let session = null;

async function route() {
  stopFollowing();
  stopFollowing = () => {};
  // Each route draws into a container of its own: a slower earlier route then draws into a detached one.
  const view = h('div', {class: 'view'}, h('p', {}, bi('Laden…', 'Loading…')));
  replace(main, view);
  const [path, query] = (location.hash.replace(/^#/, '') || '/orders').split('?');
  const params = new URLSearchParams(query || '');
  const orderMatch = path.match(/^\/orders\/([^/]+)$/);
  try {
    if (orderMatch) {
      const stop = await showOrder(view, decodeURIComponent(orderMatch[1]), session);
      if (view.isConnected) {
        stopFollowing = stop;
      } else {
        stop();
      }
    } else if (path === '/new') {
      showNewOrder(view);
    } else {
      await showList(view, params);
    }
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) {
      replace(view, h('h1', {}, bi('Niet gevonden', 'Not found')),
          h('p', {}, bi('Deze bestelling bestaat niet of is niet van u.', 'This order does not exist or is not yours.')),
          h('p', {}, h('a', {href: '#/orders'}, bi('Naar de bestellingen', 'To the orders'))));
    } else {
      replace(view, h('h1', {}, bi('Er ging iets mis', 'Something went wrong')), h('p', {role: 'alert'}, e.message));
    }
  }
  if (view.isConnected && !main.contains(document.activeElement)) {
    main.focus();
  }
}

session = await loadSession();
replace(document.getElementById('whoami'), session.name, session.operator ? ' (operator)' : '');
const logout = document.getElementById('logout-csrf');
logout.name = csrfToken().parameterName;
logout.value = csrfToken().token;
window.addEventListener('hashchange', route);
route();
