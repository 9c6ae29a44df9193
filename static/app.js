// dangjian — one small script. Pages work without it; it only adds conveniences.
(function () {
  'use strict';
  // Forms or buttons with data-confirm ask before submitting.
  document.addEventListener('submit', function (e) {
    var msg = e.target.getAttribute('data-confirm');
    if (msg && !window.confirm(msg)) {
      e.preventDefault();
    }
  });
  // Prevent double submission of a form while the request is on its way.
  document.addEventListener('submit', function (e) {
    if (e.defaultPrevented) { return; }
    var buttons = e.target.querySelectorAll('button[type=submit]');
    setTimeout(function () {
      for (var i = 0; i < buttons.length; i++) { buttons[i].disabled = true; }
    }, 0);
  });
})();
