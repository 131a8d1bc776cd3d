// A background job's page (templates/admin/imports/job.html for an import, export_job.html for
// an export): the progress bar follows the job's stored progress, and the page reloads to show
// the outcome once the job has finished.
(function () {
  "use strict";
  var page = document.getElementById("import-job");
  if (!page) {
    return;
  }
  var bar = document.getElementById("import-job-progress");
  var count = document.getElementById("import-job-count");

  function poll() {
    fetch(page.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (status) {
        if (!status) {
          return;
        }
        if (!status.running) {
          window.location.reload();
          return;
        }
        if (bar) {
          bar.max = status.total || 1;
          bar.value = status.done;
        }
        if (count) {
          count.textContent = status.done + " / " + status.total;
        }
        window.setTimeout(poll, 1000);
      })
      .catch(function () {
        window.setTimeout(poll, 3000);
      });
  }
  window.setTimeout(poll, 1000);
})();
