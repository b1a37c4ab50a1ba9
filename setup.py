"""Build hook for the one compiled module, toolkit._scan (everything else is in pyproject.toml).

The extension is optional: where no C compiler is available the install still succeeds and
toolkit.analyze uses its pure-Python kernel, which gives the same results more slowly.
"""

import sys

from setuptools import Extension, setup

flags = [] if sys.platform == "win32" else ["-O3"]
setup(
    ext_modules=[
        Extension("toolkit._scan", ["toolkit/_scan.c"], optional=True, extra_compile_args=flags)
    ]
)
