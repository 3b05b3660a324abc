// Copy buttons for a credential shown once: the button names the element whose text it copies.
document.addEventListener('click', function (event) {
  var button = event.target.closest('button[data-copy]');
  if (!button) {
    return;
  }
  var source = document.getElementById(button.getAttribute('data-copy'));
  if (!source) {
    return;
  }
  var text = source.textContent;
  var done = function () {
    button.textContent = 'Copied';
  };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).then(done, function () {
      select(source);
    });
  } else {
    // Without a secure context the clipboard API is absent: select the text for Ctrl+C instead.
    select(source);
  }
});

function select(element) {
  var range = document.createRange();
  range.selectNodeContents(element);
  var selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}
