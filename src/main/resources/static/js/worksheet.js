// Adds an empty campus and grade row to the worksheet form. Without this script the page still
// works: every save adds five empty rows.
(function () {
  var button = document.getElementById('add-row');
  var body = document.getElementById('enrollment-rows');
  if (!button || !body) {
    return;
  }
  button.hidden = false;
  button.addEventListener('click', function () {
    var rows = body.querySelectorAll('tr');
    var n = rows.length + 1;
    var row = rows[rows.length - 1].cloneNode(true);
    row.querySelector('td').textContent = String(n);
    row.querySelectorAll('input').forEach(function (input) {
      var label = row.querySelector('label[for="' + input.id + '"]');
      input.id = input.id.replace(/-\d+$/, '') + '-' + n;
      input.value = '';
      if (label) {
        label.htmlFor = input.id;
        label.textContent = label.textContent.replace(/row \d+$/, 'row ' + n);
      }
    });
    body.appendChild(row);
    row.querySelector('input').focus();
  });
})();
