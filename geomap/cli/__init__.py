"""The ``geomap`` command: a thin shell over the Python API, one module per command group."""

from geomap.cli.commands import main

__all__ = ["main"]
