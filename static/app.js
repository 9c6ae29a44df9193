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
// Meeting form: the speech rows under 更多发言 are revealed one at a time by a button instead
// of a collapsed list (without the script they stay in the <details>).
(function () {
  'use strict';
  var more = document.querySelectorAll('details.meeting-speech-more');
  for (var i = 0; i < more.length; i++) {
    (function (details) {
      var rows = details.querySelectorAll('.meeting-speech');
      var hidden = [];
      for (var k = 0; k < rows.length; k++) {
        rows[k].hidden = true;
        details.parentNode.insertBefore(rows[k], details);
        hidden.push(rows[k]);
      }
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'secondary';
      button.textContent = '再加一条发言';
      button.addEventListener('click', function () {
        var row = hidden.shift();
        if (row) {
          row.hidden = false;
          var first = row.querySelector('select');
          if (first) { first.focus(); }
        }
        if (!hidden.length) { button.hidden = true; }
      });
      details.parentNode.replaceChild(button, details);
    })(more[i]);
  }
})();
