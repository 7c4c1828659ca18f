"""`make bench`: figures for DESIGN §6, each with a same-run baseline where one exists."""
