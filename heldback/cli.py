"""Command line: ``python -m heldback build | dist | rewrite | demo | scan | declaration | receipts serve | receipts export``."""

import argparse
import json
import os
import shutil
import sys
from contextlib import nullcontext
from pathlib import Path

from heldback.default_build import CONFIG as DEFAULT_CONFIG
from heldback.default_build import FOLDER as PREBUILT
from heldback.configuration import schema


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m heldback", description="Consent manager: build and demo.")
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="build consent.js and consent-app.js from a TOML config")
    build.add_argument("--config", type=Path, default=DEFAULT_CONFIG, help="TOML config (default: the packaged one)")
    build.add_argument("--out", type=Path, default=Path("dist"), help="output folder (default: dist)")
    dist = commands.add_parser("dist", help="copy the files built for the default config (Customer.io under "
                                            "marketing) into a folder: nothing to build")
    dist.add_argument("--out", type=Path, default=Path("dist"), help="output folder (default: dist)")
    rewrite = commands.add_parser("rewrite", help="make HTML files safe before consent: inject consent.js, "
                                                  "turn vendor tags into declarative markup")
    rewrite.add_argument("files", nargs="+", type=Path, metavar="FILE")
    rewrite.add_argument("--script-url", default="/dist/consent.js", help="where the site serves consent.js")
    rewrite.add_argument("--config", type=Path, default=DEFAULT_CONFIG, help="TOML config (its vendors' hosts)")
    rewrite.add_argument("--in-place", action="store_true", help="rewrite the files (default: print the one FILE)")
    demo = commands.add_parser("demo", help="build if needed and serve the demo site on 127.0.0.1")
    demo.add_argument("--port", type=int, default=8000)
    scan = commands.add_parser("scan", help="what a page sends and stores before and after consent (exit 1 on a leak)")
    scan.add_argument("url")
    scan.add_argument("--config", type=Path, default=DEFAULT_CONFIG, help="TOML config (its vendors; default: the catalog)")
    scan.add_argument("--json", type=Path, help="write the full scan as JSON")
    scan.add_argument("--report", type=Path, help="write an HTML report")
    scan.add_argument("--wait", "--settle", dest="wait", type=int, default=2000, metavar="MS",
                      help="how long to watch after the page loaded (and the visitor moved, scrolled and pressed a key), "
                           "after a click and after leaving the page (default 2000)")
    scan.add_argument("--crawl", type=int, default=1, metavar="N", help="scan up to N pages of the site, following "
                                                                        "its links from URL (default: 1)")
    scan.add_argument("--write-config", type=Path, metavar="FILE", help="write the config the scan proposes: every "
                                                                       "vendor it saw in its category, unknown ones as stubs")
    scan.add_argument("--strict", action="store_true", help="exit 1 also when an unknown third party is contacted "
                                                             "before consent (default: a warning)")
    declaration = commands.add_parser("declaration", help="the cookie declaration of a config: per category and "
                                                          "vendor, each cookie and storage key, in every language")
    declaration.add_argument("--config", type=Path, default=DEFAULT_CONFIG, help="TOML config (default: the packaged one)")
    declaration.add_argument("--format", choices=("html", "md", "json"), default="html")
    declaration.add_argument("--language", help="one of the config's languages (default: all of them)")
    declaration.add_argument("--out", type=Path, help="file to write (default: standard output)")
    receipts = commands.add_parser("receipts", help="the reference receiver of consent receipts (SQLite)")
    receipt_commands = receipts.add_subparsers(dest="receipts_command", required=True)
    serve = receipt_commands.add_parser("serve", help="receive receipts on POST /receipts")
    serve.add_argument("--db", type=Path, required=True, help="SQLite file (created if missing)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument("--token", default=os.environ.get("HELDBACK_RECEIPTS_TOKEN") or None,
                       help="the token that opens GET /receipts.csv (Authorization: Bearer <token>; default: "
                            "$HELDBACK_RECEIPTS_TOKEN; without one the export is off)")
    export = receipt_commands.add_parser("export", help="write every stored receipt as CSV (reads the file: no token)")
    export.add_argument("--db", type=Path, required=True, help="SQLite file")
    export.add_argument("--out", type=Path, help="CSV file (default: standard output)")
    args = parser.parse_args(argv)
    if args.command == "receipts":
        return run_receipts(args)
    if args.command == "scan":
        return run_scan(args)
    if args.command == "build":
        return run_build(args.config, args.out)
    if args.command == "declaration":
        return run_declaration(args)
    if args.command == "dist":
        return run_dist(args.out)
    if args.command == "rewrite":
        if len(args.files) > 1 and not args.in_place:
            parser.error("several files need --in-place")
        return run_rewrite(args.files, args.script_url, args.config, args.in_place)
    try:
        from demo_site import server
    except ImportError:
        print("error: the demo runs from a checkout of the project: make demo", file=sys.stderr)
        return 1
    return server.main(args.port)


def run_dist(out_dir):
    files = sorted(path for path in PREBUILT.iterdir() if path.name.endswith((".js", ".js.gz", ".js.br", ".py"))
                   and not path.name.startswith("__"))
    out_dir.mkdir(parents=True, exist_ok=True)
    for path in files:
        shutil.copyfile(path, out_dir / path.name)
        print(f"{out_dir / path.name}: {path.stat().st_size:,} bytes")
    return 0


def run_build(config_path, out_dir):
    from heldback.building import BuildError, build

    try:
        config = schema.load(config_path)
        sizes = build(config, out_dir)
    except (schema.ConfigError, BuildError) as error:
        print(f"error: {error}", file=sys.stderr)
        print("nothing was written", file=sys.stderr)
        return 1
    for name, size in sizes.items():
        print(f"{out_dir / name}: {size:,} bytes")
    if not config.vendors:
        print(f"warning: {config_path} names no vendor ([vendors.<name>]): only the page's declarative "
              "markup (data-cmp-category) waits for consent", file=sys.stderr)
    return 0


def run_declaration(args):
    from heldback.core import declaration

    try:
        config = schema.load(args.config)
    except schema.ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    languages = list(config.texts)
    if args.language is not None:
        if args.language not in config.texts:
            print(f"error: --language: {args.language!r} is not one of the config's languages ({', '.join(languages)})",
                  file=sys.stderr)
            return 1
        languages = [args.language]
    if args.format == "json":
        text = json.dumps({code: declaration.rows(config, code) for code in languages}, ensure_ascii=False, indent=1) + "\n"
    elif args.format == "md":
        text = "\n".join(f"<!-- {code} -->\n{declaration.markdown(config, code)}" for code in languages)
    else:
        text = "\n".join(declaration.html(config, code) for code in languages) + "\n"
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def run_rewrite(files, script_url, config_path, in_place):
    from heldback.server.rewrite import Rewriter

    if config_path == DEFAULT_CONFIG:
        print("note: no --config: only the packaged config's vendors (Customer.io) are held; pass the site's "
              "config (--config site.toml) for its own", file=sys.stderr)
    try:
        config = schema.load(config_path)
        schema.check_site_url(config.vendors, script_url, "--script-url")  # a vendor's host would hold it
        rewriter = Rewriter(config, script_url)
        pages = [(path, rewriter.rewrite(path.read_text(encoding="utf-8"))) for path in files]
    except schema.ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except (OSError, UnicodeDecodeError) as error:
        print(f"error: {getattr(error, 'filename', None) or ''}: {error}", file=sys.stderr)
        return 1
    for path, html in pages:
        if in_place:
            path.write_text(html, encoding="utf-8")
        else:
            sys.stdout.write(html)
    return 0


def run_receipts(args):
    import sqlite3

    from heldback.server.receipts import ReceiptStore, make_server

    if args.receipts_command == "export":
        if not args.db.is_file():
            print(f"error: {args.db}: no such receipts database", file=sys.stderr)
            return 1
        try:
            store = ReceiptStore(args.db, read_only=True)
            with open(args.out, "w", encoding="utf-8", newline="") if args.out else nullcontext(sys.stdout) as out:
                for chunk in store.csv_chunks():  # a piece at a time: the file may hold millions
                    out.write(chunk)
            store.close()
        except sqlite3.Error as error:
            print(f"error: {args.db}: cannot read the receipts from it: {error}", file=sys.stderr)
            return 1
        except OSError as error:
            print(f"error: {args.out}: {error.strerror or error}", file=sys.stderr)
            return 1
        return 0
    try:
        server = make_server(args.db, args.host, args.port, token=args.token)
    except ValueError as error:
        print(f"error: --token or HELDBACK_RECEIPTS_TOKEN: {error}", file=sys.stderr)
        return 2
    except (OSError, sqlite3.Error) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    url = f"http://{args.host}:{server.server_port}"
    print(f"receiving consent receipts on {url}/receipts into {args.db}", flush=True)
    if args.token:
        print(f"exporting them on {url}/receipts.csv to Authorization: Bearer <the token>", flush=True)
    else:
        print(f"note: the export ({url}/receipts.csv) is off: no token (set HELDBACK_RECEIPTS_TOKEN or pass --token); "
              f"python -m heldback receipts export --db {args.db} reads the file", file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.store.close()
    return 0


def run_scan(args):
    from heldback import scan

    try:
        if args.crawl < 1:
            raise scan.ScanError("--crawl: at least 1 page")
        if args.wait < 0:
            raise scan.ScanError("--wait: a number of milliseconds, 0 or more")
        config = schema.load(args.config)
        result = scan.scan(args.url, config, args.wait, args.crawl)
    except (schema.ConfigError, scan.ScanError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.write_config:
        from heldback.proposed_config import proposed

        args.write_config.write_text(proposed(result, config), encoding="utf-8")
        print(f"wrote {args.write_config}: build with it, then scan again with --config {args.write_config}")
    if args.json:
        scan.write_json(result, args.json)
    if args.report:
        scan.write_report(result, args.report)
    for page in result["pages"]:
        before = page["phases"]["before"]["before_choice"]
        print(f"{page['url']}: {len(before['requests'])} requests before any choice; consent manager "
              f"{'found' if page['cmp_found'] else 'not found (scanned before consent only)'}")
    several = len(result["pages"]) > 1
    for leak in result["leaks"]:
        where = f" at {leak['ms']} ms from {leak['from']}" if "ms" in leak else ""
        on = f" on {leak['page']}" if several else ""
        print(f"LEAK {leak['when']}{on}: {leak['vendor']} {leak['what']} {leak.get('url') or leak['name']}{where}")
    for fix in sorted({leak["fix"] for leak in result["leaks"] if "fix" in leak}):
        print(f"fix: {fix}")
    strangers = result["third_parties"]
    for stranger in strangers:
        print(f"{'UNKNOWN' if args.strict else 'warning: unknown'} third party before consent: {stranger['host']} "
              f"({stranger['url']} at {stranger['ms']} ms from {stranger['from']})")
    if strangers:
        print(f"{len(strangers)} unknown third part{'y' if len(strangers) == 1 else 'ies'} contacted before consent: "
              f"no vendor of {args.config.name} covers them, so nothing holds them (name them under [vendors])")
    print("no leaks" if not result["leaks"] else f"{len(result['leaks'])} leak(s)")
    return 1 if result["leaks"] or (args.strict and strangers) else 0
