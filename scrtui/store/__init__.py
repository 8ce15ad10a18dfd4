"""The store: reads and writes the workspace files and the git repository."""
