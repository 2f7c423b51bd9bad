#!/usr/bin/env python
"""Django's command-line utility. `./shop manage ARGS` runs it with the servers up."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    try:
        from django.core.management import execute_from_command_line
    except ImportError as error:
        raise ImportError(
            "Django is not installed in this Python. Use ./shop manage ARGS, "
            "which sets up .venv first."
        ) from error
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
