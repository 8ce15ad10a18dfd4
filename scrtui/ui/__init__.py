"""The Textual UI of `scr open` and `scr demo`.

Kept import-light: the CLI imports `scrtui.ui.app` only inside the commands that need it, so
`scr check` and friends never load Textual.
"""
