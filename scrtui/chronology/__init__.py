"""Agency chronologies in, one integrated chronology out.

Headless: reading spreadsheets (`reading`), their dates (`dates`) and columns (`mapping`),
turning rows into entries (`importer`), the merged view (`integrated`) and its timeline picture
(`timeline_svg`). The CLI (`scrtui.chronology_cli`) and later the UI sit on top.
"""
