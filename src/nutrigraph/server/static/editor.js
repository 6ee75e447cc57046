// nutrigraph's only script, and the page works without it: Ctrl+Enter (Cmd+Enter on a Mac)
// in the SPARQL editor runs the query, as in other SPARQL editors.
document.addEventListener("keydown", function (event) {
  var target = event.target;
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && target.id === "query" &&
      target.form) {
    event.preventDefault();
    target.form.requestSubmit ? target.form.requestSubmit() : target.form.submit();
  }
});
