// The editor's interface in Vietnamese by default, whatever the browser's language; an editor
// who picks another language in the app's settings keeps it (Sveltia CMS reads this preference).
"use strict";
try {
  const key = "sveltia-cms.prefs";
  const prefs = JSON.parse(localStorage.getItem(key) || "{}") || {};
  if (!prefs.locale) {
    localStorage.setItem(key, JSON.stringify({ ...prefs, locale: "vi" }));
  }
} catch (error) {
  // storage refused (private mode): the app follows the browser's language
}
