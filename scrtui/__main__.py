"""`python -m scrtui` runs the `scr` command."""

from .cli import main

main()
