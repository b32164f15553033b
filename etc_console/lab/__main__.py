"""`python -m etc_console.lab`: the `etc-console lab` command without the rest of the console."""

import argparse
import logging
import sys

from etc_console.lab import cli
from etc_console.paths import data_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m etc_console.lab", description="etc-console 培训实验室 (training lab)")
    parser.add_argument("--data-dir", metavar="DIR", help="folder of the lab's certificates and state file (default: the user data dir)")
    parser.add_argument("-v", "--verbose", action="store_true", help="print debug logs on standard error")
    cli.add_arguments(parser)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    return cli.run(args, data_dir(args.data_dir))


if __name__ == "__main__":
    sys.exit(main())
