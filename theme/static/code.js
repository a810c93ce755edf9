// "Type the code" box: NT01 → q/NT01/, the fallback when a plate is too worn to scan.
// Without JavaScript the form opens q/, which lists every code.
(function () {
  var codes = document.querySelector("form.codebox");
  if (codes) {
    codes.addEventListener("submit", function (event) {
      var value = codes.code.value.replace(/\s+/g, "").toUpperCase();
      if (/^[A-Z]{2,4}[0-9]{2,4}$/.test(value)) {
        event.preventDefault();
        window.location.href = codes.getAttribute("data-codes") + value + "/";
      }
    });
  }
  // On q/?code=NT01 (the form submitted before this script loaded), go straight to the code.
  var match = /[?&]code=([A-Za-z]{2,4}[0-9]{2,4})/.exec(window.location.search);
  if (match && /\/q\/$/.test(window.location.pathname)) {
    window.location.replace(match[1].toUpperCase() + "/");
  }
})();
