"""Command line: ``python -m cmp build`` and ``python -m cmp demo``."""

import argparse
import sys
from pathlib import Path

from cmp.core import config_schema

DEFAULT_CONFIG = Path(__file__).parent / "default.toml"


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m cmp", description="Consent manager: build and demo.")
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="build consent.js and consent-app.js from a TOML config")
    build.add_argument("--config", type=Path, default=DEFAULT_CONFIG, help="TOML config (default: the packaged one)")
    build.add_argument("--out", type=Path, default=Path("dist"), help="output folder (default: dist)")
    demo = commands.add_parser("demo", help="build if needed and serve the demo site on 127.0.0.1")
    demo.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    if args.command == "build":
        return run_build(args.config, args.out)
    from demo_site import server

    return server.main(args.port)


def run_build(config_path, out_dir):
    from loader.bundle import BuildError, build

    try:
        config = config_schema.load(config_path)
        sizes = build(config, out_dir)
    except (config_schema.ConfigError, BuildError) as error:
        print(f"error: {error}", file=sys.stderr)
        print("nothing was written", file=sys.stderr)
        return 1
    for name, size in sizes.items():
        print(f"{out_dir / name}: {size:,} bytes")
    return 0
