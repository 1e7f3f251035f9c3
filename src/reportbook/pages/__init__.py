"""What the notebooks call: a year's data loaded, and every page's content (chapters, source, review, trends, charts)."""
