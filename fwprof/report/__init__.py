"""Views of a session: the summary JSON and the text table built from it."""
