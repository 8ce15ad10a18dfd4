"""scr: a terminal workbench for Serious Case Reviews."""

__version__ = "0.1.0"
