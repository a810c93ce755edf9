// diachido: small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  var doc = document.documentElement;
  var lang = doc.lang || "vi";
  var store = {
    get: function () { try { return localStorage.getItem("diachido-lang"); } catch (e) { return null; } },
    set: function (v) { try { localStorage.setItem("diachido-lang", v); } catch (e) { /* private mode */ } }
  };

  // 1. Remember an explicit language choice (the switch in the header).
  document.querySelectorAll("a.lang[hreflang]").forEach(function (link) {
    link.addEventListener("click", function () { store.set(link.getAttribute("hreflang")); });
  });

  // A landing reached from the code box carries ?typed=1 so the access log tells it from a
  // scan (diachido stats); the address bar and a shared link stay the plain landing's.
  if (/[?&]typed=1(&|$)/.test(window.location.search) && window.history.replaceState) {
    window.history.replaceState(null, "", window.location.pathname + window.location.hash);
  }

  // 2. Plate landings (q/CODE) are language-neutral: the saved choice, then the browser's
  // languages in order, then the site's default (data-landing); one hop at most, to the
  // landing in that language that the switcher links to.
  var landing = document.querySelector("[data-landing]");
  if (landing) {
    var links = {};
    links[lang.toLowerCase()] = null;
    document.querySelectorAll("a.lang[hreflang]").forEach(function (link) {
      links[link.getAttribute("hreflang").toLowerCase()] = link.href;
    });
    var pick = function (tag) {  // "ko-KR" → "ko", "zh-CN" → "zh-hans"; exact tags first
      tag = (tag || "").toLowerCase();
      if (tag in links) { return tag; }
      var base = tag.split("-")[0];
      return Object.keys(links).filter(function (t) { return t.split("-")[0] === base; })[0];
    };
    var wanted = [store.get()].concat(navigator.languages || [navigator.language])
      .map(pick).filter(Boolean)[0] || landing.getAttribute("data-landing").toLowerCase();
    if (wanted !== lang.toLowerCase() && links[wanted]) { window.location.replace(links[wanted]); return; }
    // A point's plate (q/NT01-2): the box sits in the point's section; bring it into view.
    if (landing.hasAttribute("data-point")) { landing.scrollIntoView(); }
  }

  // 3. "Type the code" box: NT01 → q/NT01/, nt01-2 → q/NT01-2/ (without JS the form lists all
  //    codes). A point code typed without its hyphen (NT012) is split after the site code's
  //    digits, which the form gives as data-point-digits when the site has points.
  var codeOf = function (typed, digits) {
    var value = typed.replace(/\s+/g, "").toUpperCase();
    var parts = /^([A-Z]{2,4})([0-9]{2,4})(?:-([1-9][0-9]{0,2}))?$/.exec(value);
    if (!parts) { return null; }
    if (!parts[3] && digits && parts[2].length > digits) {
      return parts[1] + parts[2].slice(0, digits) + "-" + parts[2].slice(digits);
    }
    return value;
  };
  var box = document.querySelector("form.codebox");
  var digits = box ? parseInt(box.getAttribute("data-point-digits") || "0", 10) : 0;
  if (box) {
    box.addEventListener("submit", function (event) {
      var value = codeOf(box.code.value, digits);
      if (value) {
        event.preventDefault();
        // Opened from disk (the hand-over ZIP), folders need their index.html spelled out.
        window.location.href = box.getAttribute("data-codes") + value +
          (window.location.protocol === "file:" ? "/index.html" : "/?typed=1");
      }
    });
  }
  var match = /[?&]code=([^&#]+)/.exec(window.location.search);
  var typed = match ? codeOf(decodeURIComponent(match[1].replace(/\+/g, " ")), digits) : null;
  if (typed && /\/q\/(index\.html)?$/.test(window.location.pathname)) {
    window.location.replace(typed + "/");
    return;
  }

  // 4. Search by name with or without diacritics, and filter by category and ranking.
  var fold = function (text) {
    // NFC again at the end: Hangul decomposed by NFD becomes syllables again, so a Korean
    // query matches by syllables; CJK has no spaces, so each word matches as a substring.
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D")
      .normalize("NFC").toLowerCase().replace(/\s+/g, " ").trim();
  };
  var finder = document.querySelector("form.finder");
  if (finder) {  // shown by CSS when scripting is on (no layout shift), hidden without it
    var cards = Array.prototype.slice.call(document.querySelectorAll("ul.cards > li[data-search]"));
    var count = document.querySelector("[data-count]");
    var apply = function () {
      var words = fold(finder.q.value).split(" ").filter(Boolean);
      var category = finder.category.value, ranking = finder.ranking.value, shown = 0;
      cards.forEach(function (card) {
        var text = card.getAttribute("data-search");
        var ok = words.every(function (w) { return text.indexOf(w) !== -1; }) &&
          (!category || card.getAttribute("data-category") === category) &&
          (!ranking || card.getAttribute("data-ranking") === ranking);
        card.hidden = !ok;
        if (ok) { shown += 1; }
      });
      if (count) { count.textContent = count.getAttribute("data-template").replace("{n}", shown); }
    };
    finder.addEventListener("input", apply);
    finder.addEventListener("submit", function (event) {  // the button: filter, then drop the
      event.preventDefault(); apply(); finder.q.blur();    // phone keyboard to show the cards
    });
    if (finder.q.value || finder.category.value || finder.ranking.value) { apply(); }  // back button
  }

  // 5. Offline: a service worker keeps every page once opened (not from file://).
  if ("serviceWorker" in navigator && window.location.protocol !== "file:") {
    var root = doc.getAttribute("data-root") || "./";
    navigator.serviceWorker.register(root + "sw.js").catch(function () { /* offline is optional */ });
  }

  // 6. Save a whole trail for offline use.
  var save = document.querySelector("button[data-offline]");
  if (save && !("caches" in window)) { save.hidden = true; }  // e.g. not served over https
  if (save && "caches" in window) {
    save.addEventListener("click", function () {
      var status = document.querySelector("[data-offline-status]");
      fetch(save.getAttribute("data-offline")).then(function (r) { return r.json(); })
        .then(function (list) {
          var base = new URL(save.getAttribute("data-offline"), window.location.href);
          var urls = list.map(function (u) { return new URL(u, base).href; });
          return caches.open("diachido-pages").then(function (cache) { return cache.addAll(urls); })
            .then(function () { status.textContent = status.getAttribute("data-done"); });
        })
        .catch(function () { status.textContent = status.getAttribute("data-failed"); });
    });
  }
})();
