"""The records stage: project records assembled from a document's entities, tables and structure,
with a stable identity across reports, pipeline versions and reviewers' renames."""
