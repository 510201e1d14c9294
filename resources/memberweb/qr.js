// The member's rotating QR code: the server hands out the next few signed codes (SVG), this shows the
// one of the current 30 s and fetches more ahead; without a network it keeps rotating through the
// codes it has and says until when the last one is good.
(function () {
  "use strict";
  var box = document.getElementById("qr");
  var status = document.getElementById("qr-status");
  var lang = status.dataset.lang;
  var codes = [];
  var online = true;
  var shownFrom = null;
  var lastTry = 0;

  function hhmm(iso) {
    return new Date(iso).toLocaleTimeString(lang, {hour: "2-digit", minute: "2-digit"});
  }

  function fetchCodes() {
    return fetch("/m/qr/codes", {credentials: "same-origin", cache: "no-store"}).then(function (r) {
      if (r.status === 401) { window.location.assign("/m/"); throw new Error("signed out"); }
      if (!r.ok) { throw new Error("HTTP " + r.status); }
      return r.json();
    }).then(function (body) {
      codes = body.codes;
      online = true;
    }).catch(function () {
      online = false;
    });
  }

  function current(now) {
    var best = null;
    codes.forEach(function (c) {
      if (Date.parse(c.show_from) <= now && Date.parse(c.valid_until) > now) { best = c; }
    });
    return best;
  }

  function tick() {
    var now = Date.now();
    var code = current(now);
    var ahead = codes.filter(function (c) { return Date.parse(c.show_from) > now; }).length;
    if (ahead < 3 && now - lastTry > 10000) {  // offline, a try every 10 s
      lastTry = now;
      fetchCodes().then(function () { render(); });
    }
    render(code);
  }

  function render(code) {
    var now = Date.now();
    code = code || current(now);
    if (!code) {
      box.replaceChildren();
      status.textContent = status.dataset.gone;
      return;
    }
    if (shownFrom !== code.show_from) {
      box.innerHTML = code.svg;  // the server's own SVG, same origin
      box.dataset.showFrom = code.show_from;
      shownFrom = code.show_from;
    }
    if (online) {
      status.textContent = status.dataset.valid.replace("{time}", hhmm(code.valid_until));
    } else {
      var last = codes[codes.length - 1];
      status.textContent = status.dataset.offline.replace("{time}", hhmm(last.valid_until));
    }
  }

  fetchCodes().then(function () { render(); });
  setInterval(tick, 1000);
})();
