"""The editing layer: records of a review edited through tomlkit, and what a save commits.

Headless (no Textual): the UI decides when to edit and save, this package decides what an
edit changes in a file. Kept import-light, so the UI's first frame can read the part names.
"""
