// The program page: a chosen file's text goes into the text box (the form sends text, not a file).
(function () {
  "use strict";
  var file = document.getElementById("file");
  var source = document.getElementById("source");
  if (!file || !source) { return; }
  file.addEventListener("change", function () {
    if (file.files.length) { file.files[0].text().then(function (text) { source.value = text; }); }
  });
})();
