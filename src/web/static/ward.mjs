// Ward's only page script, loaded from 'self' under the Content-Security-Policy (no inline scripts).
import { initAll } from '/nhsuk/nhsuk-frontend.min.js';

initAll(document);

// Upload progress: without JavaScript the form posts normally and the browser shows its own progress;
// with it, the upload goes through XMLHttpRequest so the page can show how much has been sent.
const form = document.getElementById('upload-form');
if (form instanceof HTMLFormElement) {
  form.addEventListener('submit', (event) => {
    const file = form.querySelector('input[type=file]');
    if (!(file instanceof HTMLInputElement) || !file.files || file.files.length === 0) return;
    event.preventDefault();
    const panel = document.getElementById('upload-progress');
    const bar = document.getElementById('upload-progress-bar');
    const text = document.getElementById('upload-progress-text');
    const button = document.getElementById('upload-button');
    if (panel) panel.hidden = false;
    if (button instanceof HTMLButtonElement) button.disabled = true;
    const request = new XMLHttpRequest();
    request.open('POST', form.action);
    request.upload.addEventListener('progress', (progress) => {
      if (!progress.lengthComputable) return;
      const percent = Math.round((progress.loaded / progress.total) * 100);
      if (bar instanceof HTMLProgressElement) bar.value = percent;
      if (text) text.textContent = percent < 100 ? `${percent}% sent` : 'Sent: importing the file…';
    });
    request.addEventListener('load', () => {
      // Success redirects to the organisation page; an error page replaces this one as a normal post would.
      if (request.responseURL && request.responseURL !== form.action && request.status < 400) {
        window.location.assign(request.responseURL.split('#')[0] + '#imports');
      } else {
        document.open();
        document.write(request.responseText);
        document.close();
      }
    });
    request.addEventListener('error', () => {
      if (text) text.textContent = 'The upload failed: check your connection and try again.';
      if (button instanceof HTMLButtonElement) button.disabled = false;
    });
    request.send(new FormData(form));
  });
}
