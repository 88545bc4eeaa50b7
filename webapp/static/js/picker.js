/* The language picker: the language chosen last on this phone comes first.
 * It is kept on the phone (static/js/phone.js), never in a cookie: the server
 * only knows the browser's languages. */
'use strict';

(() => {
  const chosen = localStorage.getItem('veiviser.language');
  const link = chosen && document.querySelector(`.language-list a[hreflang="${chosen}"]`);
  if (!link) return;
  const first = Object.assign(link.cloneNode(true), { className: 'language language-suggested' });
  const suggested = document.querySelector('.language-suggested');
  if (suggested) suggested.replaceWith(first);
  else document.querySelector('.language-list').before(first);
})();
