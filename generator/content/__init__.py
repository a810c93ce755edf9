"""Content: config, front matter, schema and field rules, the model, entries, trails, the
code registry. Everything is validated here, before anything is written."""
